/**
 * The structure GitHub-flavoured Markdown gives a text, read the way
 * CommonMark reads it where it matters for hostile input: fenced blocks,
 * code spans (a backtick run closed by the next run of the same length),
 * backslash escapes, table rows. What is left outside code is checked for
 * HTML, links, mentions and issue references, which GitHub acts on.
 */
export interface MarkdownShape {
  lines: number;
  /** Unescaped `|` outside code spans, per table row. */
  cells: number[];
  codeSpans: number;
  fences: number;
  links: number;
  problems: string[];
}

/** Tags pmreview writes itself, and its marker on a line of its own. */
const OWN_HTML = /<\/?(?:details|summary)>|^\s*<!-- pmreview:[\w.:-]+ -->\s*$/g;

/** `line` without its code spans; the number of spans. */
function outsideCode(line: string): { text: string; spans: number } {
  let text = '';
  let spans = 0;
  for (let i = 0; i < line.length; ) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      text += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c !== '`') {
      text += c;
      i++;
      continue;
    }
    let n = 0;
    while (line[i + n] === '`') n++;
    // the closing run: exactly n backticks
    let close = -1;
    for (let j = i + n; j < line.length; ) {
      if (line[j] !== '`') {
        j++;
        continue;
      }
      let m = 0;
      while (line[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close < 0) {
      text += line.slice(i, i + n);
      i += n;
    } else {
      spans++;
      text += ' ';
      i = close + n;
    }
  }
  return { text, spans };
}

export function markdownShape(md: string): MarkdownShape {
  const lines = md.split('\n');
  const shape: MarkdownShape = { lines: lines.length, cells: [], codeSpans: 0, fences: 0, links: 0, problems: [] };
  let fence = 0;
  for (const [n, line] of lines.entries()) {
    if (fence) {
      const close = /^(`{3,})\s*$/.exec(line);
      if (close && close[1]!.length >= fence) fence = 0;
      continue;
    }
    const open = /^(`{3,})[^`]*$/.exec(line);
    if (open) {
      fence = open[1]!.length;
      shape.fences++;
      continue;
    }
    const { text, spans } = outsideCode(line);
    shape.codeSpans += spans;
    // escaped characters are text; for what GitHub links, the rendered text counts
    const markup = text.replace(/\\[^\n]/g, 'E').replace(OWN_HTML, '');
    const rendered = text.replace(/\\([^\n])/g, '$1').replace(/&#8203;/g, '\u200b').replace(/&(?:amp|lt|gt);/g, 'E');
    if (line.startsWith('|')) shape.cells.push((markup.match(/\|/g) ?? []).length);
    shape.links += (markup.match(/\]\(/g) ?? []).length;
    if (/</.test(markup)) shape.problems.push(`line ${n + 1}: HTML: ${line}`);
    if (/(?<![A-Za-z0-9])@[A-Za-z0-9]/.test(rendered)) shape.problems.push(`line ${n + 1}: mention: ${line}`);
    if (/#\d/.test(rendered)) shape.problems.push(`line ${n + 1}: reference: ${line}`);
  }
  if (fence) shape.problems.push('a fence is not closed');
  return shape;
}
