import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

export type PathCheck = { ok: true; relative: string } | { ok: false; reason: string };

/** The checks that need no disk: what a diff may name at all. */
export function lexicalTreePath(candidate: string): PathCheck {
  if (!candidate || candidate.includes('\0')) return { ok: false, reason: 'empty path or NUL byte' };
  if (path.isAbsolute(candidate) || /^[a-zA-Z]:[\\/]/.test(candidate) || candidate.startsWith('\\')) {
    return { ok: false, reason: 'absolute path' };
  }
  const segments = candidate.split(/[\\/]+/);
  if (segments.includes('..')) return { ok: false, reason: "'..' segment" };
  const relative = segments.filter((s) => s !== '' && s !== '.').join('/');
  if (!relative) return { ok: false, reason: 'path names the tree itself' };
  if (relative.split('/').includes('.git')) return { ok: false, reason: 'inside .git' };
  return { ok: true, relative };
}

/**
 * Paths come from untrusted diffs. Lexical checks first, then the real
 * location on disk: a symlink (file or directory) that leads outside the
 * tree is refused even though git itself would not follow it, because the
 * worktree is also read from disk.
 */
export function checkTreePath(root: string, candidate: string): PathCheck {
  const lexical = lexicalTreePath(candidate);
  if (!lexical.ok) return lexical;
  const relative = lexical.relative;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { ok: false, reason: `tree ${root} is not readable` };
  }
  // The deepest existing ancestor decides: a missing file under a symlinked
  // directory is still outside.
  let probe = path.join(realRoot, relative);
  for (;;) {
    let real: string | undefined;
    try {
      real = realpathSync(probe);
    } catch {
      real = undefined;
      if (isSymlink(probe)) return { ok: false, reason: 'dangling symlink' };
    }
    if (real !== undefined) {
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        return { ok: false, reason: `resolves outside the tree (${real})` };
      }
      return { ok: true, relative };
    }
    const parent = path.dirname(probe);
    if (parent === probe || parent.length < realRoot.length) return { ok: true, relative };
    probe = parent;
  }
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
