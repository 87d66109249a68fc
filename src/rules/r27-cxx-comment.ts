import type { FileDiff } from '../diff/index.js';
import type { FindingDraft, Rule } from './types.js';
import { addedCLines, locationOf, scanC } from './lib/index.js';

const SPDX = /^\/\/\s*SPDX-License-Identifier:/;

/*
 * coding-style.rst (section 8) gives /* *\/ as "the preferred style for long (multi-line)
 * comments"; checkpatch accepts // since 2016 (C99_COMMENT_TOLERANCE), and accepted 6.12 code in
 * arch/x86/kvm, arch/arm64 and mm/ carries single // lines (trailing notes in tables, #else
 * markers). So a // comment of several lines is a warning, a single line a note.
 */
const MULTI = 'multi-line C++ (//) comment in kernel C code; coding-style.rst gives /* */ as the preferred style for multi-line comments, and mm and KVM maintainers ask for it.';
const SINGLE = 'C++ comment (//) in kernel C code; mm and KVM code is written with /* */ comments (checkpatch accepts //, so this is a matter of taste).';
const OWN = 'C++ comment (//) in kernel C code; this file already uses them, but mm and KVM code is written with /* */ comments.';

/**
 * Whether `//` comments are already the file's own style: the lines the
 * patch did not write (context, deleted) carry them, or, in a new file, they
 * are most of its comments. Then a `//` is a question of consistency, not a
 * departure from what mm/KVM code looks like (coding-style.rst does not ban
 * them; 6.12 mm/ and virt/kvm/ have almost none, arch/arm64/kvm/ some).
 */
function fileUsesLineComments(file: FileDiff): boolean {
  const lines = file.hunks.flatMap((h) => h.lines);
  const existing = lines.filter((l) => l.kind !== 'add');
  if (existing.length > 0) return scanC(existing.map((l) => l.text)).some((s) => s.lineComment !== undefined && !SPDX.test(s.lineComment));
  const scanned = scanC(lines.map((l) => l.text));
  const line = scanned.filter((s) => s.lineComment !== undefined && !SPDX.test(s.lineComment)).length;
  const block = lines.filter((l) => /\/\*/.test(l.text)).length;
  return line > 0 && line >= block;
}

/** Last line of a `// SPDX…` header made of // lines at the top of the file (0 when there is none). */
function headerEnd(file: FileDiff): number {
  const first = file.hunks[0];
  if (!first || first.newStart !== 1) return 0;
  let end = 0;
  for (const l of first.lines) {
    if (l.kind === 'del') continue;
    if (!/^\/\//.test(l.text) || (end === 0 && !SPDX.test(l.text))) break;
    end = l.newLine ?? end;
  }
  return end;
}

export const rule: Rule = {
  meta: {
    id: 'R27',
    name: 'cxx-comment',
    category: 'kernel-style',
    scope: 'line',
    severity: 'warning',
    concepts: ['guest-memfd'],
    summary: 'An added comment of several // lines in a kernel .c/.h file (the SPDX header excepted) where the file does not already use them; a single // line is a note.',
    fix: 'Use a C89 comment: /* … */ (Documentation/process/coding-style.rst, section 8, shows comments in that form).',
    refs: ['seed:003', 'url:https://docs.kernel.org/process/coding-style.html#commenting'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      const ownStyle = new Map<FileDiff, boolean>();
      const header = new Map<FileDiff, number>();
      // A block of consecutive // lines is one comment: one finding at its first line, the rest as evidence.
      let block: FindingDraft | undefined;
      let blockStart = -2;
      let lastLine = -1;
      for (const pl of addedCLines(patch)) {
        const line = pl.line.newLine ?? -1;
        if (!header.has(pl.file)) header.set(pl.file, headerEnd(pl.file));
        // The SPDX line and the copyright lines written in the same style right under it are the file's header.
        if (!pl.lineComment || SPDX.test(pl.lineComment) || line <= header.get(pl.file)!) {
          block = undefined;
          continue;
        }
        if (block && line === lastLine + 1 && block.location.file === pl.file.path && !pl.code.trim() && blockStart === lastLine - block.evidence!.length) {
          block.evidence!.push(locationOf(patch, pl));
          // A comment of several lines: coding-style.rst gives the preferred form of exactly that.
          if (!ownStyle.get(pl.file)) {
            block.severity = 'warning';
            block.message = MULTI;
          }
        } else {
          if (!ownStyle.has(pl.file)) ownStyle.set(pl.file, fileUsesLineComments(pl.file));
          const consistent = ownStyle.get(pl.file)!;
          block = { location: locationOf(patch, pl), severity: 'info', message: consistent ? OWN : SINGLE, evidence: [] };
          // Only a comment on a line of its own can grow into a multi-line comment.
          blockStart = pl.code.trim() ? -2 : line;
          out.push(block);
        }
        lastLine = line;
      }
    }
    return out;
  },
};
