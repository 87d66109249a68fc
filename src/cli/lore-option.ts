import os from 'node:os';
import path from 'node:path';
import { DEFAULT_LORE_TIMEOUT_MS, checkLoreServer, type OpenOptions } from '../source/index.js';
import { VERSION } from './package-info.js';
import type { CliIO } from './types.js';
import { UsageError } from '../common/index.js';

export const LORE_OPTIONS = {
  lore: { type: 'string' },
  'no-cache': { type: 'boolean' },
  timeout: { type: 'string' },
  newer: { type: 'boolean' },
} as const;

export const LORE_HELP = `      --lore URL          public-inbox server for Message-ID and lore URL inputs
                          (default https://lore.kernel.org, or PMREVIEW_LORE,
                          or "lore" in .pmreview.json)
      --newer             ask the server for later revisions of the series (b4 am -c)
                          and review the newest (all of them with --all-versions)
      --no-cache          fetch threads again instead of using the cache
                          ($XDG_CACHE_HOME/pmreview/lore, kept one hour)
      --timeout SECONDS   give up on a server silent this long (default 30)`;

/** The XDG base-directory rule: $XDG_CACHE_HOME when set to an absolute path, else ~/.cache. */
export function cacheHome(env: CliIO['env']): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  return path.join(env.HOME || os.homedir(), '.cache');
}

/**
 * How Message-ID inputs are fetched: the server from --lore, else
 * PMREVIEW_LORE, else the configuration file (command line over environment
 * over file, as git does); progress only when stderr is a terminal.
 */
export function loreOptions(values: { lore?: string; 'no-cache'?: boolean; timeout?: string }, io: CliIO, config: { lore?: string; file?: string }): NonNullable<OpenOptions['lore']> {
  const [server, from] =
    values.lore !== undefined ? [values.lore, '--lore'] : io.env.PMREVIEW_LORE ? [io.env.PMREVIEW_LORE, 'PMREVIEW_LORE'] : config.lore !== undefined ? [config.lore, `${config.file}: "lore"`] : [undefined, ''];
  if (server !== undefined) {
    const wrong = checkLoreServer(server);
    if (wrong) throw new UsageError(`${from} ${wrong}`);
  }
  let timeoutMs = DEFAULT_LORE_TIMEOUT_MS;
  if (values.timeout !== undefined) {
    const s = Number(values.timeout);
    if (!/^\d*\.?\d+$/.test(values.timeout) || !(s > 0)) throw new UsageError(`--timeout must be a positive number of seconds (got "${values.timeout}")`);
    timeoutMs = s * 1000;
  }
  const progress = io.stderr.isTTY && !io.env.CI ? (line: string) => void io.stderr.write(`pmreview: ${line}\n`) : undefined;
  return {
    server,
    cacheDir: values['no-cache'] ? undefined : path.join(cacheHome(io.env), 'pmreview', 'lore'),
    timeoutMs,
    userAgent: `pmreview/${VERSION}`,
    progress,
  };
}
