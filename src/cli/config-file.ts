import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, DEFAULT_CONFIG, RULES, parseConfig, parseRuleOption, type Config, type FailOn } from '../rules/index.js';
import { UsageError } from '../common/index.js';

export const CONFIG_NAME = '.pmreview.json';

/** `.pmreview.json` from the current directory upward, as eslint and prettier look for theirs. */
export function findConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface ConfigOptions {
  cwd: string;
  config?: string;
  rule?: string[];
  failOn?: string;
  kernel?: string;
}

/** Keys of the file that are the command line's, not the rules': the lore server and the docs URL. */
export interface ToolSettings {
  lore?: string;
  docsUrl?: string;
}

/**
 * Takes `lore` and `docsUrl` out of the file's JSON before the rules
 * engine reads the rest (which refuses keys it does not know).
 */
function toolSettings(text: string, file: string): { rest: string; settings: ToolSettings } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { rest: text, settings: {} }; // parseConfig says what is wrong with it
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { rest: text, settings: {} };
  const { lore, docsUrl, ...rest } = raw as Record<string, unknown>;
  for (const [key, value] of [['lore', lore], ['docsUrl', docsUrl]] as const) {
    if (value !== undefined && typeof value !== 'string') throw new UsageError(`${file}: "${key}" must be a URL string`);
  }
  return { rest: JSON.stringify(rest), settings: { lore: lore as string | undefined, docsUrl: docsUrl as string | undefined } };
}

export function resolveConfig(opts: ConfigOptions): Config & ToolSettings & { file?: string } {
  const file = opts.config ? path.resolve(opts.cwd, opts.config) : findConfig(opts.cwd);
  const known = new Set(RULES.flatMap((r) => [r.meta.id, r.meta.name]));
  let config: Config = { ...DEFAULT_CONFIG, rules: {} };
  let settings: ToolSettings = {};
  try {
    if (file) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UsageError(`${file}: cannot read config: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const split = toolSettings(text, file);
      settings = split.settings;
      config = parseConfig(split.rest, file, known);
    }
    for (const option of opts.rule ?? []) {
      const [id, setting] = parseRuleOption(option);
      if (!known.has(id) && !id.startsWith('checkpatch/')) throw new UsageError(`--rule ${option}: no such rule (see pmreview rules)`);
      config.rules[id] = setting;
    }
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
  if (opts.failOn !== undefined) config.failOn = parseFailOn(opts.failOn);
  if (opts.kernel !== undefined) {
    if (!/^\d+\.\d+/.test(opts.kernel)) throw new UsageError(`--kernel must be a version such as 6.12 (got "${opts.kernel}")`);
    config.kernel = opts.kernel;
  }
  return { ...config, ...settings, file };
}

export function parseFailOn(value: string): FailOn {
  if (value === 'never') return 'none';
  if (!['none', 'info', 'warning', 'error'].includes(value)) throw new UsageError(`--fail-on must be one of error, warning, info, never (got "${value}")`);
  return value as FailOn;
}
