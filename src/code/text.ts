/** Small text helpers shared by the extractors. */
import { headerCall } from '../diff/index.js';

/**
 * Kernel annotations the C grammar does not know. `static int __init f(void)`
 * parses as a declaration of `__init` followed by garbage, so they are
 * replaced by spaces of the same length before parsing: positions stay valid
 * and node text is read from the original.
 */
const ANNOTATIONS = /\b(?:__init|__exit|__user|__iomem|__rcu|__percpu|__force|__must_check|__always_inline|noinline|__cold|__hot|__weak|__maybe_unused|__used|notrace|asmlinkage|__read_mostly|__ro_after_init|__initdata|__initconst|__exitdata|__bitwise|__noreturn|__latent_entropy|__randomize_layout|__packed|__noinline|__flatten|__kprobes|__ref|__refdata|__visible|__sched|__nocfi|noinstr|__always_unused|__counted_by\(\w*\)|__(?:acquires|releases|must_hold|printf|section|aligned|cond_acquires)\([^()\n]*\))(?!\w)/g;

export function blankAnnotations(text: string): string {
  return text.replace(ANNOTATIONS, (m) => ' '.repeat(m.length));
}

/** Collapses whitespace (and line continuations) so multi-line code compares as one line. */
export function squash(text: string): string {
  // Most texts are already one line with single spaces.
  if (!SQUASHABLE.test(text)) return text;
  return text.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Whitespace other than a space, two spaces in a row, or a space at either end. */
const SQUASHABLE = /[^\S ]| {2}|^ | $/;

export interface SplitOptions {
  /** String and char literals are read (a `,` in one does not split); false for text known to hold none worth reading. */
  literals?: boolean;
  /** A blank last part is kept (`a,` gives `a` and ``), or dropped as a trailing comma. */
  blankLast?: boolean;
}

/** Splits on commas (or `sep`) outside parentheses, brackets, braces and literals; parts trimmed. */
export function splitTopLevel(text: string, sep = ',', { literals = true, blankLast = true }: SplitOptions = {}): string[] {
  const out: string[] = [];
  const sepCode = sep.charCodeAt(0);
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (literals && (c === DQUOTE || c === QUOTE)) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== c) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
      i = j;
      continue;
    }
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
    else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
    if (c === sepCode && depth === 0) {
      out.push(text.slice(from, i));
      from = i + 1;
    }
  }
  out.push(text.slice(from));
  const parts = out.map((s) => s.trim());
  if (!blankLast && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * Arguments of the call whose `(` is the first in `after` (the text after
 * the callee's name on one line), up to its closing bracket or the end of
 * the line. Literals are not read: a line is matched for names, not parsed.
 */
export function argsAfter(after: string): string[] {
  const open = after.indexOf('(');
  let depth = 0;
  let end = after.length;
  for (let i = open + 1; i < after.length; i++) {
    const c = after.charCodeAt(i);
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
    else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      if (depth === 0) { end = i; break; }
      depth--;
    }
  }
  return splitTopLevel(after.slice(open + 1, end), ',', { literals: false, blankLast: false });
}

const DQUOTE = 34;
const QUOTE = 39;
const BACKSLASH = 92;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Arguments of `(a, b)` text, trimmed; [] for `()`. */
export function splitArgs(parenthesized: string): string[] {
  const inner = parenthesized.trim().replace(/^\(/, '').replace(/\)$/, '');
  if (inner.trim() === '') return [];
  return splitTopLevel(inner).map(squash);
}

/** Function name and parameters from git's hunk header, e.g. `static int f(struct inode *inode, pgoff_t index)`. */
export function headerFunction(header: string): { name: string; params: string[] } | undefined {
  const call = headerCall(header);
  if (!call) return undefined;
  const { name, open } = call;
  let depth = 0;
  for (let i = open; i < header.length; i++) {
    if (header[i] === '(') depth++;
    else if (header[i] === ')' && --depth === 0) {
      const params = splitArgs(header.slice(open, i + 1));
      return { name, params: params.length === 1 && params[0] === 'void' ? [] : params };
    }
  }
  // git cut the signature after its first line: the parameters it shows are still the function's.
  const shown = splitArgs(`${header.slice(open).replace(/[,\s]+$/, '')})`);
  return { name, params: shown.filter((p) => p !== '' && p !== 'void') };
}
