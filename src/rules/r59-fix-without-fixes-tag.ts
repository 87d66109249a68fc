import type { FindingDraft, Rule } from './types.js';
import { patchLevelLocation } from './lib/index.js';

// Blanks other than line terminators before the tag: `^\s*` crossed every blank line from every line start, quadratic (4 s on a fuzzed mail of blank lines).
const FIXES_LINE = /^[^\S\r\n\u2028\u2029]*Fixes:\s*[0-9a-f]{7,}/im;

/** The subject's summary says the patch fixes something: `riscv: tlb: fix __p*d_free_tlb()`. */
const FIX_SUBJECT = /(?:^|:\s+)(?:fix|fixes|fixed|fixing)\b/i;
/** checkpatch's own signs of a bug fix in the changelog (MISSING_FIXES_TAG). */
const BUG_REPORT = /(?:BUG: K.|UB)SAN: |Call Trace:|syzkaller/;
/** Files whose changes alter no kernel behaviour: a fix there ("fix a word in the api.rst entry") has no bug commit to name. */
const DOCUMENTATION = /^Documentation\/|\.(?:rst|txt|md)$|^MAINTAINERS$/;
/** Fixes that concern no earlier commit's behaviour. */
const COSMETIC = /\b(typos?|spelling|grammar|comments?|kernel-?doc|whitespace|indentation|coding style|checkpatch|docs?|documentation)\b/i;

export const rule: Rule = {
  meta: {
    id: 'R59',
    name: 'fix-without-fixes-tag',
    category: 'series-hygiene',
    scope: 'patch',
    severity: 'warning',
    concepts: ['registry'],
    summary: 'A patch that says it fixes a bug (its subject, or a crash report in the changelog) carries no Fixes: tag.',
    fix: 'Add `Fixes: <12-char sha> ("<subject>")` naming the commit that introduced the bug (the latest one if several did), and Cc: stable when it should be backported.',
    refs: ['SUB-02', 'lore:36166acf-aa32-40b6-806a-ade59bc645ad@ghiti.fr'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      const title = patch.subjectInfo.title;
      if (patch.trailers.some((t) => t.name.toLowerCase() === 'fixes') || FIXES_LINE.test(patch.commitMessage)) continue;
      if (/^revert\b/i.test(title.replace(/^.*?:\s+/, '')) || /^Revert "/.test(title)) continue;
      if (patch.files.length > 0 && patch.files.every((f) => DOCUMENTATION.test(f.path))) continue;
      const says = FIX_SUBJECT.test(title) && !COSMETIC.test(title) ? `the subject says "${title.trim()}"` : BUG_REPORT.test(patch.commitMessage) ? 'the changelog quotes a crash report' : undefined;
      if (!says) continue;
      out.push({ location: patchLevelLocation(patch), message: `${says}, but the patch has no Fixes: tag naming the commit that introduced the bug.` });
    }
    return out;
  },
};
