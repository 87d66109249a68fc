import { describe, expect, it } from 'vitest';
import { assembleSeries, SeriesAssembler, type Series } from '../../src/series/index.js';
import type { Message } from '../../src/mail/index.js';
import { DIFF, msg } from './helpers.js';

/** Series k: cover + `n` patches + one review reply on patch 1, all threaded to the cover. */
function thread(k: number, n: number, start: number, version = 1): Message[] {
  const v = version > 1 ? ` v${version}` : '';
  const id = (i: number) => `s${k}-v${version}-${i}@x`;
  const from = { name: `Dev ${k}`, address: `dev${k}@example.org` };
  const out: Message[] = [msg({ subject: `[PATCH${v} 0/${n}] topic ${k}`, messageId: id(0), from, body: 'cover\n' }, start)];
  for (let i = 1; i <= n; i++) {
    out.push(msg({
      subject: `[PATCH${v} ${i}/${n}] topic ${k} part ${i}`, messageId: id(i), inReplyTo: id(0), references: [id(0)], from,
      body: `part ${i}\n\nSigned-off-by: Dev ${k} <dev${k}@example.org>\n---\n${DIFF(`f${k}.c`, i)}`,
    }, start + i));
  }
  out.push(msg({
    subject: `Re: [PATCH${v} 1/${n}] topic ${k} part 1`, messageId: `r${k}-v${version}@x`, inReplyTo: id(1), references: [id(0), id(1)],
    from: { name: 'Rev', address: 'rev@example.com' }, body: '> +new 1\nWhy?\n',
  }, start + n + 1));
  return out;
}

function shape(s: Series): string {
  return `${s.id} [${s.cover ? 0 : '-'} ${s.patches.map((p) => `${p.index}:${p.replies.length}`).join(' ')}]`;
}

describe('SeriesAssembler streaming', () => {
  it('emits series as their threads go idle, holds a bounded number, and matches the batch result', async () => {
    const messages = Array.from({ length: 300 }, (_, k) => thread(k, 3, k * 5 + 1)).flat();
    const a = new SeriesAssembler({ allVersions: true, idleWindow: 40, completeWindow: 8 });
    const streamed: Series[] = [];
    let maxPending = 0;
    let emittedBeforeEnd = 0;
    for (const m of messages) {
      const out = a.push(m);
      streamed.push(...out);
      emittedBeforeEnd += out.length;
      maxPending = Math.max(maxPending, a.pendingSeries);
    }
    const rest = a.finish();
    streamed.push(...rest.series);
    expect(emittedBeforeEnd).toBeGreaterThanOrEqual(297);
    expect(maxPending).toBeLessThanOrEqual(3);
    expect(rest.messages).toBe(1500);
    const batch = await assembleSeries(messages, { allVersions: true });
    expect(streamed.map(shape)).toEqual(batch.series.map(shape));
    expect(streamed[7].patches[0].replies[0].comments[0]).toEqual({ quoted: ['+new 1'], text: ['Why?'], bodyLine: 1 });
  });

  it('a reply that arrives after its series was emitted is reported, not lost silently', () => {
    const a = new SeriesAssembler({ idleWindow: 5, completeWindow: 2 });
    const [cover, p1, reply] = thread(1, 1, 1);
    const out = [...a.push(cover), ...a.push(p1)];
    for (let k = 0; k < 3; k++) out.push(...a.push(msg({ subject: `[PATCH] other ${k}`, messageId: `o${k}@x`, from: { name: 'O', address: `o${k}@x.org` }, body: DIFF(`o${k}.c`) }, 10 + k)));
    expect(out.map((s) => s.id)).toContain('topic 1 v1');
    a.push(reply);
    const end = a.finish();
    expect(end.diagnostics).toEqual([expect.objectContaining({ severity: 'info', messageId: 'r1-v1@x', input: 'test.mbox' })]);
  });

  it('default mode keeps only the newest version of a series when both are in reach', () => {
    const a = new SeriesAssembler({ idleWindow: 100 });
    const out: Series[] = [];
    for (const m of [...thread(1, 2, 1), ...thread(1, 2, 10, 2)]) out.push(...a.push(m));
    out.push(...a.finish().series);
    expect(out.map((s) => s.id)).toEqual(['topic 1 v2']);
  });

  it('never throws on odd mails; each becomes a diagnostic or a reply', async () => {
    const odd: Message[] = [
      msg({ subject: '', body: '' }, 1),
      msg({ subject: '[PATCH 0/0]', messageId: 'z@x', body: '' }, 2),
      msg({ subject: '[PATCH 5/2] x', messageId: 'y@x', inReplyTo: 'y@x', references: ['y@x'], body: DIFF('a.c') }, 3),
      msg({ subject: 'Re:', inReplyTo: 'nowhere@x', references: [], body: '>\n>>\n' }, 4),
      msg({ subject: '[PATCH 1/2] x', from: { name: '', address: '' }, body: 'diff --git a/x b/x\n@@ -1 +1 @@\n' }, 5),
    ];
    const r = await assembleSeries(odd, { allVersions: true });
    expect(r.messages).toBe(5);
    for (const d of [...r.diagnostics, ...r.series.flatMap((s) => s.diagnostics)]) {
      expect(d.input).toBe('test.mbox');
      expect(d.messageId).toBeTruthy();
      expect(d.inputLine).toBeGreaterThan(0);
    }
  });
});
