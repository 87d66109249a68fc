import fs from 'node:fs';
import path from 'node:path';
import libmime from 'libmime';
import { describe, expect, it } from 'vitest';
import { parseParams } from '../../src/mail/libmime.js';
import { FIXTURE_ROOT } from './helpers.js';

const reference = (value: string) => {
  const parsed = libmime.parseHeaderValue(value) as { value: string; params: Record<string, string> };
  return { type: parsed.value.trim().toLowerCase(), params: parsed.params };
};

/** Every Content-Type and Content-Disposition value (unfolded) in the shared mails. */
function sharedValues(): string[] {
  const out = new Set<string>();
  const files = fs.readdirSync(FIXTURE_ROOT, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && /\.(mbox|eml|patch|mail|txt)$/.test(d.name));
  for (const d of files) {
    const text = fs.readFileSync(path.join(d.parentPath, d.name), 'latin1').replace(/\r?\n[ \t]+/g, ' ');
    for (const m of text.matchAll(/^content-(?:type|disposition):[ \t]*(.*)$/gim)) out.add(m[1]!.replace(/\r$/, ''));
  }
  return [...out];
}

describe('parseParams (the Content-Type fast path)', () => {
  it('agrees with libmime on every Content-Type and Content-Disposition in fixtures/', () => {
    const values = sharedValues();
    expect(values.length).toBeGreaterThan(20);
    for (const v of values) expect(parseParams(v), v).toEqual(reference(v));
  });

  it('agrees with libmime on generated values, simple and not', () => {
    const types = ['text/plain', 'TEXT/X-Patch', 'multipart/mixed', 'application/octet-stream', 'inline', 'attachment'];
    const params = ['charset=UTF-8', 'charset="us-ascii"', 'format=flowed', 'DelSp=Yes', 'name="0001-mm-fix.patch"', 'boundary="==_1_=="', 'filename*=utf-8\'\'a%20b.patch', 'name*0="a"; name*1="b"', 'x="=?utf-8?q?a?="', 'y="a\\"b"', 'z=', 'charset = "x" '];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    for (let i = 0; i < 2000; i++) {
      const parts = [types[rnd(types.length)]!];
      for (let k = rnd(4); k > 0; k--) parts.push(params[rnd(params.length)]!);
      const v = parts.join(rnd(2) ? '; ' : ';') + (rnd(5) === 0 ? ';' : '');
      expect(parseParams(v), v).toEqual(reference(v));
    }
  });
});
