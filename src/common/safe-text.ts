/*
 * Text from the input (subjects, names, file paths, header values) as it may
 * be printed: a subject is written by whoever sent the mail, and pmreview's
 * output is read in terminals and in CI logs. Terminals act on control
 * characters (ANSI and OSC escapes set titles and make links, BEL rings), and
 * the GitHub Actions runner acts on lines of a step's output that start (after
 * blanks) with `::` (`::error::`, `::add-mask::`, `::stop-commands::`) and on
 * `##[` anywhere in a line (the older command syntax).
 */

/**
 * Characters shown by their code instead of as themselves: C0 controls but TAB
 * and LF, DEL, C1 controls, zero-width and bidirectional formatting (text that
 * reads one way and is another), line and paragraph separators.
 */
const UNSEEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function code(c: string): string {
  const n = c.charCodeAt(0);
  if (c === '\r') return '\\r';
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** `s` with every control and invisible formatting character shown by its code (`\x1b`, `\r`, `\u202e`); LF and TAB kept. */
export function visible(s: string): string {
  return s.replace(UNSEEN, code);
}

/** `s` as one line of plain text: `visible`, and line feeds shown as `\n`. */
export function oneLine(s: string): string {
  return visible(s).replace(/\n/g, '\\n');
}

/** `::` at a line start after what .NET's TrimStart removes (the runner trims so): any white space, NEL included, not the line end. */
const COMMAND_AT_START = /^((?:[^\S\n]|\u0085)*)::/gm;

/**
 * Text output with no line a CI runner takes for a command: a line starting
 * with `::` (after blanks) gets a backslash before it, `##[` becomes `#\#[`.
 * Markdown renders both as written (a backslash escapes punctuation).
 */
export function noCommands(text: string): string {
  return text.replace(COMMAND_AT_START, '$1\\::').replace(/##\[/g, '#\\#[');
}

/** As noCommands, for HTML: character references, which render the same. */
export function noCommandsHtml(html: string): string {
  return html.replace(COMMAND_AT_START, '$1&#58;:').replace(/##\[/g, '##&#91;');
}

/** As noCommands, for JSON text: `[` inside a string written `\u005b` (no line of pretty or line JSON starts with `::`). */
export function noCommandsJson(json: string): string {
  return json.replace(/##\[/g, '##\\u005b');
}

/**
 * JSON text as it may be printed: noCommandsJson, and the invisible characters
 * JSON.stringify leaves as they are (C1 controls, DEL, bidirectional and
 * zero-width formatting, line separators) written as `\uXXXX` escapes. They
 * can only stand inside strings, so the value read back is the same.
 */
export function safeJson(json: string): string {
  return noCommandsJson(json.replace(UNSEEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** HTML as it may be printed or opened: `visible`, then noCommandsHtml. */
export function safeHtml(html: string): string {
  return noCommandsHtml(visible(html));
}
