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

/** Every output format is derived from the one Review record. */
export function formatReview(review: Review, format: Format, opts: ReportOptions): string {
  return WRITERS[format](review, opts);
}
