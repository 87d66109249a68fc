import { safeHtml, safeJson } from '../common/index.js';
import type { Review } from '../rules/index.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import type { Format, ReportOptions } from './options.js';
import { formatRdjson, formatRdjsonl } from './rdjson.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export type { Format, ReportOptions, RulePage } from './options.js';
export { FORMATS } from './options.js';
export { formatReplies, type ReplyOptions } from './replies.js';
export { reviewJson } from './json.js';

const WRITERS: Record<Format, (review: Review, opts: ReportOptions) => string> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  rdjson: formatRdjson,
  rdjsonl: formatRdjsonl,
  markdown: formatMarkdown,
  html: formatHtml,
};

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
