/**
 * Test-only stand-in for src/mail until it lands: cuts an mbox into Message
 * records with postal-mime doing the MIME decoding.
 */
import fs from 'node:fs';
import path from 'node:path';
import PostalMime from 'postal-mime';
import type { Message } from '../../src/mail/index.js';
import type { Person } from '../../src/common/index.js';

/** The repository's copies of the shared corpus and parser fixtures (npm run sync-fixtures). */
export const FIXTURE_ROOT = path.resolve(import.meta.dirname, '../../fixtures');
export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/series');

function ids(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]);
}

function lastNonEmpty(headers: { key: string; value: string }[], key: string): string | undefined {
  const vals = headers.filter((h) => h.key === key).map((h) => h.value.trim()).filter(Boolean);
  return vals[vals.length - 1];
}

function person(p: { name?: string; address?: string } | undefined): Person {
  return { name: p?.name ?? '', address: p?.address ?? '' };
}

/** Splits mbox text at `From ` lines; returns each message with its 1-based start line. */
export function splitMboxText(text: string): { raw: string; line: number }[] {
  const lines = text.split('\n');
  const out: { raw: string; line: number }[] = [];
  let cur: string[] | null = null;
  let start = 0;
  lines.forEach((l, i) => {
    if (l.startsWith('From ') && (i === 0 || lines[i - 1] === '')) {
      if (cur) out.push({ raw: cur.join('\n'), line: start });
      cur = [];
      start = i + 2;
      return;
    }
    if (!cur) {
      cur = [];
      start = i + 1;
    }
    cur.push(l.replace(/^>(>*From )/, '$1'));
  });
  if (cur) out.push({ raw: (cur as string[]).join('\n'), line: start });
  return out;
}

export async function parseRaw(raw: string, input: string, line: number, ordinal: number): Promise<Message> {
  const e = await PostalMime.parse(raw);
  const headers: Record<string, string[]> = {};
  for (const h of e.headers) (headers[h.key] ??= []).push(h.value);
  const headerEnd = raw.indexOf('\n\n');
  const plain = !/^content-transfer-encoding:\s*(quoted-printable|base64)/im.test(raw.slice(0, headerEnd)) && !/^content-type:\s*multipart/im.test(raw.slice(0, headerEnd));
  const bodyLine = plain && headerEnd >= 0 ? line + raw.slice(0, headerEnd + 2).split('\n').length - 1 : undefined;
  let body = plain && headerEnd >= 0 ? raw.slice(headerEnd + 2) : (e.text ?? '');
  for (const a of e.attachments) {
    if (/x-patch|x-diff/.test(a.mimeType)) body += '\n' + (typeof a.content === 'string' ? a.content : new TextDecoder().decode(a.content));
  }
  const date = e.date && !Number.isNaN(Date.parse(e.date)) ? new Date(e.date).toISOString() : undefined;
  return {
    input, ordinal, offset: 0, line, headers,
    messageId: ids(lastNonEmpty(e.headers, 'message-id'))[0],
    inReplyTo: ids(lastNonEmpty(e.headers, 'in-reply-to'))[0],
    references: ids(e.headers.filter((h) => h.key === 'references').map((h) => h.value).join(' ')),
    subject: e.subject ?? '', from: person(e.from as { name?: string; address?: string }),
    to: (e.to ?? []).map((p) => person(p as { name?: string; address?: string })),
    cc: (e.cc ?? []).map((p) => person(p as { name?: string; address?: string })),
    date, body: body.replace(/\r\n/g, '\n'), bodyLine, diagnostics: [],
  };
}

type SplitMbox = (s: NodeJS.ReadableStream) => AsyncIterable<unknown>;
type ParseMessage = (raw: unknown, input: string) => Message;

/** src/mail's reader once it exports `splitMbox` and `parseMessage`, else undefined. */
async function mailStage(): Promise<{ splitMbox: SplitMbox; parseMessage: ParseMessage } | undefined> {
  const mail = (await import('../../src/mail/index.js')) as Record<string, unknown>;
  if (typeof mail.splitMbox !== 'function' || typeof mail.parseMessage !== 'function') return undefined;
  return { splitMbox: mail.splitMbox as SplitMbox, parseMessage: mail.parseMessage as ParseMessage };
}

/** Reads an mbox with src/mail when it is there, with the postal-mime stand-in otherwise. */
export async function readMbox(file: string): Promise<Message[]> {
  const mail = process.env.SERIES_TEST_STANDIN ? undefined : await mailStage();
  if (!mail) return readMboxStandIn(file);
  const out: Message[] = [];
  for await (const raw of mail.splitMbox(fs.createReadStream(file))) out.push(mail.parseMessage(raw, path.basename(file)));
  return out;
}

export async function readMboxStandIn(file: string): Promise<Message[]> {
  const text = fs.readFileSync(file, 'utf8');
  const input = path.basename(file);
  const parts = splitMboxText(text);
  return Promise.all(parts.map((p, i) => parseRaw(p.raw, input, p.line, i + 1)));
}

/** A Message built by hand for unit tests. */
export function msg(over: Partial<Message> & { subject: string }, ordinal = 1): Message {
  return {
    input: 'test.mbox', ordinal, offset: 0, line: ordinal * 10, headers: {}, references: [],
    from: { name: 'A Uthor', address: 'author@example.org' }, to: [], cc: [], body: '', diagnostics: [], ...over,
  };
}

export const DIFF = (file: string, n = 1): string =>
  `diff --git a/${file} b/${file}\nindex 1111111..2222222 100644\n--- a/${file}\n+++ b/${file}\n@@ -1,2 +1,2 @@\n context\n-old ${n}\n+new ${n}\n`;
