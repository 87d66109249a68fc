import { oneLine, type Person } from '../common/index.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** RFC 2822 date in UTC: `Sun, 22 Nov 2026 18:55:30 +0000`. */
export function rfc2822(d: Date): string {
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** asctime() form of the mbox `From ` separator line. */
export function asctime(d: Date): string {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * RFC 2047 B-encoded words of at most 75 characters each, split between code
 * points so no word holds half a UTF-8 sequence.
 */
export function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  const maxBytes = 45; // 4/3 · 45 = 60 base64 chars + 12 for =?UTF-8?B??= stays ≤ 75
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch) > maxBytes) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\n ');
}

/*
 * Names, addresses and subjects come from the mails answered: a line break in
 * one would start a header of the sender's choosing (a Bcc), a control
 * character would act on the terminal showing the mail. Each value is one
 * line with controls shown by their codes (oneLine), before any encoding.
 */

/** An unstructured header value (Subject): as is when ASCII, encoded words otherwise. */
export function headerText(value: string): string {
  const text = oneLine(value);
  return NON_ASCII.test(text) ? encodeWords(text) : text;
}

/** `Name <addr>` with the name quoted when it holds specials, encoded when it is not ASCII. */
export function address(p: Person): string {
  const addr = oneLine(p.address).replace(/[<>\s]/g, '');
  const raw = oneLine(p.name);
  if (!raw) return addr;
  if (NON_ASCII.test(raw)) return `${encodeWords(raw)} <${addr}>`;
  const name = /[()<>[\]:;@\\,."]/.test(raw) ? `"${raw.replace(/(["\\])/g, '\\$1')}"` : raw;
  return `${name} <${addr}>`;
}

/** Address list folded one address per line, as mail clients write long Cc lists. */
export function addressList(people: Person[]): string {
  return people.map(address).join(',\n ');
}
