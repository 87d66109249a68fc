/**
 * Header values: raw bytes to text, RFC 2047 encoded words, addresses and
 * Message-IDs.
 *
 * Encoded words are decoded with libmime, the decoder inside mailparser:
 * postal-mime's decodeWords drops windows-1252 bytes 0x80–0x9f ("=80uro"
 * became "uro") and breaks a UTF-8 character split across two adjacent
 * encoded words (measured by bench/mime-choice.mjs). Neither library decodes
 * raw 8-bit header bytes by charset fallback, so that part is ours: valid
 * UTF-8 is taken as UTF-8, anything else as windows-1252 (patchwork's order).
 */
import { libmime } from './libmime.js';
import { addressParser } from 'postal-mime';
import type { Person } from '../common/index.js';
import { decodeText } from './charset.js';

const ENCODED_RUN = /=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=(?:\s+=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)*/g;

function words(text: string): string {
  if (!text.includes('=?')) return text;
  try {
    return libmime().decodeWords(text);
  } catch {
    return text;
  }
}

/** Bytes (or a latin1/JS string) of a header value to text, without RFC 2047 decoding. */
export function headerText(raw: string | Uint8Array): string {
  const text = typeof raw === 'string' ? raw : decodeText(raw).text;
  return text.replace(/\r?\n(?=[ \t])/g, '').replace(/\r?\n/g, ' ');
}

/** A header value as a reader sees it: 8-bit bytes decoded, unfolded, encoded words decoded, trimmed. */
export function decodeHeaderValue(raw: string | Uint8Array): string {
  return words(headerText(raw)).trim();
}

/**
 * Decodes encoded words before address parsing, quoting the result when it
 * holds address specials (`=?utf-8?q?Doe=2C_John?=` must stay one name).
 */
function predecodePhrases(text: string): string {
  return text.replace(ENCODED_RUN, (run, at: number) => {
    const decoded = words(run);
    const quoted = text[at - 1] === '"';
    return !quoted && /[",;<>()@:\\[\]]/.test(decoded) ? `"${decoded.replace(/["\\]/g, '\\$&')}"` : decoded;
  });
}

interface ParsedAddress {
  name?: string;
  address?: string;
  group?: ParsedAddress[];
}

function flatten(list: ParsedAddress[], out: Person[]): void {
  for (const a of list) {
    if (a.group) flatten(a.group, out);
    else {
      const name = (a.name ?? '').trim();
      const address = (a.address ?? '').trim();
      if (name || address) out.push({ name, address });
    }
  }
}

/** An address list (From/To/Cc) from the raw header value. */
export function parsePersons(raw: string | Uint8Array): Person[] {
  const text = predecodePhrases(headerText(raw));
  const out: Person[] = [];
  try {
    flatten(addressParser(text) as ParsedAddress[], out);
  } catch {
    const t = text.trim();
    if (t) out.push({ name: '', address: t });
  }
  return out;
}

/** `<a@b> <c@d>` → ['a@b', 'c@d']; a lone bracket-less token is taken as is. */
export function messageIds(value: string): string[] {
  const ids = [...value.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.trim()).filter((id) => id && !/\s/.test(id));
  if (ids.length || value.includes('<')) return ids;
  const t = value.trim();
  return t && !/\s/.test(t) ? [t] : [];
}
