import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../common/index.js';
import { formatReview, type Format } from '../report/index.js';
import { RULES, type Review } from '../rules/index.js';
import { TOOL } from './package-info.js';
import type { RuleLinks } from './rule-links.js';
import type { CliIO } from './types.js';
import { UsageError } from '../common/index.js';

export function useColor(io: CliIO): boolean {
  return Boolean(io.stdout.isTTY) && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}

export function render(review: Review, format: Format, io: CliIO, links: RuleLinks, map?: string): string {
  return formatReview(review, format, { tool: TOOL, rules: RULES.map((r) => r.meta), ...links, color: useColor(io), map });
}

/** Writes to --output FILE or stdout; a file that cannot be written is a usage error. */
export function emit(text: string, io: CliIO, output?: string): void {
  if (!output || output === '-') {
    io.stdout.write(text);
    return;
  }
  const file = path.resolve(io.cwd, output);
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`${output}: cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Machine formats keep stdout clean; what could not be used still reaches the user on stderr. */
export function printDiagnostics(diagnostics: Diagnostic[], io: CliIO, minSeverity: 'info' | 'warning' = 'warning'): void {
  for (const d of diagnostics) {
    if (minSeverity === 'warning' && d.severity === 'info') continue;
    io.stderr.write(`pmreview: ${formatDiagnostic(d)}\n`);
  }
}
