/*
 * Text from the input as GitHub-flavoured Markdown shows it: a subject, a name
 * or a file path is written by whoever sent the patch, and a pull-request
 * comment is rendered for everyone watching the repository. What must not
 * happen: a line break ending a table row, a heading or a list item; HTML or
 * a link made from the text; a live `@mention` (a notification to whoever is
 * named) or `#123` reference (a cross-reference event on another issue); a
 * backtick ending a code span early.
 */
import { oneLine } from './safe-text.js';

/**
 * A zero-width space between `@` or `#` and the name or number: GitHub links
 * mentions and references in the rendered text (after entities are decoded),
 * so a backslash or an entity for the `@` itself does not stop them; the
 * zero-width space does (Renovate escapes mentions the same way).
 */
const BREAK = '&#8203;';

/**
 * `s` as one line of Markdown text shown as written: no markup, HTML, mention
 * or reference; at the start of a line, no list item, rule or heading either.
 */
export function mdText(s: string): string {
  return oneLine(s)
    .replace(/[\\`*_[\]<>|#&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/(?<![A-Za-z0-9])@(?=[A-Za-z0-9])/g, `@${BREAK}`)
    .replace(/\\#(?=\d)/g, `\\#${BREAK}`);
}

/**
 * `s` as one line of inline code: a fence one backtick longer than the
 * longest run inside, padded when the text starts or ends with a backtick.
 * Inside a code span nothing is markup, HTML or a mention.
 */
export function mdCode(s: string): string {
  const text = oneLine(s);
  const run = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(run + 1);
  const pad = !text || /^[`\s]|[`\s]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
