import type { RuleMeta } from '../rules/index.js';

export interface ReportOptions {
  tool: { name: string; version: string };
  /** For SARIF tool.driver.rules / helpUri and markdown links. */
  rules: RuleMeta[];
  /**
   * A rule's documentation on the web: a configured docs mirror, or the
   * project's home named in package.json. Undefined when none is known: the
   * formats then point at the page shipped with pmreview (`docsFile`) and
   * name `pmreview explain <id>`.
   */
  docsUrl: (ruleId: string) => string | undefined;
  /** The rule's page shipped in the installed package: its file: URL and its markdown. */
  docsFile?: (ruleId: string) => RulePage | undefined;
  /** The project's home page (SARIF informationUri, rdjson source.url), when package.json names one. */
  homeUrl?: string;
  /** Text only; the caller decides (TTY && !NO_COLOR). */
  color?: boolean;
  /** HTML only: a pre-rendered design map (the `map` command's text). */
  map?: string;
}

export interface RulePage {
  url: string;
  text: string;
}

/** Where to send a reader for a rule: its web page, else its shipped page's file: URL. */
export function ruleHref(opts: ReportOptions, ruleId: string): string | undefined {
  return opts.docsUrl(ruleId) ?? opts.docsFile?.(ruleId)?.url;
}
