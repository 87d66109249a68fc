/**
 * The file-level facts of a section's header lines: git's extended headers
 * (which parse-diff 0.12 does not report: rename/copy, similarity, binary)
 * and the `---`/`+++` names of git and non-git diffs.
 */
import type { FileStatus } from './types.js';
import { cleanPath, gitDiffPaths, stripTreeDirs } from './paths.js';
import type { RawSection } from './scan.js';

export interface FileHeader {
  oldPath: string | null;
  newPath: string | null;
  status: FileStatus;
  similarity?: number;
  oldMode?: string;
  newMode?: string;
  binary: boolean;
  /** Header lines that were not understood (0-based line, text). */
  unknown: { line: number; text: string }[];
}

const GIT_EXTENDED = /^(index |similarity index |dissimilarity index |old mode |new mode |new file mode |deleted file mode |rename from |rename to |copy from |copy to |rename old |rename new |GIT binary patch|Binary files |literal |delta )/;

export function readHeaders(section: RawSection): FileHeader {
  let oldPath: string | null | undefined;
  let newPath: string | null | undefined;
  let minusPath: string | null | undefined;
  let plusPath: string | null | undefined;
  let renameFrom: string | undefined;
  let renameTo: string | undefined;
  let copyFrom: string | undefined;
  let copyTo: string | undefined;
  let isNew = false;
  let isDeleted = false;
  let indexLinePath: string | undefined;
  let diffCmd: [string, string] | undefined;
  const h: FileHeader = { oldPath: null, newPath: null, status: 'modified', binary: false, unknown: [] };
  let oldPrefix: string | null = 'a/';
  let newPrefix: string | null = 'b/';

  for (const { line, text } of section.headers) {
    let m: RegExpExecArray | null;
    if (text.startsWith('diff --git ')) {
      const p = gitDiffPaths(text.slice('diff --git '.length));
      if (p) {
        oldPath = p.oldPath;
        newPath = p.newPath;
        if (!p.prefixed) oldPrefix = newPrefix = null;
      } else {
        h.unknown.push({ line, text });
      }
    } else if (text.startsWith('--- ')) {
      minusPath = cleanPath(text.slice(4), oldPrefix);
    } else if (text.startsWith('+++ ')) {
      plusPath = cleanPath(text.slice(4), newPrefix);
    } else if ((m = /^new file mode (\d+)/.exec(text))) {
      isNew = true;
      h.newMode = m[1];
    } else if ((m = /^deleted file mode (\d+)/.exec(text))) {
      isDeleted = true;
      h.oldMode = m[1];
    } else if ((m = /^old mode (\d+)/.exec(text))) {
      h.oldMode = m[1];
    } else if ((m = /^new mode (\d+)/.exec(text))) {
      h.newMode = m[1];
    } else if ((m = /^(?:dis)?similarity index (\d+)%/.exec(text))) {
      h.similarity = Number(m[1]);
    } else if ((m = /^rename (?:from|old) (.+)$/.exec(text))) {
      renameFrom = cleanPath(m[1]!, null) ?? undefined;
    } else if ((m = /^rename (?:to|new) (.+)$/.exec(text))) {
      renameTo = cleanPath(m[1]!, null) ?? undefined;
    } else if ((m = /^copy from (.+)$/.exec(text))) {
      copyFrom = cleanPath(m[1]!, null) ?? undefined;
    } else if ((m = /^copy to (.+)$/.exec(text))) {
      copyTo = cleanPath(m[1]!, null) ?? undefined;
    } else if (text === 'GIT binary patch' || text.startsWith('Binary files ')) {
      h.binary = true;
      const b = /^Binary files (.+) and (.+) differ$/.exec(text);
      if (b && !section.git) {
        minusPath = cleanPath(b[1]!, 'a/');
        plusPath = cleanPath(b[2]!, 'b/');
      }
    } else if ((m = /^index [0-9a-f]+\.\.[0-9a-f]+ (\d+)$/.exec(text))) {
      h.oldMode ??= m[1];
      h.newMode ??= m[1];
    } else if (!section.git && (m = /^diff\s.*\s(\S+)\s+(\S+)$/.exec(text))) {
      diffCmd = [m[1]!, m[2]!];
    } else if ((m = /^Index: (.+)$/.exec(text))) {
      indexLinePath = m[1]!.trim();
    } else if (section.git && !GIT_EXTENDED.test(text) && text.trim() !== '' && !/^[A-Za-z0-9+/=~!#$%&()*;<>?@^_`{|}-]+$/.test(text)) {
      h.unknown.push({ line, text });
    }
  }

  // The `---`/`+++` names win over the `diff --git` line, rename/copy headers over both.
  let oldP = minusPath !== undefined ? minusPath : (oldPath ?? indexLinePath ?? null);
  let newP = plusPath !== undefined ? plusPath : (newPath ?? indexLinePath ?? null);
  if (!section.git) [oldP, newP] = stripNonGit(oldP, newP, diffCmd);
  if (renameFrom !== undefined || renameTo !== undefined) {
    oldP = renameFrom ?? oldP;
    newP = renameTo ?? newP;
    h.status = 'renamed';
  } else if (copyFrom !== undefined || copyTo !== undefined) {
    oldP = copyFrom ?? oldP;
    newP = copyTo ?? newP;
    h.status = 'copied';
  }
  if (isNew || (minusPath === null && newP !== null)) {
    h.status = 'added';
    oldP = null;
  } else if (isDeleted || (plusPath === null && oldP !== null)) {
    h.status = 'deleted';
    newP = null;
  }
  h.oldPath = oldP;
  h.newPath = newP;
  return h;
}

/**
 * Non-git names carry the compared trees' top directories. When one side is
 * absent (`diff -N`), the `diff A B` command line shows which one to drop.
 */
function stripNonGit(oldP: string | null, newP: string | null, diffCmd?: [string, string]): [string | null, string | null] {
  if (oldP !== null && newP !== null) return stripTreeDirs(oldP, newP);
  if (!diffCmd) return [oldP, newP];
  const [o, n] = stripTreeDirs(diffCmd[0], diffCmd[1]);
  if (o === diffCmd[0]) return [oldP, newP];
  const drop = (p: string | null, full: string, kept: string | null) =>
    p !== null && kept !== null && p === full ? kept : p;
  return [drop(oldP, diffCmd[0], o), drop(newP, diffCmd[1], n)];
}
