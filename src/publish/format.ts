import { mdCode, mdText } from '../common/index.js';
import type { Finding } from '../rules/index.js';
import { marker } from './marker.js';

/*
 * Messages, fixes and paths can quote the input (a file name, a function, a
 * subject): they go in as Markdown text or code spans that cannot end early,
 * so nothing from a patch becomes HTML, a link, a live mention or a line that
 * reads as our own marker (see common/safe-markdown.ts and marker.ts).
 */

/** One inline comment: what, why, how to fix, sources, and the hidden fingerprint. */
export function commentBody(f: Finding): string {
  const parts = [`**${f.ruleId}** (${f.severity}, ${f.category}): ${mdText(f.message)}`];
  if (f.fix) parts.push(`Fix: ${mdText(f.fix)}`);
  if (f.refs.length) parts.push(`Refs: ${f.refs.map(mdCode).join(', ')}`);
  parts.push(marker(f.fingerprint));
  return parts.join('\n\n');
}

export function where(f: Finding): string {
  const loc = f.location;
  const file = loc.file ? `${loc.file}:${loc.line}` : `patch ${loc.patchIndex}`;
  return loc.patchIndex > 0 ? `${file} (patch ${loc.patchIndex})` : file;
}

/** A finding in the review body: for lines outside the diff, commit messages, cover letters. */
export function bodyItem(f: Finding, note?: string): string {
  const lines = [`- ${mdCode(where(f))} **${f.ruleId}** (${f.severity}): ${mdText(f.message)}${note ? ` _(${note})_` : ''}`];
  if (f.fix) lines.push(`  Fix: ${mdText(f.fix)}`);
  lines.push(`  ${marker(f.fingerprint)}`);
  return lines.join('\n');
}

export function countBySeverity(findings: Finding[]): string {
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  return (['error', 'warning', 'info'] as const)
    .filter((s) => n[s])
    .map((s) => `${n[s]} ${s}${n[s] === 1 ? '' : s === 'info' ? '' : 's'}`)
    .join(', ');
}
