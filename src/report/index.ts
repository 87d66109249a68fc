import { safeHtml, safeJson } from '../common/index.js';
import type { Review } from '../rules/index.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import type { ReportOptions } from './options.js';
import { formatRdjson, formatRdjsonl } from './rdjson.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export type { ReportOptions, RulePage } from './options.js';
export { formatReplies, type ReplyOptions } from './replies.js';
export { reviewJson } from './json.js';

/** The output formats: this table is the one list of them (FORMATS, the CLI's --format). */
const WRITERS = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  rdjson: formatRdjson,
  rdjsonl: formatRdjsonl,
  markdown: formatMarkdown,
  html: formatHtml,
} satisfies Record<string, (review: Review, opts: ReportOptions) => string>;

export type Format = keyof typeof WRITERS;
export const FORMATS = Object.keys(WRITERS) as readonly Format[];

/**
 * What every writer's output goes through: text and markdown neutralise what
 * they quote themselves; the structured formats escape invisible characters
 * and CI commands in ways that keep the value (see common/safe-text.ts).
 */
const SAFE: Partial<Record<Format, (text: string) => string>> = { json: safeJson, sarif: safeJson, rdjson: safeJson, rdjsonl: safeJson, html: safeHtml };

/** Every output format is derived from the one Review record. */
export function formatReview(review: Review, format: Format, opts: ReportOptions): string {
  const text = WRITERS[format](review, opts);
  return SAFE[format]?.(text) ?? text;
}
