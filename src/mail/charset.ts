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
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
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
        return { text: d.decode(bytes) };
      } catch {
        problem = `text is not valid ${label}`;
      }
    }
  }
  try {
    return { text: decoder('utf-8')!.decode(bytes), problem };
  } catch {
    return { text: decoder('windows-1252')!.decode(bytes), problem };
  }
}

/** A value safe to put in a one-line diagnostic. */
export function printable(s: string, max = 60): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\x00-\x1f\x7f]/g, '?');
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
