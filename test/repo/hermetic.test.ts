import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A clone alone must pass its tests (issue 11): no test, bench or script may
 * read data from beside the checkout. Every relative path literal is resolved
 * from the file that holds it (and, where it is joined to the repository root,
 * from the root); every absolute path must be a system path the tests may use.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SCANNED = ['test', 'bench', 'scripts', 'fixtures/rules/make.py', 'fixtures/tree/make.sh', 'package.json', 'vitest.config.ts'];
/** Absolute paths a test may name: devices, temp, system binaries (Chromium for the HTML test). */
const SYSTEM = /^\/(dev\/(null|zero|stdin|stdout|stderr)|tmp\b|usr\/bin\/|bin\/|proc\/self\/|etc\/passwd$)/;
const ROOT_NAMES = /\b(ROOT|REPO|REPO_TOP)\b\s*,\s*$/;

function files(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [abs];
  return fs
    .readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(ts|mjs|js|sh|py|json)$/.test(d.name) && !d.parentPath.includes('__snapshots__') && !d.parentPath.includes('node_modules'))
    .map((d) => path.join(d.parentPath, d.name));
}

/** Every quoted string of a source file with what precedes it on its line. */
function literals(text: string): { value: string; before: string; line: number }[] {
  const out: { value: string; before: string; line: number }[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)) out.push({ value: m[2]!, before: line.slice(0, m.index), line: i + 1 });
  });
  return out;
}

export function pathsOutside(file: string, text: string): string[] {
  const out: string[] = [];
  const inside = (p: string): boolean => p === ROOT || p.startsWith(ROOT + path.sep);
  for (const { value, before, line } of literals(text)) {
    // Diff line texts in expectations (a symlink's target) are data, not paths the test opens.
    if (/\btext:\s*$/.test(before)) continue;
    const where = `${path.relative(ROOT, file)}:${line}: ${value}`;
    if (/(^|\/)\.\.\//.test(value) && !value.includes('${') && !/\s/.test(value)) {
      const fromFile = path.resolve(path.dirname(file), value.replace(/^file:\/\//, ''));
      const fromRoot = ROOT_NAMES.test(before) ? path.resolve(ROOT, value) : fromFile;
      // A literal only names a path when it is used as one: a sub-path test like '../x' inside a string of prose is not.
      if (!inside(fromFile) || !inside(fromRoot)) out.push(where);
    } else if (/^\/[A-Za-z]/.test(value) && !/\s/.test(value) && !value.includes('${') && /^\/(usr|home|work|opt|srv|var|root|mnt)\//.test(value) && !SYSTEM.test(value)) {
      out.push(where);
    }
  }
  return out;
}

describe('the repository holds what its tests use', () => {
  it('no test, bench or script names a path outside the repository', () => {
    const found = SCANNED.flatMap(files).filter((f) => f !== import.meta.filename).flatMap((f) => pathsOutside(f, fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches a path to the shared folder beside the checkout, and a Debian tarball path', () => {
    const here = path.join(ROOT, 'test/x/a.test.ts');
    // Spelled in pieces so that this file itself names no such path.
    const shared = ['..', 'shared', 'corpus'].join('/');
    expect(pathsOutside(here, `const C = path.resolve(import.meta.dirname, '../../${shared}');`)).toHaveLength(1);
    expect(pathsOutside(here, `const C = path.resolve(ROOT, '${shared}');`)).toHaveLength(1);
    expect(pathsOutside(here, `const T = '${['', 'usr', 'src', 'linux-source-6.12.tar.xz'].join('/')}';`)).toHaveLength(1);
    expect(pathsOutside(here, "const C = path.resolve(import.meta.dirname, '../../fixtures/corpus');")).toEqual([]);
    expect(pathsOutside(here, "import { x } from '../../src/cli/main.js';")).toEqual([]);
    expect(pathsOutside(here, "const b = '/usr/bin/chromium';")).toEqual([]);
  });
});
