import type { FindingDraft, Rule } from './types.js';
import { addedCLines, locationOf } from './lib/index.js';

/** A continuation line that starts with the logical operator (checkpatch LOGICAL_CONTINUATIONS). */
const LEADING = /^\s*(&&|\|\|)/;

export const rule: Rule = {
  meta: {
    id: 'R54',
    name: 'logical-continuation',
    category: 'kernel-style',
    scope: 'line',
    // checkpatch reports it as a CHK (--strict only), and accepted 6.12 code has ~50 in the reviewed
    // directories (24 in mm/, 25 in arch/x86/kvm): information a reviewer may repeat, not a defect.
    severity: 'info',
    concepts: ['registry'],
    summary: 'A condition continued on a line that starts with && or ||: kernel style keeps the operator at the end of the previous line.',
    fix: 'Move the && / || to the end of the previous line and indent the continuation past the opening parenthesis, not to the level of the body.',
    refs: ['STY-01', 'lore:ZgazhqoK2Icgahy9@casper.infradead.org'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      for (const pl of addedCLines(patch)) {
        const m = LEADING.exec(pl.code);
        if (!m) continue;
        out.push({ location: locationOf(patch, pl), message: `the continuation line starts with "${m[1]}": kernel style (checkpatch LOGICAL_CONTINUATIONS) keeps the operator at the end of the previous line.` });
      }
    }
    return out;
  },
};
