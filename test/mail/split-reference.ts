// Test-only oracle: src/mail/split.ts as it was before the indexOf-driven rewrite
// (commit f152849), kept verbatim so split-equivalence.test.ts can hold the new
// splitter to byte-identical output.
import type { RawMessage } from '../../src/mail/index.js';

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_ = Buffer.from('From ', 'latin1');

function startsWithFrom(buf: Buffer, start: number, end: number): boolean {
  return end - start >= 5 && buf.compare(FROM_, 0, 5, start, start + 5) === 0;
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  const len = end - start;
  return (len === 1 && buf[start] === LF) || (len === 2 && buf[start] === CR && buf[start + 1] === LF);
}

/**
 * git mailsplit's `is_from_line()` test: an mbox separator carries a
 * `hh:mm:ss` time followed by a year (> 90). Applied to `From ` lines after
 * the first one, it keeps a paragraph starting with "From here on…" in an
 * unescaped (mboxo or format-patch) body from cutting the mail in two.
 */
export function looksLikeSeparator(line: string): boolean {
  const text = line.replace(/\r?\n$/, '');
  if (text.length < 20 || !text.startsWith('From ')) return false;
  const colon = text.lastIndexOf(':');
  if (colon < 9) return false;
  const d = (i: number) => /[0-9]/.test(text[i] ?? '');
  if (!d(colon - 4) || !d(colon - 2) || !d(colon - 1) || !d(colon + 1) || !d(colon + 2)) return false;
  // git reads the year right after the seconds; a zone in between (`10:00:00 +0000 2024`,
  // written by some archivers) is accepted here as well
  const year = /^\s*(?:(?:[+-]\d{4}|[A-Za-z]{1,5})\s+)?(\d+)/.exec(text.slice(colon + 3));
  return year !== null && Number(year[1]) > 90;
}

/** `>From `, `>>From `…: an mboxrd-escaped body line. */
function isEscapedFrom(buf: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i < end && buf[i] === GT) i++;
  return i > start && startsWithFrom(buf, i, end);
}

interface Segment {
  buf: Buffer;
  start: number;
}

interface Current {
  parts: Buffer[];
  offset: number;
  line: number;
  separator?: string;
}

/**
 * Cuts an mbox into messages as the bytes arrive (RFC 4155), holding only
 * the message being read and one partial line.
 *
 * Separator rule: the first line of the input when it starts with `From `,
 * and later a `From ` line that follows a blank line (the mboxo/mboxrd
 * writing rule) and has git mailsplit's date shape (see looksLikeSeparator).
 * b4 reads mboxes with Python's mailbox module, which splits on every
 * `From ` line; git mailsplit splits on date-shaped ones; requiring both the
 * blank line and the date keeps unescaped `From ` lines in bodies intact.
 *
 * Input that does not start with `From ` is one message (a single .patch or
 * .eml). mboxrd unescaping (one `>` dropped from `^>+From `) is applied only
 * to messages that came after a separator, i.e. inside an mbox.
 *
 * Each message's bytes run up to the next separator, so the blank line that
 * precedes it stays in the message: joinMbox can restore the input exactly.
 */
export async function* splitMbox(stream: AsyncIterable<Uint8Array | string>): AsyncIterable<RawMessage> {
  let cur: Current | undefined;
  let ordinal = 0;
  let offset = 0;
  let lineNo = 0;
  let prevBlank = false;
  let carry: Buffer[] = [];

  const finish = (): RawMessage | undefined => {
    if (!cur) return undefined;
    const msg: RawMessage = { bytes: Buffer.concat(cur.parts), offset: cur.offset, line: cur.line, ordinal: ++ordinal };
    if (cur.separator !== undefined) msg.separator = cur.separator;
    cur = undefined;
    return msg;
  };

  // Lines inside one chunk are copied in contiguous runs from `segment.start`;
  // a run ends where a line is dropped (separator) or altered (>From).
  const flush = (segment: Segment | undefined, upTo: number) => {
    if (segment && cur && upTo > segment.start) cur.parts.push(segment.buf.subarray(segment.start, upTo));
  };

  // One whole line buf[start, end), ending in LF except at EOF; returns the message it completes.
  const line = (buf: Buffer, start: number, end: number, segment: Segment | undefined): RawMessage | undefined => {
    const first = lineNo === 0;
    lineNo++;
    let done: RawMessage | undefined;
    if (startsWithFrom(buf, start, end) && (first || (prevBlank && looksLikeSeparator(buf.toString('latin1', start, end))))) {
      flush(segment, start);
      done = finish();
      cur = { parts: [], offset: offset + (end - start), line: lineNo + 1, separator: buf.toString('latin1', start, end) };
      if (segment) segment.start = end;
    } else {
      cur ??= { parts: [], offset, line: lineNo };
      if (cur.separator !== undefined && buf[start] === GT && isEscapedFrom(buf, start, end)) {
        flush(segment, start);
        cur.parts.push(buf.subarray(start + 1, end));
        if (segment) segment.start = end;
      } else if (!segment) {
        cur.parts.push(buf.subarray(start, end));
      }
    }
    prevBlank = isBlank(buf, start, end);
    offset += end - start;
    return done;
  };

  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    if (carry.length) {
      const nl = buf.indexOf(LF);
      if (nl < 0) {
        carry.push(buf);
        continue;
      }
      const joined = Buffer.concat([...carry, buf.subarray(0, nl + 1)]);
      carry = [];
      const done = line(joined, 0, joined.length, undefined);
      if (done) yield done;
      pos = nl + 1;
    }
    const segment: Segment = { buf, start: pos };
    for (;;) {
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) break;
      const done = line(buf, pos, nl + 1, segment);
      if (done) yield done;
      pos = nl + 1;
    }
    flush(segment, pos);
    if (pos < buf.length) carry.push(buf.subarray(pos));
  }
  if (carry.length) {
    const rest = Buffer.concat(carry);
    const done = line(rest, 0, rest.length, undefined);
    if (done) yield done;
  }
  const last = finish();
  if (last) yield last;
}

/**
 * The inverse of splitMbox: each message's separator line (kept with its own
 * line end) followed by its bytes. For input with no line matching
 * `^>+From `, joinMbox(split(x)) is byte-identical to x, whatever the line
 * ends; mboxrd escapes are not restored (unescaping is the one lossy step).
 */
export function joinMbox(raws: RawMessage[]): Uint8Array {
  const parts: Buffer[] = [];
  for (const r of raws) {
    if (r.separator !== undefined) parts.push(Buffer.from(r.separator, 'latin1'));
    parts.push(Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength));
  }
  return Buffer.concat(parts);
}
