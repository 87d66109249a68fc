import type { ReplyComment, Trailer } from './types.js';
import { parseTrailerLine } from './trailers.js';

// "On Mon, 1 Jan 2024, X wrote:", "X <a@b> writes:", "Quoting X (2024-01-01):", "Am … schrieb X:".
const ATTRIBUTION_END = /(wrote|writes|said|schrieb|a écrit)\s*:\s*$|^Quoting .*:\s*$/i;
const ATTRIBUTION_START = /^\s*(On|Am|Le|El|Il|Em|Op)\s.+/;

function isQuote(line: string): boolean {
  return line.startsWith('>');
}

/** Strips one level of quoting: `> x` → `x`, `>> x` → `> x`. */
function unquote(line: string): string {
  return line.replace(/^> ?/, '');
}

function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].trim() === '') a++;
  while (b > a && lines[b - 1].trim() === '') b--;
  return lines.slice(a, b);
}

/**
 * Splits a reply into blocks of quoted lines (one level stripped) and the
 * reviewer's own text after them, so a comment can be tied to the patch
 * lines it answers. Attribution lines and the `-- ` signature are dropped.
 */
export function parseReplyBody(body: string): { comments: ReplyComment[]; trailers: Trailer[] } {
  const all = body.split('\n').map((l) => l.replace(/\r$/, ''));
  // Mail clients often strip the trailing space of `-- ` (b4's stripped-lines case).
  const sig = all.findIndex((l) => l === '-- ' || l === '--');
  const lines = sig >= 0 ? all.slice(0, sig) : all;
  const drop = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (isQuote(lines[i])) continue;
    // An attribution is the unquoted line (or two wrapped lines) right before a quote.
    let next = i + 1;
    while (next < lines.length && lines[next].trim() === '' && next - i < 3) next++;
    if (next >= lines.length || !isQuote(lines[next])) continue;
    if (ATTRIBUTION_END.test(lines[i])) {
      drop.add(i);
      if (i > 0 && ATTRIBUTION_START.test(lines[i - 1]) && !ATTRIBUTION_END.test(lines[i - 1])) drop.add(i - 1);
    } else if (ATTRIBUTION_START.test(lines[i]) && /\b\d{4}\b|@/.test(lines[i]) && /:\s*$/.test(lines[i])) {
      drop.add(i);
    }
  }
  const comments: ReplyComment[] = [];
  const trailers: Trailer[] = [];
  let quoted: string[] = [];
  let text: { line: string; at: number }[] = [];
  const flush = (): void => {
    const kept = trimBlank(text.map((t) => t.line));
    const first = text.find((t) => t.line.trim() !== '');
    const q = trimBlank(quoted);
    if (q.length || kept.length) {
      comments.push({ quoted: q, text: kept, bodyLine: first ? first.at : (text[0]?.at ?? lines.length) });
    }
    quoted = [];
    text = [];
  };
  lines.forEach((line, i) => {
    if (drop.has(i)) return;
    if (isQuote(line)) {
      if (text.some((t) => t.line.trim() !== '')) flush();
      else text = [];
      quoted.push(unquote(line));
      return;
    }
    text.push({ line, at: i });
    const t = parseTrailerLine(line, i);
    if (t) trailers.push(t);
  });
  flush();
  return { comments, trailers };
}
