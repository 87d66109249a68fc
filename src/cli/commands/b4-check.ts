import { b4CheckResult } from '../../publish/index.js';
import { parse } from '../args.js';
import { resolveConfig } from '../config-file.js';
import { review as runReview } from '../../review/index.js';
import type { CliIO } from '../types.js';

export const B4_CHECK_HELP = `Usage: pmreview b4-check [options] < patch.eml

b4's per-patch check command: reads one patch mail on stdin and prints a JSON
array of {tool, status (pass|warn|fail), summary, url, details}; [] when the
mail holds nothing to review. In git config:

  [b4]
      review-perpatch-check-cmd = pmreview b4-check

Options:
      --url URL           link put into each result (e.g. the rule docs)
      --config FILE       configuration (default: .pmreview.json upward from here)
      --rule ID=LEVEL     override a rule (repeatable)
      --kernel VER        base kernel version for the model
  -h, --help              this text

Exit status: 0 with JSON on stdout; 2 (no JSON) when stdin cannot be read.
`;

const OPTIONS = {
  url: { type: 'string' },
  config: { type: 'string' },
  rule: { type: 'string', multiple: true },
  kernel: { type: 'string' },
} as const;

export async function b4Check(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, OPTIONS, 'b4-check');
  if (values.help) {
    io.stdout.write(B4_CHECK_HELP);
    return 0;
  }
  const config = resolveConfig({ cwd: io.cwd, config: values.config, rule: values.rule, kernel: values.kernel });
  const review = await runReview(['-'], { input: { stdin: io.stdin }, policy: { config } });
  const unreadable = review.messages === 0 && review.diagnostics.find((d) => d.severity === 'error');
  if (unreadable) {
    io.stderr.write(`pmreview: b4-check: ${unreadable.message}\n`);
    return 2;
  }
  io.stdout.write(JSON.stringify(b4CheckResult(review, { url: values.url }), null, 2) + '\n');
  return 0;
}
