/**
 * Path spellings found in diff headers: `a/x`, `b/x`, `"a/with space"`,
 * `--no-prefix` names, `/dev/null`, and non-git `--- name<TAB>timestamp`.
 */

const GIT_PREFIX = /^[abiwco12]\//;
const EPOCH = /\s(?:1970-01-01 00:00:00|1969-12-31 \d\d:00:00)(?:\.0+)?(?:\s*[+-]\d{4})?\s*$/;
const TAIL = 64;
const TIMESTAMP = /\s+\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:\s*[+-]\d{4})?\s*$/;

/** Undo git's C-style quoting of a path (`"a/b\tc"`). */
export function unquote(s: string): string {
  if (!(s.length >= 2 && s.startsWith('"') && s.endsWith('"'))) return s;
  const body = s.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1]!;
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Name as written → repository path, or null for /dev/null; `prefix` (`a/`, `b/`) is dropped. */
export function cleanPath(raw: string, prefix: string | null): string | null {
  let s = raw.trim();
  const quoted = /^"(?:[^"\\]|\\.)*"/.exec(s);
  if (quoted) {
    s = unquote(quoted[0]);
  } else {
    // `diff -N` marks an absent file with the epoch as its timestamp. Both
    // patterns are tried on the last TAIL characters only: a timestamp is
    // shorter, and tried on a long run of blanks they are quadratic (1.4 s on
    // one fuzzed header line).
    if (EPOCH.test(s.slice(-TAIL))) return null;
    const tab = s.indexOf('\t');
    if (tab >= 0) s = s.slice(0, tab);
    const cut = Math.max(0, s.length - TAIL);
    s = (s.slice(0, cut) + s.slice(cut).replace(TIMESTAMP, '')).trim();
  }
  if (s === '/dev/null') return null;
  if (prefix && s.startsWith(prefix)) s = s.slice(prefix.length);
  return s;
}

/**
 * The two names of `diff --git A B`. With prefixes the split is at ` b/`;
 * with `--no-prefix` git writes the same name twice, so the halves are equal.
 */
export function gitDiffPaths(rest: string): { oldPath: string; newPath: string; prefixed: boolean } | null {
  const r = rest.trim();
  if (r.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*")\s+(.+)$/.exec(r);
    if (!m) return null;
    const a = unquote(m[1]!);
    const b = unquote(m[2]!.trim());
    return { oldPath: a.replace(GIT_PREFIX, ''), newPath: b.replace(GIT_PREFIX, ''), prefixed: GIT_PREFIX.test(a) };
  }
  if (r.startsWith('a/')) {
    const at = r.indexOf(' b/');
    if (at > 0) return { oldPath: r.slice(2, at), newPath: unquote(r.slice(at + 3)), prefixed: true };
    const q = r.indexOf(' "b/');
    if (q > 0) return { oldPath: r.slice(2, q), newPath: unquote(r.slice(q + 1)).slice(2), prefixed: true };
  }
  const mid = (r.length - 1) / 2;
  if (Number.isInteger(mid) && r[mid] === ' ' && r.slice(0, mid) === r.slice(mid + 1)) {
    return { oldPath: r.slice(0, mid), newPath: r.slice(0, mid), prefixed: false };
  }
  const sp = r.indexOf(' ');
  if (sp <= 0) return null;
  return { oldPath: r.slice(0, sp), newPath: r.slice(sp + 1), prefixed: false };
}

/**
 * `diff -urN linux.orig/x linux/x` style trees: when both names have a
 * differing first directory and agree after it, drop it as `patch -p1` would.
 */
export function stripTreeDirs(oldPath: string | null, newPath: string | null): [string | null, string | null] {
  if (oldPath === null || newPath === null) return [oldPath, newPath];
  const o = oldPath.indexOf('/');
  const n = newPath.indexOf('/');
  if (o <= 0 || n <= 0) return [oldPath, newPath];
  if (oldPath.slice(0, o) === newPath.slice(0, n)) return [oldPath, newPath];
  if (oldPath.slice(o + 1) !== newPath.slice(n + 1)) return [oldPath, newPath];
  return [oldPath.slice(o + 1), newPath.slice(n + 1)];
}
