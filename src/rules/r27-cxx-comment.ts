import type { FindingDraft, Rule } from './types.js';
import { addedCLines, locationOf } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R27',
    name: 'cxx-comment',
    category: 'kernel-style',
    scope: 'line',
    severity: 'warning',
    concepts: ['guest-memfd'],
    summary: 'An added line in a kernel .c/.h file carries a // comment (the SPDX line excepted).',
    fix: 'Use a C89 comment: /* … */ (Documentation/process/coding-style.rst, section 8).',
    refs: ['seed:003', 'url:https://docs.kernel.org/process/coding-style.html#commenting'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      // A block of consecutive // lines is one comment: one finding at its first line, the rest as evidence.
      let block: FindingDraft | undefined;
      let lastLine = -1;
      for (const pl of addedCLines(patch)) {
        const line = pl.line.newLine ?? -1;
        if (!pl.lineComment || /^\/\/\s*SPDX-License-Identifier:/.test(pl.lineComment)) {
          block = undefined;
          continue;
        }
        if (block && line === lastLine + 1 && block.location.file === pl.file.path && !pl.code.trim()) {
          block.evidence!.push(locationOf(patch, pl));
        } else {
          block = { location: locationOf(patch, pl), message: 'C++ comment (//) in kernel C code; mm and KVM maintainers ask for /* */ comments.', evidence: [] };
          out.push(block);
        }
        lastLine = line;
      }
    }
    return out;
  },
};
