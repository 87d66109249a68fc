import { isCFile } from '../diff/index.js';
import type { FindingDraft, Rule } from './types.js';
import { locationOf } from './lib/index.js';

/** coding-style.rst: "The preferred limit on the length of a single line is 80 columns". */
const PREFERRED = 80;
/** checkpatch.pl $max_line_length: it warns past 100 columns. */
const CHECKPATCH = 100;

/** Columns a line takes with tabs at every 8th column. */
function columns(text: string): number {
  // By index, not `for (const ch of text)`: the string iterator allocated 120 MB on one 3 MB line.
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    col = c === 9 ? col + 8 - (col % 8) : col + 1;
    // a surrogate pair is one character, as the iterator counted it
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return col;
}

/** What coding-style and checkpatch let run long: strings (never broken, they must stay greppable), URLs, #include. */
function mayRunLong(text: string, limit: number): boolean {
  if (/^\s*#\s*include\b/.test(text) || /\b[a-z][\w.+-]*:\/\/\S+/i.test(text)) return true;
  const quote = text.indexOf('"');
  return quote >= 0 && columns(text.slice(0, quote)) <= limit;
}

export const rule: Rule = {
  meta: {
    id: 'R57',
    name: 'long-line',
    category: 'kernel-style',
    scope: 'line',
    severity: 'warning',
    concepts: ['registry'],
    summary: 'An added C line longer than 80 columns (info: coding-style.rst prefers 80) or 100 columns (warning: checkpatch\'s limit), strings and URLs excepted.',
    fix: 'Break the line at an argument or operator, or use a shorter local; user-visible strings stay whole.',
    refs: ['STY-03', 'lore:20231018062439.GA18260@lst.de'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      for (const file of patch.files) {
        if (file.binary || !isCFile(file.path)) continue;
        // A file whose own lines already run past 80 columns tolerates it (the lines the patch did not
        // write, or a good share of a new file's): then only checkpatch's limit is worth a word.
        // trimEnd, not replace(/\s+$/): that expression is quadratic on a line with a long blank run inside
        const long = (l: { text: string }): boolean => columns(l.text.trimEnd()) > PREFERRED && !mayRunLong(l.text, PREFERRED);
        const lines = file.hunks.flatMap((h) => h.lines);
        const existing = lines.filter((l) => l.kind === 'context');
        const tolerant = existing.length > 0 ? existing.some(long) : lines.filter(long).length > Math.max(1, lines.length / 100);
        for (const hunk of file.hunks) {
          // A line that was already this long before the patch is not the patch's doing.
          const before = Math.max(0, ...hunk.lines.filter((l) => l.kind === 'del').map((l) => columns(l.text)));
          for (const line of hunk.lines) {
            if (line.kind !== 'add') continue;
            const cols = columns(line.text.trimEnd());
            const over = cols > CHECKPATCH;
            if (cols <= PREFERRED || cols <= before || mayRunLong(line.text, PREFERRED) || (tolerant && !over)) continue;
            out.push({
              severity: over ? 'warning' : 'info',
              location: locationOf(patch, { file, hunk, line }),
              message: over ? `this line is ${cols} columns long; checkpatch warns past ${CHECKPATCH} and coding-style.rst prefers ${PREFERRED}.` : `this line is ${cols} columns long; coding-style.rst prefers at most ${PREFERRED} (a soft limit: tip and KVM x86 let a line run longer when breaking it hurts).`,
            });
          }
        }
      }
    }
    return out;
  },
};
