import { isAscii as bufferIsAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';

/**
 * Text decoding with patchwork's fallback order: the declared charset, then
 * utf-8, then windows-1252. iso-8859-1, patchwork's last resort, is never
 * reached: windows-1252 maps every byte (WHATWG even makes `iso-8859-1` a
 * label of windows-1252), so it cannot fail.
 */
const decoders = new Map<string, TextDecoder | null>();

function decoder(label: string): TextDecoder | null {
  let d = decoders.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label, { fatal: true });
    } catch {
      d = null;
    }
    decoders.set(label, d);
  }
  return d;
}

function isAscii(bytes: Uint8Array): boolean {
  return bytes.length === 0 || bufferIsAscii(bytes);
}

// Node's TextDecoder decodes windows-1252 (and its WHATWG aliases) as ISO-8859-1,
// turning 0x80–0x9f into C1 controls; browsers and patchwork give € “ ” … there.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeCp1252(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const part = Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(8192, bytes.length - i)).toString('latin1');
    s += part.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
  }
  return s;
}

export interface Decoded {
  text: string;
  /** Why the declared charset was not used, when it was not. */
  problem?: string;
}

export function decodeText(bytes: Uint8Array, declared?: string): Decoded {
  if (isAscii(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };
  let problem: string | undefined;
  const label = declared?.trim().toLowerCase();
  if (label) {
    const d = /^[\w.:+-]{1,40}$/.test(label) ? decoder(label) : null;
    if (!d) problem = `unknown charset "${printable(declared!)}"`;
    else {
      try {
        if (d.encoding === 'windows-1252') return { text: decodeCp1252(bytes) };
        return { text: d.decode(bytes) };
      } catch {
        problem = `text is not valid ${label}`;
      }
    }
  }
  try {
    return { text: decoder('utf-8')!.decode(bytes), problem };
  } catch {
    return { text: decodeCp1252(bytes), problem };
  }
}

/** A value safe to put in a one-line diagnostic. */
export function printable(s: string, max = 60): string {
  const t = s.replace(/[\x00-\x1f\x7f]/g, '?');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
