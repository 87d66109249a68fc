import { SEVERITY_RANK, type Severity } from '../../common/index.js';

export type RuleSetting = Severity | 'off';
export type FailOn = Severity | 'none';

/** `.pmreview.json`, after validation. */
export interface Config {
  rules: Record<string, RuleSetting>;
  failOn: FailOn;
  /** Base kernel version the model selects facts for, e.g. `6.12`. */
  kernel?: string;
}

export const DEFAULT_CONFIG: Config = { rules: {}, failOn: 'error' };

const SETTINGS = new Set(['off', 'info', 'warning', 'error']);
const FAIL_ON = new Set(['none', 'info', 'warning', 'error']);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses and validates a config file's text; every problem names the file and the key. */
export function parseConfig(text: string, file: string, knownRules?: ReadonlySet<string>): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: must hold a JSON object`);
  const obj = raw as Record<string, unknown>;
  const config: Config = { rules: {}, failOn: DEFAULT_CONFIG.failOn };
  for (const key of Object.keys(obj)) {
    if (!['rules', 'failOn', 'kernel', '$schema'].includes(key)) throw new ConfigError(`${file}: unknown key "${key}"`);
  }
  if (obj.rules !== undefined) {
    if (!obj.rules || typeof obj.rules !== 'object' || Array.isArray(obj.rules)) throw new ConfigError(`${file}: "rules" must be an object`);
    for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
      config.rules[id] = parseRuleSetting(value, `${file}: rules.${id}`);
      if (knownRules && !knownRules.has(id) && !id.startsWith('checkpatch/')) throw new ConfigError(`${file}: rules.${id}: no such rule`);
    }
  }
  if (obj.failOn !== undefined) {
    if (typeof obj.failOn !== 'string' || !FAIL_ON.has(obj.failOn)) throw new ConfigError(`${file}: "failOn" must be one of none, info, warning, error`);
    config.failOn = obj.failOn as FailOn;
  }
  if (obj.kernel !== undefined) {
    if (typeof obj.kernel !== 'string' || !/^\d+\.\d+/.test(obj.kernel)) throw new ConfigError(`${file}: "kernel" must be a version such as "6.12"`);
    config.kernel = obj.kernel;
  }
  return config;
}

export function parseRuleSetting(value: unknown, where: string): RuleSetting {
  if (typeof value !== 'string' || !SETTINGS.has(value)) throw new ConfigError(`${where}: must be one of off, info, warning, error`);
  return value as RuleSetting;
}

/** `--rule R01=off` */
export function parseRuleOption(option: string): [string, RuleSetting] {
  const eq = option.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--rule ${option}: expected ID=off|info|warning|error`);
  return [option.slice(0, eq), parseRuleSetting(option.slice(eq + 1), `--rule ${option}`)];
}

export function meetsThreshold(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}
