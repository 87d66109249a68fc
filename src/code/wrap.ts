import type { Row, Segment } from './image.js';

/**
 * A hunk usually starts and ends inside a function. tree-sitter needs a
 * translation unit, so the fragment is wrapped: opened with a made-up
 * function (or with the struct/enum header git names) and closed with as
 * many braces as are left open. The made-up rows carry no CodeLine.
 */
export const FRAGMENT_NAME = '__pmr_fragment';

export interface Wrapped {
  rows: Row[];
  /** The first rows open a made-up function standing for the one in the hunk header. */
  fragment: boolean;
}

/** Removes comments, strings and char literals so braces in them do not count. */
export function stripCode(rows: string[], startsInComment = false): string[] {
  return stripCodeState(rows, startsInComment).code;
}

/** Stripped rows and whether the last row ends inside a block comment. */
export function stripCodeState(rows: string[], startsInComment = false): { code: string[]; endsInComment: boolean } {
  let inBlock = startsInComment;
  const code = rows.map((text) => {
    let out = '';
    let i = 0;
    while (i < text.length) {
      if (inBlock) {
        const end = text.indexOf('*/', i);
        if (end < 0) break;
        inBlock = false;
        i = end + 2;
        continue;
      }
      const c = text[i]!;
      if (c === '/' && text[i + 1] === '*') { inBlock = true; i += 2; continue; }
      if (c === '/' && text[i + 1] === '/') break;
      if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
        out += ' ';
        i = j + 1;
        continue;
      }
      out += c;
      i++;
    }
    return out;
  });
  return { code, endsInComment: inBlock };
}

/**
 * Brace depth after each row, relative to the segment start. Only the
 * first branch of an #if/#else counts: kernel code often repeats an
 * opening line in both branches.
 */
export function braceDepths(texts: string[], startsInComment = false): number[] {
  const code = stripCode(texts, startsInComment);
  const depths: number[] = [];
  let depth = 0;
  const skipping: boolean[] = [];
  for (const line of code) {
    const pp = /^\s*#\s*(\w+)/.exec(line)?.[1];
    if (pp) {
      if (/^if/.test(pp)) skipping.push(false);
      else if (pp === 'else' || pp === 'elif') { if (skipping.length) skipping[skipping.length - 1] = true; }
      else if (pp === 'endif') skipping.pop();
      depths.push(depth);
      continue;
    }
    if (!skipping.includes(true)) {
      for (const ch of line) {
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
      }
    }
    depths.push(depth);
  }
  return depths;
}

/**
 * Braces still open at the end of the rows, innermost first; true for a
 * `do {` whose `} while (...)` is beyond the hunk and must be made up.
 */
export function openBraces(code: string[]): boolean[] {
  const stack: boolean[] = [];
  for (const line of code) {
    if (/^\s*#/.test(line)) continue;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '{') stack.push(/\bdo\s*$/.test(line.slice(0, i)));
      else if (line[i] === '}') stack.pop();
    }
  }
  return stack.reverse();
}

/** More `(` than `)`: a signature git cut after its first line. */
function unbalancedParens(text: string): boolean {
  return (text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0);
}

function closesParens(text: string): boolean {
  return (text.match(/\)/g)?.length ?? 0) > (text.match(/\(/g)?.length ?? 0);
}

function headerKind(header: string): 'function' | 'aggregate' | 'none' {
  const h = header.trim();
  if (!h || !/^[A-Za-z_$]/.test(h)) return 'none';
  if (/^(struct|union|enum)\b[^(=]*\{?\s*$/.test(h) || /=\s*\{\s*$/.test(h)) return 'aggregate';
  if (/[A-Za-z_]\w*\s*\(/.test(h) && !/;\s*$/.test(h)) return 'function';
  return 'none';
}

/** The hunk starts inside a block comment: its first line is " * text" and a comment end comes before any comment start. */
function startsInComment(texts: string[]): boolean {
  const first = texts.find((t) => t.trim() !== '');
  if (first === undefined || !/^\s*\*/.test(first) || /^\s*\/\*/.test(first)) return false;
  for (const t of texts) {
    const open = t.indexOf('/*');
    const end = t.indexOf('*/');
    if (end >= 0 && (open < 0 || end < open)) return true;
    if (open >= 0) return false;
  }
  return false;
}

export function wrapSegment(seg: Segment): Wrapped {
  const texts = seg.rows.map((r) => r.text);
  const inComment = startsInComment(texts);
  const depths = braceDepths(texts, inComment);
  const lead = Math.max(0, -Math.min(0, ...depths));
  const { code, endsInComment } = stripCodeState(texts, inComment);
  const firstCode = code.find((t) => t.trim() !== '' && !/^\s*#/.test(t));
  const kind = headerKind(seg.header);
  const indented = firstCode !== undefined && /^\s/.test(firstCode) && !/^\s*[}{]?\s*$/.test(firstCode);
  // Kernel style closes functions and aggregates with `}` in column 0: the
  // first one tells how deep the hunk starts, which unmatched braces alone
  // underestimate when the hunk starts inside a nested block.
  const close = texts.findIndex((t) => /^}/.test(t));
  const needed = close >= 0 ? Math.max(lead, -depths[close]!) : lead + 1;
  let open = lead;
  const prefix: string[] = [];
  let aggregate = false;
  let fragment = false;
  if (kind === 'aggregate' && (lead > 0 || indented)) {
    aggregate = true;
    open = Math.max(needed, 1);
    prefix.push(seg.header.trim().endsWith('{') ? seg.header : `${seg.header} {`);
    for (let i = 1; i < open; i++) prefix.push('{');
  } else if (kind === 'function' && lead === 0 && firstCode !== undefined && (/^\{\s*$/.test(firstCode) || (unbalancedParens(seg.header) && closesParens(firstCode)))) {
    // The hunk starts at the opening brace or inside the parameter list: the header is (the start of) the signature.
    prefix.push(seg.header);
  } else if (lead > 0 || (kind === 'function' && indented)) {
    fragment = true;
    open = Math.max(needed, 1);
    prefix.push(`void ${FRAGMENT_NAME}(void) {`);
    for (let i = 1; i < open; i++) prefix.push('{');
  }
  if (inComment) prefix.push('/*');
  const end = open + (depths[depths.length - 1] ?? 0);
  const suffix: string[] = endsInComment ? ['*/'] : [];
  const stillOpen = openBraces(code);
  for (let i = 0; i < end; i++) suffix.push(stillOpen[i] ? '} while (0);' : '}');
  if (aggregate && end > 0) suffix[suffix.length - 1] = '};';
  return { rows: [...prefix.map((text) => ({ text })), ...seg.rows, ...suffix.map((text) => ({ text }))], fragment };
}
