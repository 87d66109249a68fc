/**
 * The reviewer's text of a message: a synchronous walk over the MIME tree.
 *
 * Library choice, measured with bench/mime-choice.mjs on the 232 messages of
 * fixtures/corpus and fixtures/parser (0.66 MB, 20 rounds, Node 20):
 *   postal-mime 4.0.0  3.2–3.8 ms/message, no throws; wrong on a windows-1252
 *                      encoded word ("=93gmem=94 =80" → "gmem "), on a UTF-8
 *                      character split over two encoded words, on raw latin-1
 *   mailparser 3.14.2  2.2–2.3 ms/message, no throws; right on both encoded-word
 *                      cases, wrong on raw latin-1 headers (U+FFFD)
 * Decision: mailparser's decoder, libmime, for encoded words and MIME
 * parameters (RFC 2231). Both libraries parse whole messages only
 * asynchronously (PostalMime.parse, simpleParser return promises), while
 * parseMessage is synchronous by contract (the series stage calls it per raw
 * message), so the tree walk below is ours, ~0.5–0.7 ms/message on the same
 * set. Raw 8-bit headers are ours too (header-value.ts), and windows-1252
 * bytes 0x80–0x9f (charset.ts), which Node's TextDecoder gets wrong.
 * Address lists use postal-mime's addressParser after encoded words are
 * decoded (so its own word decoder never runs).
 */
import { libmime, parseParams, type ContentType } from './libmime.js';
import { decodeText, printable } from './charset.js';
import { readHeaderBlock, type HeaderField } from './header-block.js';
import { headerText } from './header-value.js';

export interface BodyProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based line within the message, when known. */
  line?: number;
}

export interface BodyResult {
  text: string;
  /** True when the body is the top-level part's own bytes, not transfer-decoded. */
  verbatim: boolean;
  problems: BodyProblem[];
}

const MAX_DEPTH = 20;
const PATCH_TYPES = new Set(['text/x-patch', 'text/x-diff', 'application/x-patch', 'application/x-diff']);
const IDENTITY = new Set(['', '7bit', '8bit', 'binary']);

function first(fields: HeaderField[], name: string): HeaderField | undefined {
  return fields.find((f) => f.name === name);
}

function filenameOf(fields: HeaderField[], ct: ContentType): string {
  const disp = first(fields, 'content-disposition');
  const name = (disp && parseParams(headerText(disp.value)).params.filename) || ct.params.name || '';
  return name.toLowerCase();
}

/** Quoted-printable (RFC 2045 §6.7): `=XX`, soft breaks, transport padding removed; lenient on stray `=`. */
export function decodeQuotedPrintable(buf: Uint8Array): { bytes: Buffer; bad: boolean } {
  const out = Buffer.alloc(buf.length);
  let o = 0;
  let bad = false;
  const hex = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
  // start of a run of literal blanks; dropped when a hard line end follows (transport padding)
  let pad = -1;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === 0x3d) {
      let j = i + 1;
      while (j < buf.length && (buf[j] === 0x20 || buf[j] === 0x09)) j++;
      if (j < buf.length && (buf[j] === 0x0a || (buf[j] === 0x0d && buf[j + 1] === 0x0a))) {
        i = buf[j] === 0x0d ? j + 1 : j;
        pad = -1;
        continue;
      }
      if (j === buf.length) break;
      pad = -1;
      const h = hex(buf[i + 1] ?? 0);
      const l = hex(buf[i + 2] ?? 0);
      if (h >= 0 && l >= 0) {
        out[o++] = h * 16 + l;
        i += 2;
        continue;
      }
      bad = true;
      out[o++] = c;
    } else if (c === 0x0a || (c === 0x0d && buf[i + 1] === 0x0a)) {
      if (pad >= 0) o = pad;
      pad = -1;
      out[o++] = 0x0a;
      if (c === 0x0d) i++;
    } else {
      if (c === 0x20 || c === 0x09) {
        if (pad < 0) pad = o;
      } else pad = -1;
      out[o++] = c;
    }
  }
  return { bytes: out.subarray(0, o), bad };
}

function decodeBase64(buf: Uint8Array): { bytes: Buffer; bad: boolean } {
  const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1').replace(/[\s]+/g, '');
  const bad = !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1;
  return { bytes: Buffer.from(text, 'base64'), bad };
}

function lf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
}

/** Splits a multipart body at its boundary lines; the line end before a delimiter belongs to it. */
function splitMultipart(body: Buffer, boundary: string): { parts: { bytes: Buffer; line: number }[]; closed: boolean } {
  const delim = `--${boundary}`;
  const parts: { bytes: Buffer; line: number }[] = [];
  let pos = 0;
  let line = 0;
  let start = -1;
  let startLine = 0;
  while (pos < body.length) {
    const nl = body.indexOf(0x0a, pos);
    const next = nl < 0 ? body.length : nl + 1;
    line++;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) {
      const text = body.toString('latin1', pos, next).trimEnd();
      if (text === delim || text === `${delim}--`) {
        if (start >= 0) {
          let end = pos;
          if (end > start && body[end - 1] === 0x0a) end--;
          if (end > start && body[end - 1] === 0x0d) end--;
          parts.push({ bytes: body.subarray(start, end), line: startLine });
        }
        if (text !== delim) return { parts, closed: true };
        start = next;
        startLine = line + 1;
      }
    }
    pos = next;
  }
  if (start >= 0) parts.push({ bytes: body.subarray(start), line: startLine });
  return { parts, closed: false };
}

interface Walk {
  texts: string[];
  /** Flowed text had lines joined, so body lines no longer match input lines. */
  reflowed?: boolean;
  problems: BodyProblem[];
}

function walk(fields: HeaderField[], body: Buffer, base: number, bodyLine: number, depth: number, w: Walk, top: boolean): boolean {
  // field lines are relative to the part; `base` is the message line of the part's first line
  const at = (f: HeaderField | undefined) => (f ? base + f.line - 1 : undefined);
  const ctField = first(fields, 'content-type');
  const ct = ctField ? parseParams(headerText(ctField.value)) : { type: 'text/plain', params: {} };
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(ct.type)) {
    if (ctField) w.problems.push({ severity: 'warning', message: `bad Content-Type "${printable(ct.type)}", read as text/plain`, line: at(ctField) });
    ct.type = 'text/plain';
  }
  if (ct.type.startsWith('multipart/')) {
    const boundary = ct.params.boundary;
    if (!boundary) {
      w.problems.push({ severity: 'warning', message: `${ct.type} without a boundary, read as text/plain`, line: at(ctField) });
      ct.type = 'text/plain';
    } else if (depth >= MAX_DEPTH) {
      w.problems.push({ severity: 'warning', message: `MIME parts nested deeper than ${MAX_DEPTH} skipped`, line: bodyLine });
      return false;
    } else {
      const { parts, closed } = splitMultipart(body, boundary);
      if (!closed) w.problems.push({ severity: 'warning', message: `${ct.type} has no closing boundary`, line: bodyLine });
      let any = false;
      for (const p of parts) {
        const block = readHeaderBlock(p.bytes);
        const partLine = bodyLine + p.line - 1;
        for (const pr of block.problems) w.problems.push({ severity: 'warning', message: `MIME part: ${pr.message}`, line: partLine + pr.line - 1 });
        const used = walk(block.fields, p.bytes.subarray(block.bodyStart), partLine, partLine + block.lines, depth + 1, w, false);
        any ||= used;
        // alternatives say the same thing twice: the first readable one is enough
        if (used && ct.type === 'multipart/alternative') break;
      }
      return any;
    }
  }
  const name = filenameOf(fields, ct);
  const wanted = ct.type === 'text/plain' || PATCH_TYPES.has(ct.type) || (ct.type === 'application/octet-stream' && /\.(patch|diff)$/.test(name));
  if (!wanted) {
    if (top) w.problems.push({ severity: 'warning', message: `no text/plain body (Content-Type ${printable(ct.type)})`, line: at(ctField) });
    return false;
  }
  const cteField = first(fields, 'content-transfer-encoding');
  const cte = cteField ? headerText(cteField.value).trim().toLowerCase() : '';
  let bytes: Buffer = body;
  if (cte === 'quoted-printable' || cte === 'base64') {
    const d = cte === 'base64' ? decodeBase64(body) : decodeQuotedPrintable(body);
    if (d.bad) w.problems.push({ severity: 'warning', message: `malformed ${cte} text, decoded leniently`, line: bodyLine });
    bytes = d.bytes;
  } else if (!IDENTITY.has(cte)) {
    w.problems.push({ severity: 'warning', message: `unknown Content-Transfer-Encoding "${printable(cte)}", read as 8bit`, line: at(cteField) });
  }
  const decoded = decodeText(bytes, ct.params.charset);
  if (decoded.problem) w.problems.push({ severity: 'warning', message: `${decoded.problem}; decoded as utf-8 or windows-1252`, line: at(ctField) ?? bodyLine });
  let text = lf(decoded.text);
  if (ct.type === 'text/plain' && ct.params.format?.toLowerCase() === 'flowed') {
    // RFC 3676: undo space-stuffing and join soft-wrapped lines, as mail readers (and postal-mime) do;
    // quoted diff context lines in replies come out with their single leading space again
    const flowed = libmime().decodeFlowed(text, ct.params.delsp?.toLowerCase() === 'yes');
    if (flowed.split('\n').length !== text.split('\n').length) w.reflowed = true;
    text = flowed;
  }
  w.texts.push(text);
  return true;
}

/** Body text of a message whose header block was read already. */
export function extractBody(fields: HeaderField[], body: Buffer, bodyLine: number): BodyResult {
  const w: Walk = { texts: [], problems: [] };
  walk(fields, body, 1, bodyLine, 0, w, true);
  const ctField = first(fields, 'content-type');
  const type = ctField ? parseParams(headerText(ctField.value)).type : 'text/plain';
  const cteField = first(fields, 'content-transfer-encoding');
  const cte = cteField ? headerText(cteField.value).trim().toLowerCase() : '';
  const verbatim = w.texts.length === 1 && !w.reflowed && !type.startsWith('multipart/') && IDENTITY.has(cte);
  const text = w.texts.map((t, i) => (i < w.texts.length - 1 && !t.endsWith('\n') ? `${t}\n` : t)).join('');
  return { text, verbatim, problems: w.problems };
}
