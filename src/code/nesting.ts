import { MAX_TREE_DEPTH } from './syntax.js';

/**
 * The row where bracket nesting first passes MAX_TREE_DEPTH, if it does.
 * Each `{` or `(` adds at least one level to the syntax tree, so such an
 * image would be refused by the extractors anyway (TooDeepError); finding it
 * in the text first matters because tree-sitter's query cursor is O(depth)
 * per step, and 70,000 nested braces cost it 18 s before any extractor ran.
 * Comments and literals are skipped so brackets in them do not count.
 */
export function tooDeepRow(text: string): number | undefined {
  let depth = 0;
  let row = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') row++;
    else if (c === '{' || c === '(' || c === '[') {
      if (++depth > MAX_TREE_DEPTH) return row;
    } else if (c === '}' || c === ')' || c === ']') {
      if (depth > 0) depth--;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') row++;
        i++;
      }
      i++;
    } else if (c === '"' || c === "'") {
      // a literal ends at its quote or, unterminated, at the end of the line
      while (i + 1 < text.length && text[i + 1] !== c && text[i + 1] !== '\n') i += text[i + 1] === '\\' && text[i + 2] !== '\n' ? 2 : 1;
      if (text[i + 1] === c) i++;
    }
  }
  return undefined;
}
