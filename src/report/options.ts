import type { RuleMeta } from '../rules/index.js';

export interface ReportOptions {
  tool: { name: string; version: string };
  /** For SARIF tool.driver.rules / helpUri and markdown links. */
  rules: RuleMeta[];
  /** Documentation page of a rule, e.g. https://github.com/pmreview/pmreview/blob/main/docs/rules/R01.md */
  docsUrl: (ruleId: string) => string;
  /** Text only; the caller decides (TTY && !NO_COLOR). */
  color?: boolean;
  /** HTML only: a pre-rendered design map (the `map` command's text). */
  map?: string;
}

export type Format = 'text' | 'json' | 'sarif' | 'rdjson' | 'rdjsonl' | 'markdown' | 'html';

export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'rdjson', 'rdjsonl', 'markdown', 'html'];
