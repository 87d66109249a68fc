import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../../rules/index.js';
import { oneOf, parse } from '../args.js';
import { PACKAGE_ROOT } from '../package-info.js';
import type { CliIO } from '../types.js';
import { UsageError } from '../../common/index.js';

export async function rules(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { format: { type: 'string', short: 'f' } }, 'rules');
  if (values.help) {
    io.stdout.write('Usage: pmreview rules [--format text|json]\n\nList every rule: id, name, category, scope, default severity, concepts.\n');
    return 0;
  }
  const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
  if (format === 'json') {
    io.stdout.write(JSON.stringify(RULES.map((r) => r.meta), null, 2) + '\n');
    return 0;
  }
  for (const { meta } of RULES) {
    io.stdout.write(`${meta.id}  ${meta.name.padEnd(36)} ${meta.severity.padEnd(7)} ${meta.scope.padEnd(8)} ${meta.category}\n    ${meta.summary}\n`);
  }
  io.stdout.write(`${RULES.length} rules; pmreview explain <id> prints a rule's documentation.\n`);
  return 0;
}

export async function explain(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, {}, 'explain');
  if (values.help || positionals.length !== 1) {
    if (!values.help) throw new UsageError('pmreview explain: give one rule id or name, e.g. pmreview explain R01');
    io.stdout.write('Usage: pmreview explain <rule-id|name>\n\nPrint the rule\'s documentation page (docs/rules/<id>.md).\n');
    return 0;
  }
  const want = positionals[0]!.toLowerCase();
  const rule = RULES.find((r) => r.meta.id.toLowerCase() === want || r.meta.name === want);
  if (!rule) throw new UsageError(`pmreview explain: no rule "${positionals[0]}" (see pmreview rules)`);
  const file = path.join(PACKAGE_ROOT, 'docs', 'rules', `${rule.meta.id}.md`);
  try {
    io.stdout.write(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`pmreview explain: ${file} is missing from this installation`);
  }
  return 0;
}
