import { isCFile } from '../diff/index.js';
import type { FindingDraft, Rule } from './types.js';
import { locationOf, type PatchLine } from './lib/index.js';

/** checkpatch CODE_INDENT: a space before a tab, or eight spaces, in the indentation of a C line. */
const C_SPACES = /^[ \t]* \t|^[ \t]* {8}/;
const INDENT = /^[ \t]*/;

export const rule: Rule = {
  meta: {
    id: 'R53',
    name: 'indent-with-spaces',
    category: 'kernel-style',
    scope: 'line',
    severity: 'warning',
    concepts: ['registry'],
    summary: 'An added line indented with spaces: a C line whose indentation has eight spaces or a space before a tab (checkpatch CODE_INDENT), or a line of a documentation block indented with spaces between lines indented with tabs.',
    fix: 'Indent with tabs, as the surrounding lines do (Documentation/process/coding-style.rst, chapter 1).',
    refs: ['STY-02', 'lore:aecdc915-8541-4933-b8cd-04ce0ade68e6@intel.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      for (const file of patch.files) {
        if (file.binary) continue;
        const c = isCFile(file.path);
        const doc = /\.rst$/.test(file.path);
        if (!c && !doc) continue;
        for (const hunk of file.hunks) {
          const post = hunk.lines.filter((l) => l.kind !== 'del');
          for (const [i, line] of post.entries()) {
            if (line.kind !== 'add' || !line.text.trim()) continue;
            const pl: PatchLine = { file, hunk, line };
            if (c && C_SPACES.test(line.text) && !/^\s*\*/.test(line.text)) {
              out.push({ location: locationOf(patch, pl), message: 'the indentation of this line uses spaces where tabs belong (checkpatch: "code indent should use tabs where possible").' });
              continue;
            }
            if (!doc) continue;
            const indent = INDENT.exec(line.text)![0];
            if (indent.length === 0 || indent.includes('\t') || /^\s*[{}]/.test(line.text)) continue;
            // A block whose lines around this one are indented with tabs (a struct in a literal block).
            const prev = neighbour(post, i, -1);
            const next = neighbour(post, i, 1);
            if (prev && next && /^\t/.test(prev) && (/^\t/.test(next) || /^\s*\}/.test(next))) {
              out.push({ location: locationOf(patch, pl), message: 'this line of the block is indented with spaces while the lines around it use a tab; the rendered block is misaligned.', fix: 'Indent it with a tab like its neighbours.' });
            }
          }
        }
      }
    }
    return out;
  },
};

function neighbour(lines: { text: string }[], i: number, step: number): string | undefined {
  for (let j = i + step; j >= 0 && j < lines.length; j += step) if (lines[j]!.text.trim()) return lines[j]!.text;
  return undefined;
}
