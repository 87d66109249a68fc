/**
 * Expressions as text: the calls written in one, its bare value under casts
 * and parentheses, literal 0 and 1. For readers that have an argument's text
 * and no parse of it (a call site's arguments are text in the view).
 */
import { splitTopLevel } from './text.js';

export interface CallText {
  callee: string;
  args: string[];
  /** Offset of the callee in the text. */
  at: number;
  /** The whole call text. */
  text: string;
}

/** Calls written in an expression text (`f(a, g(b))` gives f and g), with their top-level arguments. */
export function callsIn(text: string): CallText[] {
  const out: CallText[] = [];
  const re = /\b([A-Za-z_]\w*)\s*\(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (/^(if|while|for|switch|return|sizeof|typeof|__typeof__)$/.test(m[1]!)) continue;
    const open = m.index + m[0].length - 1;
    const close = matchingBracket(text, open);
    if (close < 0) continue;
    out.push({ callee: m[1]!, args: splitTopLevel(text.slice(open + 1, close), ',', { literals: false, blankLast: false }), at: m.index, text: text.slice(m.index, close + 1) });
  }
  return out;
}

/** Index of the bracket closing the one at `open`, or -1. */
export function matchingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Strips casts and one pair of enclosing parentheses: `(unsigned long)(x)` → `x`. */
export function bare(text: string): string {
  let t = text.trim();
  for (;;) {
    const cast = /^\(\s*(?:const\s+|unsigned\s+|signed\s+|struct\s+)*[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*\s*\**\s*\)\s*(?=[\w(&*])/.exec(t);
    if (cast) {
      t = t.slice(cast[0].length).trim();
      continue;
    }
    if (t.startsWith('(') && matchingBracket(t, 0) === t.length - 1) {
      t = t.slice(1, -1).trim();
      continue;
    }
    return t;
  }
}

const ZERO = /^\(?\s*0[UL]*\s*\)?$/;
const ONE = /^\(?\s*1[UL]*\s*\)?$/;
export const isZero = (text: string | undefined): boolean => text !== undefined && ZERO.test(text.trim());
export const isOne = (text: string | undefined): boolean => text !== undefined && ONE.test(text.trim());

/** Whether every `(` in `text` is closed and no `)` closes more than was opened. */
export function balancedParens(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}
