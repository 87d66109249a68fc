import type { RawMessage } from './types.js';
import { countLFSwar, findFrom } from './from-scan.js';

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_ = Buffer.from('From ', 'latin1');
const PIECE = 64 << 10;

/**
 * Bytes of one message kept for parsing. A message is held whole while it is
 * read (its parts are parsed together), so without a cap a gzip of zeros (one
 * "message" with no line end) is held up to --max-input-bytes. Well above any
 * real mail: the largest patch mails on lore are a few MB.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 ** 2;

export interface SplitOptions {
  /** Larger messages are not kept: they come out with `oversize` set and no bytes. */
  maxMessageBytes?: number;
}

// byte by byte: Buffer#compare is a native call behind argument checks, dear for five bytes
function startsWithFrom(buf: Buffer, start: number, end: number): boolean {
  return end - start >= 5 && buf[start] === 0x46 && buf[start + 1] === 0x72 && buf[start + 2] === 0x6f && buf[start + 3] === 0x6d && buf[start + 4] === 0x20;
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

const COLON = 0x3a;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isLetter = (c: number) => (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
/** JavaScript's `\s` restricted to latin1: TAB, LF, VT, FF, CR, space, NBSP. */
const isSpace = (c: number) => (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0;

/**
 * looksLikeSeparator on the latin1 line buf[start, stop), without building
 * the string or running the year regex (compiled lazily by V8 and slow for
 * its first thousands of runs, i.e. for most of an archive).
 */
export function isSeparatorShape(buf: Buffer, start: number, stop: number): boolean {
  let e = stop;
  if (e > start && buf[e - 1] === LF) {
    e--;
    if (e > start && buf[e - 1] === CR) e--;
  }
  if (e - start < 20 || !startsWithFrom(buf, start, e)) return false;
  let colon = e - 1;
  while (colon >= start && buf[colon] !== COLON) colon--;
  if (colon - start < 9) return false;
  if (!isDigit(buf[colon - 4]!) || !isDigit(buf[colon - 2]!) || !isDigit(buf[colon - 1]!)) return false;
  if (colon + 2 >= e || !isDigit(buf[colon + 1]!) || !isDigit(buf[colon + 2]!)) return false;
  // /^\s*(?:(?:[+-]\d{4}|[A-Za-z]{1,5})\s+)?(\d+)/ from colon + 3, by hand
  let i = colon + 3;
  while (i < e && isSpace(buf[i]!)) i++;
  if (i < e && !isDigit(buf[i]!)) {
    let zone = i;
    const c = buf[i]!;
    if (c === 0x2b || c === 0x2d) {
      zone++;
      while (zone < e && zone - i <= 4 && isDigit(buf[zone]!)) zone++;
      if (zone - i !== 5) return false;
    } else {
      while (zone < e && isLetter(buf[zone]!)) zone++;
      if (zone === i || zone - i > 5) return false;
    }
    if (zone >= e || !isSpace(buf[zone]!)) return false;
    i = zone;
    while (i < e && isSpace(buf[i]!)) i++;
  }
  let year = 0;
  for (; i < e && isDigit(buf[i]!); i++) year = year * 10 + (buf[i]! - 0x30);
  return year > 90;
}

/** `>From `, `>>From `…: an mboxrd-escaped body line. */
function isEscapedFrom(buf: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i < end && buf[i] === GT) i++;
  return i > start && startsWithFrom(buf, i, end);
}

/** Whether the line whose LF is buf[i] is blank (`\n` or `\r\n`); `lo` is a line start at or before it. */
function endsBlankLine(buf: Buffer, i: number, lo: number): boolean {
  if (i === lo || buf[i - 1] === LF) return true;
  return buf[i - 1] === CR && (i - 1 === lo || buf[i - 2] === LF);
}

/**
 * The splitter's state between chunks. Inside a chunk it never walks lines:
 * it looks only at the `From `s (separators and mboxrd escapes), keeps the
 * bytes between them as one run, and takes line numbers from the scan.
 */
class Splitter {
  readonly done: RawMessage[] = [];
  private ordinal = 0;
  /** The message being read (plain fields, not an object per message: less to collect). */
  private open = false;
  private curOffset = 0;
  private curLine = 0;
  private curSeparator: string | undefined;
  private parts: Buffer[] = [];
  private size = 0;
  /** Bytes of the current message seen, kept or not; over the cap, none are kept. */
  private total = 0;
  private over = false;
  /** Input offset and 1-based number of lines consumed so far. */
  private offset = 0;
  private lineNo = 0;
  private prevBlank = false;
  /** The run of kept bytes not yet added to parts: runBuf[runStart, …). */
  private runBuf: Buffer | undefined;
  private runStart = 0;

  constructor(private readonly max: number) {}

  private keep(part: Buffer): void {
    this.total += part.length;
    if (this.over) return;
    if (this.size + part.length > this.max) {
      this.over = true;
      this.parts.length = 0;
      this.size = 0;
      return;
    }
    this.parts.push(part);
    this.size += part.length;
  }

  /**
   * `bytes` more of a line too long to hold (longer than the cap, no line end
   * yet); `ends` when they end it. Such a line is never a separator.
   */
  longLine(bytes: number, ends: boolean): void {
    if (!this.open) this.begin(this.offset, this.lineNo + 1, undefined);
    this.total += bytes;
    this.over = true;
    this.parts.length = 0;
    this.size = 0;
    this.offset += bytes;
    if (ends) {
      this.lineNo++;
      this.prevBlank = false;
    }
  }

  private flush(upTo: number): void {
    if (this.runBuf && this.open && upTo > this.runStart) this.keep(this.runBuf.subarray(this.runStart, upTo));
  }

  private begin(offset: number, line: number, separator: string | undefined): void {
    this.open = true;
    this.total = 0;
    this.over = false;
    this.curOffset = offset;
    this.curLine = line;
    this.curSeparator = separator;
  }

  /** Ends the current message, if any. */
  end(): void {
    if (!this.open) return;
    // A message inside one chunk is a view of it, not a copy: copying costs as
    // much as all the rest of the split. The view keeps its chunk alive, and a
    // structured clone (postMessage) copies the whole chunk behind it.
    const bytes = this.over ? Buffer.alloc(0) : this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    const msg: RawMessage = { bytes, offset: this.curOffset, line: this.curLine, ordinal: ++this.ordinal };
    if (this.curSeparator !== undefined) msg.separator = this.curSeparator;
    if (this.over) msg.oversize = this.total;
    this.done.push(msg);
    this.open = false;
    this.parts.length = 0;
    this.size = 0;
  }

  /** Ends the current message and starts one after the separator line buf[start, end). */
  private cut(buf: Buffer, start: number, end: number, offset: number, line: number): void {
    if (this.runBuf) this.flush(start);
    this.end();
    this.begin(offset, line, buf.toString('latin1', start, end));
    if (this.runBuf) this.runStart = end;
  }

  /**
   * One whole line buf[start, end), LF-terminated except at EOF: the first of
   * a chunk's run of lines, or one joined across chunks (no run: its bytes are
   * kept here).
   */
  line(buf: Buffer, start: number, end: number): void {
    const first = this.lineNo === 0;
    this.lineNo++;
    if (startsWithFrom(buf, start, end) && (first || (this.prevBlank && isSeparatorShape(buf, start, end)))) {
      this.cut(buf, start, end, this.offset + (end - start), this.lineNo + 1);
    } else {
      if (!this.open) this.begin(this.offset, this.lineNo, undefined);
      const escaped = this.curSeparator !== undefined && buf[start] === GT && isEscapedFrom(buf, start, end);
      if (this.runBuf) {
        if (escaped) {
          this.flush(start);
          this.runStart = start + 1;
        }
      } else {
        this.keep(buf.subarray(escaped ? start + 1 : start, end));
      }
    }
    this.prevBlank = isBlank(buf, start, end);
    this.offset += end - start;
  }

  /** Whole lines buf[start, end), end - 1 being an LF. */
  lines(buf: Buffer, start: number, end: number): void {
    this.runBuf = buf;
    this.runStart = start;
    const second = buf.indexOf(LF, start) + 1;
    this.line(buf, start, second);
    if (second < end) this.scan(buf, start, second, end);
    this.flush(end);
    this.runBuf = undefined;
  }

  /**
   * What the `From ` at buf[hit] (inside lines buf[from, …) after the line
   * buf[lo, from)), whose line ends at `stop`, is: -1 nothing, 0 an mboxrd
   * escape (dropped from the run here), else a separator: `stop` is returned.
   */
  private classify(buf: Buffer, lo: number, from: number, hit: number, stop: number): number {
    let start = hit;
    while (start > from && buf[start - 1] === GT) start--;
    if (buf[start - 1] !== LF) return -1;
    if (start < hit) {
      if (this.curSeparator === undefined) return -1;
      this.flush(start);
      this.runStart = start + 1;
      return 0;
    }
    return endsBlankLine(buf, start - 1, lo) && isSeparatorShape(buf, start, stop) ? stop : -1;
  }

  /**
   * Lines buf[from, end) after the line buf[lo, from). Separators and mboxrd
   * escapes both contain `From `, so the places to look at are the `From `s:
   * found by the scan kernel with their line numbers, or without it by a
   * native search (memchr on `F`, rare in mail) and an LF count.
   */
  private scan(buf: Buffer, lo: number, from: number, end: number): void {
    const offset = this.offset - from;
    const found = findFrom(buf, from, end);
    if (found) {
      const { count, hits } = found;
      for (let h = 0; h < 3 * count; h += 3) {
        const hit = from + hits[h]!;
        const stop = this.classify(buf, lo, from, hit, from + hits[h + 2]!);
        if (stop > 0) this.cut(buf, hit, stop, offset + stop, this.lineNo + hits[h + 1]! + 2);
      }
      this.lineNo += found.lines;
    } else {
      let lines = this.lineNo;
      let counted = from;
      for (let hit = buf.indexOf(FROM_, from); hit >= 0 && hit < end; hit = buf.indexOf(FROM_, hit + 5)) {
        const stop = this.classify(buf, lo, from, hit, buf.indexOf(LF, hit) + 1);
        if (stop <= 0) continue;
        lines += countLFSwar(buf, counted, hit);
        counted = hit;
        this.cut(buf, hit, stop, offset + stop, lines + 2);
      }
      this.lineNo = lines + countLFSwar(buf, counted, end);
    }
    this.offset = offset + end;
    this.prevBlank = endsBlankLine(buf, end - 1, lo);
  }
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
export async function* splitMbox(stream: AsyncIterable<Uint8Array | string>, opts: SplitOptions = {}): AsyncIterable<RawMessage> {
  const max = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const s = new Splitter(max);
  // The start of a line whose end has not arrived; past the cap it is only counted (longLine).
  let carry: Buffer[] = [];
  let carried = 0;
  let inLongLine = false;
  const carryOn = (b: Buffer): void => {
    carry.push(b);
    carried += b.length;
    if (carried <= max) return;
    s.longLine(carried, false);
    carry = [];
    carried = 0;
    inLongLine = true;
  };
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let pos = 0;
    if (inLongLine) {
      const nl = buf.indexOf(LF);
      if (nl < 0) {
        s.longLine(buf.length, false);
        continue;
      }
      s.longLine(nl + 1, true);
      inLongLine = false;
      pos = nl + 1;
    } else if (carry.length) {
      const nl = buf.indexOf(LF);
      if (nl < 0) {
        carryOn(buf);
        continue;
      }
      const joined = Buffer.concat([...carry, buf.subarray(0, nl + 1)]);
      carry = [];
      carried = 0;
      s.line(joined, 0, joined.length);
      pos = nl + 1;
    }
    const last = buf.lastIndexOf(LF) + 1;
    while (last > pos) {
      // runs of whole lines of about PIECE bytes: the scan kernel's memory stays small
      let stop = last - pos > PIECE ? buf.lastIndexOf(LF, pos + PIECE - 1) + 1 : last;
      if (stop <= pos) stop = buf.indexOf(LF, pos + PIECE) + 1;
      s.lines(buf, pos, stop);
      pos = stop;
      // Yielding per run keeps few messages waiting: held across scavenges,
      // they (and views of chunks) get promoted and cost a full GC. A for-of
      // yield, as `yield*` over an array wraps every element in extra promises.
      for (const msg of s.done) yield msg;
      s.done.length = 0;
    }
    if (pos < buf.length) carryOn(buf.subarray(pos));
  }
  if (inLongLine) s.longLine(0, true);
  else if (carry.length) {
    const rest = Buffer.concat(carry);
    s.line(rest, 0, rest.length);
  }
  s.end();
  for (const msg of s.done) yield msg;
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
