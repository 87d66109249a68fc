import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiff } from '../../src/diff/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/corpus');

/**
 * Patch mails of the real threads, cut the way the series stage cuts them:
 * the diff runs from the first `diff --git` line to the end of the mail.
 * Replies quote diffs with `> ` and so contain no diff of their own; encoded
 * (quoted-printable) bodies need the mail stage and are left out here.
 */
function patchDiffs(file: string): { subject: string; text: string; first: number }[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const starts = lines.flatMap((l, i) => (l.startsWith('From ') && (i === 0 || lines[i - 1] === '') ? [i] : []));
  return starts.flatMap((s, k) => {
    const mail = lines.slice(s, starts[k + 1] ?? lines.length);
    const subject = mail.find((l) => l.startsWith('Subject: ')) ?? '';
    const d = mail.findIndex((l) => l.startsWith('diff --git '));
    const encoded = mail.slice(0, mail.indexOf('')).some((l) => /^Content-Transfer-Encoding:\s*(quoted-printable|base64)/i.test(l));
    return d < 0 || encoded || /^Subject: Re:/i.test(subject) ? [] : [{ subject, text: mail.slice(d).join('\n'), first: s + d + 1 }];
  });
}

// roy-as-no-direct-map-v6.mbox has a single, quoted-printable patch mail.
describe.each(['roy-gmem-directmap-rfc-v1.mbox', 'kalyazin-gmem-write-rfc-v2-2024.mbox'])('%s', (name) => {
  it('every patch parses without error diagnostics, and added lines sit on their mbox lines', () => {
    const mbox = path.join(CORPUS, name);
    const all = fs.readFileSync(mbox, 'utf8').split('\n');
    const patches = patchDiffs(mbox);
    expect(patches.length).toBeGreaterThan(0);
    for (const p of patches) {
      const { files, diagnostics } = parseDiff(p.text, { inputLineOfFirst: p.first });
      expect(diagnostics.filter((d) => d.severity === 'error'), p.subject).toEqual([]);
      expect(files.length, p.subject).toBeGreaterThan(0);
      for (const f of files) {
        for (const l of f.hunks.flatMap((h) => h.lines)) {
          const marker = l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ';
          expect(all[l.inputLine! - 1]!.replace(/^$/, ' '), `${p.subject} ${f.path}:${l.newLine ?? l.oldLine}`).toBe(marker + l.text);
        }
      }
    }
  });
});

it('roy-gmem-directmap-rfc-v1 5/8: the removal is guest_memfd.c:99 on mbox line 1077', () => {
  const p5 = patchDiffs(path.join(CORPUS, 'roy-gmem-directmap-rfc-v1.mbox')).find((p) => p.subject.includes('5/8'))!;
  const gmem = parseDiff(p5.text, { inputLineOfFirst: p5.first }).files.find((f) => f.path === 'virt/kvm/guest_memfd.c')!;
  const zap = gmem.hunks.flatMap((h) => h.lines).find((l) => l.text.includes('set_direct_map_invalid_noflush'))!;
  expect(zap).toMatchObject({ kind: 'add', newLine: 99, inputLine: 1077 });
});
