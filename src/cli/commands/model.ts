import { loadModel, renderModelJson, renderModelMarkdown } from '../../model/index.js';
import { oneOf, parse } from '../args.js';
import { emit } from '../output.js';
import type { CliIO } from '../types.js';
import { UsageError } from '../../common/index.js';

const HELP = `Usage: pmreview model [--format markdown|json] [--kernel VER]

Print the protected-memory design model: every symbol with its kind, concept,
role, semantics, status and source, the registries and the facts. docs/model.md
is this output in markdown.
`;

export async function model(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, { format: { type: 'string', short: 'f' }, kernel: { type: 'string' }, output: { type: 'string', short: 'o' } }, 'model');
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = oneOf(values.format, ['markdown', 'json'] as const, '--format', 'markdown');
  if (values.kernel !== undefined && !/^\d+\.\d+/.test(values.kernel)) throw new UsageError(`--kernel must be a version such as 6.12 (got "${values.kernel}")`);
  const m = loadModel(values.kernel);
  emit(format === 'json' ? JSON.stringify(renderModelJson(m), null, 2) + '\n' : renderModelMarkdown(m), io, values.output);
  return 0;
}
