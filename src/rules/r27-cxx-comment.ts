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
      for (const pl of addedCLines(patch)) {
        if (!pl.lineComment) continue;
        if (/^\/\/\s*SPDX-License-Identifier:/.test(pl.lineComment)) continue;
        out.push({ location: locationOf(patch, pl), message: 'C++ comment (//) in kernel C code; mm and KVM maintainers ask for /* */ comments.' });
      }
    }
    return out;
  },
};
