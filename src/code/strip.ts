/**
 * The one comment and literal stripper for C text. The stages read C text
 * for different ends, and each end has its own contract: brace counting
 * must not see literals, a model symbol named in a comment is no touch, a
 * header scan must keep line numbers. The options say which contract a
 * caller reads under; the defaults are the brace counter's.
 */
export interface StripOptions {
  /** The first row starts inside a block comment. */
  startsInComment?: boolean;
  /** A closed block comment becomes nothing, one space (where it closes), or blanks of its length (rows keep their width). */
  comments?: 'drop' | 'space' | 'blank';
  /**
   * A `/*` never closed in the rows: the rest of the rows is comment (the
   * state carries into `endsInComment`), or the `/*` is text, as the
   * regular-expression readers of whole headers and single values took it.
   */
  unclosed?: 'comment' | 'text';
  /** String and char literals become one space, or stay as code unread. */
  literals?: 'space' | 'keep';
  /**
   * `//` is read while scanning (left to right), or only after the block
   * comments are out: then `//*` opens a block comment and a `//` made by
   * dropping a comment between two slashes is one, as the line readers of
   * the model read them.
   */
  lineComments?: 'scan' | 'after-blocks';
}

export interface Stripped {
  code: string[];
  /** Per row, the `//` comment cut from it (from the `//` on). */
  lineComments: (string | undefined)[];
  endsInComment: boolean;
}

const SLASH = 47;
const STAR = 42;
const DQUOTE = 34;
const QUOTE = 39;
const BACKSLASH = 92;

/**
 * Comments (and, by default, string and char literals) out of C rows, with
 * block comments carried from row to row. Plain runs are copied as slices:
 * most rows hold no comment or literal.
 */
export function stripC(rows: readonly string[], options: StripOptions = {}): Stripped {
  const comments = options.comments ?? 'drop';
  const unclosedText = options.unclosed === 'text';
  const literals = options.literals !== 'keep';
  const scanLine = options.lineComments !== 'after-blocks';
  let inBlock = options.startsInComment ?? false;
  // Once a `/*` is found unclosed, no later one closes either: no more searching.
  let noClose = false;
  const code: string[] = [];
  const lineComments: (string | undefined)[] = [];
  for (let r = 0; r < rows.length; r++) {
    const text = rows[r]!;
    const len = text.length;
    let lineComment: string | undefined;
    if (!inBlock && text.indexOf('/') < 0 && (!literals || (text.indexOf('"') < 0 && text.indexOf("'") < 0))) {
      code.push(text);
      lineComments.push(undefined);
      continue;
    }
    let out = '';
    let from = 0;
    let i = 0;
    while (i < len) {
      if (inBlock) {
        const end = text.indexOf('*/', i);
        if (end < 0) {
          if (comments === 'blank') out += ' '.repeat(len - i);
          from = len;
          break;
        }
        inBlock = false;
        if (comments === 'blank') out += ' '.repeat(end + 2 - i);
        else if (comments === 'space') out += ' ';
        i = end + 2;
        from = i;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === SLASH) {
        const next = text.charCodeAt(i + 1);
        if (next === STAR) {
          if (unclosedText && (noClose || !closes(rows, r, i + 2))) {
            noClose = true;
            i++;
            continue;
          }
          out += text.slice(from, i);
          if (comments === 'blank') out += '  ';
          inBlock = true;
          i += 2;
          from = i;
          continue;
        }
        if (next === SLASH && scanLine) {
          out += text.slice(from, i);
          lineComment = text.slice(i);
          from = len;
          break;
        }
      } else if (literals && (c === DQUOTE || c === QUOTE)) {
        out += `${text.slice(from, i)} `;
        let j = i + 1;
        while (j < len && text.charCodeAt(j) !== c) j += text.charCodeAt(j) === BACKSLASH ? 2 : 1;
        i = j + 1;
        from = i;
        continue;
      }
      i++;
    }
    if (from < len) out += text.slice(from);
    if (!scanLine) {
      const at = out.indexOf('//');
      if (at >= 0) {
        lineComment = out.slice(at);
        out = out.slice(0, at);
      }
    }
    code.push(out);
    lineComments.push(lineComment);
  }
  return { code, lineComments, endsInComment: inBlock };
}

/** Whether a `*\/` follows column `from` of row `r` or any later row. */
function closes(rows: readonly string[], r: number, from: number): boolean {
  if (rows[r]!.indexOf('*/', from) >= 0) return true;
  for (let k = r + 1; k < rows.length; k++) if (rows[k]!.indexOf('*/') >= 0) return true;
  return false;
}
