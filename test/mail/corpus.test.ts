import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import PostalMime from 'postal-mime';
import { parseMessage, splitMbox, type Message } from '../../src/mail/index.js';
import { FIXTURE_ROOT } from './helpers.js';

async function read(file: string): Promise<Message[]> {
  const out: Message[] = [];
  for await (const raw of splitMbox(fs.createReadStream(file, { highWaterMark: 997 }))) out.push(parseMessage(raw, path.basename(file)));
  return out;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('.mbox')).map((d) => path.join(d.parentPath, d.name)).sort();
}

// Counted by hand: `grep -c '^From '` per file, each hit checked to be a separator
// (preceded by a blank line, date-shaped); README.md lists the same threads.
const CORPUS_COUNTS: Record<string, number> = {
  'kalyazin-gmem-write-rfc-v2-2024.mbox': 4,
  'roy-as-no-direct-map-v6.mbox': 2,
  'roy-gmem-directmap-rfc-v1.mbox': 13,
};

describe('corpus', () => {
  it('splits each thread into the hand-counted number of messages, all with ids, subjects and senders', async () => {
    for (const [name, n] of Object.entries(CORPUS_COUNTS)) {
      const ms = await read(path.join(FIXTURE_ROOT, 'corpus', name));
      expect(ms.length, name).toBe(n);
      for (const m of ms) {
        expect(m.messageId, `${name} #${m.ordinal}`).toBeTruthy();
        expect(m.subject).toMatch(/PATCH/);
        expect(m.from.address).toMatch(/@/);
        expect(m.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      }
    }
  });

  it('maps every body line of a verbatim body to its input line', async () => {
    for (const name of Object.keys(CORPUS_COUNTS)) {
      const file = path.join(FIXTURE_ROOT, 'corpus', name);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const ms = await read(file);
      expect(ms.filter((m) => m.bodyLine !== undefined).length, name).toBeGreaterThan(0);
      for (const m of ms.filter((x) => x.bodyLine !== undefined)) {
        m.body.split('\n').forEach((l, k) => expect(lines[m.bodyLine! + k - 1], `${name} #${m.ordinal} body line ${k + 1}`).toBe(l));
      }
    }
  });

  it('finds the reviewed patch of the truth file with the diff line reviewers quoted', async () => {
    const ms = await read(path.join(FIXTURE_ROOT, 'corpus/roy-gmem-directmap-rfc-v1.mbox'));
    const p5 = ms.find((m) => m.messageId === '20240709132041.3625501-6-roypat@amazon.co.uk');
    expect(p5?.subject).toBe('[RFC PATCH 5/8] kvm: gmem: add option to remove guest private memory from direct map');
    expect(p5?.body).toContain('set_direct_map_invalid_noflush(');
    expect(p5?.date).toBe('2024-07-09T13:20:33.000Z');
  });

  it('agrees with postal-mime on subject, sender and text of every corpus message', async () => {
    for (const name of Object.keys(CORPUS_COUNTS)) {
      const file = path.join(FIXTURE_ROOT, 'corpus', name);
      const ours = await read(file);
      const text = fs.readFileSync(file, 'latin1');
      const parts = text.split(/\n(?=From \S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n)/);
      expect(parts.length).toBe(ours.length);
      for (const [i, part] of parts.entries()) {
        const e = await PostalMime.parse(Buffer.from(part.slice(part.indexOf('\n') + 1), 'latin1'));
        expect(ours[i]!.subject).toBe(e.subject ?? '');
        expect(ours[i]!.from.address).toBe(e.from?.address ?? '');
        // Flowed replies differ on purpose: joining a soft-broken quoted line, RFC 3676 §4.5 drops the
        // next line's quote marks (libmime, ours); postal-mime keeps them. Compare those without blanks and quote marks.
        const bare = (t: string) => t.replace(/[\s>]/g, '');
        if (/format=flowed/i.test(part)) expect(bare(ours[i]!.body)).toBe(bare(e.text ?? ''));
        else expect(ours[i]!.body.trimEnd()).toBe((e.text ?? '').replace(/\r\n/g, '\n').trimEnd());
      }
    }
  });
});

describe('parser fixtures', () => {
  const all = files(path.join(FIXTURE_ROOT, 'parser'));

  it('reads every fixture without a throw, every message with its input and ordinal', async () => {
    expect(all.length).toBeGreaterThan(60);
    for (const f of all) {
      const ms = await read(f);
      expect(ms.length, f).toBeGreaterThan(0);
      ms.forEach((m, i) => expect(m.ordinal).toBe(i + 1));
    }
  });

  it('reports the damage in fuzz files as diagnostics', async () => {
    const expected: Record<string, RegExp> = {
      'date-too-long.mbox': /unreadable Date/,
      'dateheader.mbox': /unreadable Date/,
      'year-out-of-range.mbox': /unreadable Date/,
      'date-oserror.mbox': /unreadable Date/,
      'codec-null.mbox': /unknown charset|NUL byte/,
      'msgid-len.mbox': /NUL byte in header message-id/,
      'unknown-encoding.mbox': /no text\/plain body/,
      'value2.mbox': /NUL byte/,
      'base64err.mbox': /header block ends/,
    };
    for (const [name, re] of Object.entries(expected)) {
      const ms = await read(path.join(FIXTURE_ROOT, 'parser/patchwork/fuzz', name));
      const texts = ms.flatMap((m) => m.diagnostics.map((d) => d.message));
      expect(texts.some((t) => re.test(t)), `${name}: ${texts.join(' | ')}`).toBe(true);
      for (const d of ms.flatMap((m) => m.diagnostics)) {
        expect(d.input).toBe(name);
        expect(d.inputLine).toBeGreaterThan(0);
        expect(d.message).not.toMatch(/[\n\r]/);
      }
    }
  });

  it('decodes the patchwork header fixtures: unencoded UTF-8, invalid UTF-8, no subject', async () => {
    const dir = path.join(FIXTURE_ROOT, 'parser/patchwork/mail');
    const [utf8] = await read(path.join(dir, '0014-with-unencoded-utf8-headers.mbox'));
    expect(utf8!.subject).toBe('MAINTAINERS: Update entry for BCM5301X ARM to include Rafał Miłecki');
    const [bad] = await read(path.join(dir, '0015-with-invalid-utf8-headers.mbox'));
    expect(bad!.from).toEqual({ name: 'Rafał Miłecki', address: 'zajec5@gmail.com' });
    expect(bad!.cc.map((p) => p.address)).toContain('zajec5@gmail.com');
    const [none] = await read(path.join(dir, '0016-no-subject.mbox'));
    expect(none!.subject).toBe('');
    const [mp] = await read(path.join(dir, '0019-multipart-patch.mbox'));
    expect(mp!.body).toContain('diff --git a/patchwork/parser.py b/patchwork/parser.py');
    expect(mp!.body).not.toMatch(/<div|<html/i);
  });
});
