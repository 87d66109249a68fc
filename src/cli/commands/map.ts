import { formatMap, loadModel } from '../../model/index.js';
import { oneOf, parse } from '../args.js';
import { emit, printDiagnostics } from '../output.js';
import { noCommands, safeJson, visible } from '../../common/index.js';
import { review as runReview } from '../../review/index.js';
import { CHECK_OPTIONS, pipelineOptions, resolveInputs } from './check.js';
import type { CliIO } from '../types.js';

const HELP = `Usage: pmreview map <input…> [--format text|json] [--kernel VER]

The design map of a series: per patch and hunk, which protected-memory concepts
it touches (direct map, TLB, folio, guest_memfd, GUP, ASI…) with the role of
each touch, then a summary per series: new uapi flags with their values, GUP
paths touched, direct-map removal and restore sites, ASI annotations.
Inputs and options as for pmreview check.
`;

export async function map(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, CHECK_OPTIONS, 'map');
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
  const { config, opts } = pipelineOptions(values, io);
  const review = await runReview(resolveInputs(positionals, values, io, 'map'), { ...opts, policy: { ...opts.policy, rules: [] } });
  const text = formatMap(review.series, review.touches, loadModel(config.kernel), format);
  // the map quotes subjects and paths: in text, controls by their codes and no line a CI command
  emit(format === 'text' ? noCommands(visible(text)) : safeJson(text), io, values.output);
  printDiagnostics(review.diagnostics, io);
  return review.messages === 0 && review.diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}
