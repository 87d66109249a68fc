import type { Person } from '../common/index.js';
import type { Trailer } from './types.js';

const CANONICAL = [
  'Signed-off-by', 'Reviewed-by', 'Acked-by', 'Tested-by', 'Reported-by', 'Suggested-by',
  'Co-developed-by', 'Fixes', 'Link', 'Closes', 'Cc',
];
const BY_LOWER = new Map(CANONICAL.map((n) => [n.toLowerCase(), n]));
/** Trailers whose value is a person rather than a commit or URL. */
const PERSON_TRAILERS = new Set(['Signed-off-by', 'Reviewed-by', 'Acked-by', 'Tested-by', 'Reported-by', 'Suggested-by', 'Co-developed-by', 'Cc']);

// Indented `Name: value` lines in prose are examples or proposals, not trailers.
// The name and colon; the value is the rest, trimmed. `(\S.*?)\s*$` in one expression tried the
// trailing blanks from every character of the value: quadratic on a line with a long blank run (3 s).
const TRAILER_HEAD = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(?=\S)/;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/** `Name: value` with the value trimmed (what `^(name)\s*:\s*(\S.*?)\s*$` matched), or undefined. */
function trailerLine(line: string): [name: string, value: string] | undefined {
  const head = TRAILER_HEAD.exec(line);
  if (!head) return undefined;
  const value = line.slice(head[0].length).trimEnd();
  return LINE_TERMINATOR.test(value) ? undefined : [head[1]!, value];
}
/** A run of the characters an address is made of. */
const ADDRESS_CHARS = /[^\s<>()[\]"',;]+/g;

/**
 * The first bare address in `value`: what `/[^X]+@[^X]+\.[^X]+/` (X: blanks
 * and `<>()[]"',;`) finds, in one pass. That expression backtracks over every
 * start and every `@` of a long run and took 15 s on a 94 kB fuzzed trailer;
 * its match is always a whole run holding an `@` after its first character
 * and a `.` at least two characters after that `@` and before its last one.
 */
export function bareAddress(value: string): { index: number; text: string } | undefined {
  for (const m of value.matchAll(ADDRESS_CHARS)) {
    const run = m[0];
    const at = run.indexOf('@', 1);
    if (at > 0 && run.lastIndexOf('.', run.length - 2) >= at + 2) return { index: m.index, text: run };
  }
  return undefined;
}

/**
 * `Name <addr>`, `addr (Name)`, a bare address, or `Name (corp) <addr>` / `Name [corp] <addr>`
 * as b4 accepts them; anything after the address (e.g. `# v5.10`) is ignored.
 */
export function parsePerson(value: string): Person | undefined {
  // The first `<addr` wins, so HTML junk like `<a@b<mailto:a@b>>` still yields a@b.
  const angle = /^([^<]*)<([^<>\s]+@[^<>\s]+?)[<>]/.exec(value);
  if (angle) {
    const name = angle[1].trim().replace(/\s*[([][^)\]]*[)\]]$/, '').trim().replace(/^"(.*)"$/, '$1');
    return { name, address: angle[2] };
  }
  const bare = bareAddress(value);
  if (!bare) return undefined;
  const paren = /\(([^)]*)\)/.exec(value.slice(bare.index + bare.text.length));
  return { name: paren ? paren[1].trim() : '', address: bare.text };
}

/** The canonical name of a known trailer, or undefined. */
export function canonicalTrailerName(name: string): string | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** A trailer from one line, or undefined; `bodyLine` is stored as given. */
export function parseTrailerLine(line: string, bodyLine: number): Trailer | undefined {
  const m = trailerLine(line);
  if (!m) return undefined;
  const name = canonicalTrailerName(m[0]);
  if (!name) return undefined;
  const value = m[1];
  const trailer: Trailer = { name, value, bodyLine };
  if (PERSON_TRAILERS.has(name)) {
    const person = parsePerson(value);
    if (!person) return undefined;
    trailer.person = person;
  }
  return trailer;
}

/** Every known trailer line of a body, quoted (`>`) lines excepted. */
export function parseTrailers(body: string): Trailer[] {
  const out: Trailer[] = [];
  body.split('\n').forEach((line, i) => {
    if (/^\s*>/.test(line)) return;
    const t = parseTrailerLine(line.replace(/\r$/, ''), i);
    if (t) out.push(t);
  });
  return out;
}
