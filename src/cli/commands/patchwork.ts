import { formatDiagnostic } from '../../common/index.js';
import { meetsThreshold } from '../../rules/index.js';
import { fetchPatchworkTarget, patchworkSource, postPatchworkChecks, PatchworkError, type PatchworkOptions } from '../../publish/index.js';
import { parse, positiveInt } from '../args.js';
import { parseFailOn, resolveConfig } from '../config-file.js';
import { review as runReview } from '../../review/index.js';
import type { CliIO } from '../types.js';
import { UsageError } from '../../common/index.js';

export const PATCHWORK_HELP = `Usage: pmreview patchwork --url URL (--series ID | --patch ID) [options]

Download a series (or one patch) from a patchwork instance, review it and post
one check per patch (context "pmreview"): success, warning (warnings only) or
fail (errors). Patches are matched to the reviewed mails by Message-ID.

Options:
      --url URL           patchwork root, e.g. https://patchwork.kernel.org
      --series ID         review the series and check each of its patches
      --patch ID          review and check one patch
      --dry-run           print the checks; post nothing (no token needed)
      --target-url URL    link attached to each check (e.g. the CI run)
      --token-env NAME    environment variable holding the API token
                          (default PATCHWORK_TOKEN)
      --fail-on LEVEL     exit 1 when a finding is at or above LEVEL:
                          error (default), warning, info, none
      --config FILE       configuration (default: .pmreview.json upward from here)
      --rule ID=LEVEL     override a rule (repeatable)
      --kernel VER        base kernel version for the model
  -h, --help              this text

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage error, missing token or patchwork failure.
`;

const OPTIONS = {
  url: { type: 'string' },
  series: { type: 'string' },
  patch: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'target-url': { type: 'string' },
  'token-env': { type: 'string' },
  'fail-on': { type: 'string' },
  config: { type: 'string' },
  rule: { type: 'string', multiple: true },
  kernel: { type: 'string' },
} as const;

export async function patchwork(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, OPTIONS, 'patchwork');
  if (values.help) {
    io.stdout.write(PATCHWORK_HELP);
    return 0;
  }
  if (!values.url || !/^https?:\/\//.test(values.url)) throw new UsageError('pmreview patchwork: --url URL (http or https) is required');
  const series = positiveInt(values.series, '--series');
  const patch = positiveInt(values.patch, '--patch');
  if ((series === undefined) === (patch === undefined)) throw new UsageError('pmreview patchwork: give exactly one of --series ID or --patch ID');
  const tokenEnv = values['token-env'] ?? 'PATCHWORK_TOKEN';
  const token = io.env[tokenEnv] || undefined;
  if (!token && !values['dry-run']) throw new UsageError(`pmreview patchwork: no token in $${tokenEnv} (set it, or use --dry-run)`);
  const config = resolveConfig({ cwd: io.cwd, config: values.config, rule: values.rule, kernel: values.kernel });
  const failOn = values['fail-on'] !== undefined ? parseFailOn(values['fail-on']) : config.failOn;

  const log = (line: string) => io.stderr.write(`pmreview: ${line}\n`);
  const opts: PatchworkOptions = { url: values.url, series, patch, token, dryRun: values['dry-run'], targetUrl: values['target-url'], log };
  try {
    const target = await fetchPatchworkTarget(opts);
    const review = await runReview([await patchworkSource(target, opts)], { policy: { config } });
    for (const d of review.diagnostics) if (d.severity !== 'info') log(formatDiagnostic(d));
    const checks = await postPatchworkChecks(review, { ...opts, target });
    for (const c of checks) {
      io.stdout.write(c.skipped ? `patch ${c.patch}: skipped: ${c.skipped}\n` : `patch ${c.patch}: ${c.state}: ${c.description}${c.posted ? '' : ' (not posted)'}\n`);
    }
    return review.findings.some((f) => meetsThreshold(f.severity, failOn)) ? 1 : 0;
  } catch (e) {
    if (e instanceof PatchworkError) {
      io.stderr.write(`pmreview: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
