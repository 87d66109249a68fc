import type { Row, Segment } from './image.js';
import { stripC } from './strip.js';

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

const DIRECTIVE = /^\s*#\s*(\w+)/;

/**
 * Brace depth after each row, relative to the segment start. Only the
 * first branch of an #if/#else counts: kernel code often repeats an
 * opening line in both branches.
 */
export function braceDepths(texts: string[], startsInComment = false): number[] {
  return depthsOfCode(stripC(texts, { startsInComment }).code);
}

function depthsOfCode(code: string[]): number[] {
  const depths: number[] = [];
  let depth = 0;
  const skipping: boolean[] = [];
  for (const line of code) {
    const pp = line.indexOf('#') >= 0 ? DIRECTIVE.exec(line)?.[1] : undefined;
    if (pp) {
      if (pp.startsWith('if')) skipping.push(false);
      else if (pp === 'else' || pp === 'elif') { if (skipping.length) skipping[skipping.length - 1] = true; }
      else if (pp === 'endif') skipping.pop();
      depths.push(depth);
      continue;
    }
    if ((line.indexOf('{') >= 0 || line.indexOf('}') >= 0) && !skipping.includes(true)) {
      for (let i = 0; i < line.length; i++) {
        const ch = line.charCodeAt(i);
        if (ch === 123) depth++;
        else if (ch === 125) depth--;
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
    if ((line.indexOf('{') < 0 && line.indexOf('}') < 0) || /^\s*#/.test(line)) continue;
    for (let i = 0; i < line.length; i++) {
      const ch = line.charCodeAt(i);
      if (ch === 123) stack.push(followsDo(line, i));
      else if (ch === 125) stack.pop();
    }
  }
  return stack.reverse();
}

/**
 * Whether `line` before `at` ends with the keyword `do` (and blanks). Read
 * backwards from the brace: a regex on the slice before every `{` of a line
 * is quadratic in the line, and a fuzzed line of braces took 1.3 s.
 */
function followsDo(line: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && /\s/.test(line[i]!)) i--;
  return i >= 1 && line[i] === 'o' && line[i - 1] === 'd' && (i < 2 || !/\w/.test(line[i - 2]!));
}

/** More `(` than `)`: a signature git cut after its first line. */
function unbalancedParens(text: string): boolean {
  return (text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0);
}

function closesParens(text: string): boolean {
  return (text.match(/\)/g)?.length ?? 0) > (text.match(/\(/g)?.length ?? 0);
}

/** `void f(struct a *x, struct b *y,` → `void f(struct a *x, struct b *y)`: the parameters git showed, closed. */
function closeSignature(header: string): string {
  const missing = (header.match(/\(/g)?.length ?? 0) - (header.match(/\)/g)?.length ?? 0);
  return header.replace(/[,\s]+$/, '') + ')'.repeat(Math.max(0, missing));
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
  const { code, endsInComment } = stripC(texts, { startsInComment: inComment });
  const depths = depthsOfCode(code);
  // a loop, not Math.min(...depths): a spread of a long hunk overflows the stack
  let lead = 0;
  for (const d of depths) if (-d > lead) lead = -d;
  // Kernel style puts goto labels in column 0 inside functions: they say nothing about the indentation.
  const firstCode = code.find((t) => t.trim() !== '' && !/^\s*#/.test(t) && !/^[A-Za-z_]\w*:\s*$/.test(t));
  const kind = headerKind(seg.header);
  const indented = firstCode !== undefined && /^\s/.test(firstCode) && !/^\s*[}{]?\s*$/.test(firstCode);
  // Kernel style closes functions and aggregates with `}` in column 0: the
  // first one tells how deep the hunk starts, which unmatched braces alone
  // underestimate when the hunk starts inside a nested block.
  const close = texts.findIndex((t) => t.charCodeAt(0) === 125);
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
    // At the brace, a signature git cut after its first line is closed here, or the function would not parse.
    prefix.push(/^\{\s*$/.test(firstCode) && unbalancedParens(seg.header) ? closeSignature(seg.header) : seg.header);
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
