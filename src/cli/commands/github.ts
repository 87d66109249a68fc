import { formatDiagnostic, noCommands, oneLine, visible } from '../../common/index.js';
import { publishGithubReview, type PublishGithubResult } from '../../publish/index.js';
import { createGithubClient, githubErrorMessage, githubPullSource } from '../../source/index.js';
import { parse } from '../args.js';
import { parseFailOn, resolveConfig } from '../config-file.js';
import { review as runReview } from '../../review/index.js';
import type { CliIO } from '../types.js';
import { UsageError } from '../../common/index.js';

export const GITHUB_HELP = `Usage: pmreview github --repo OWNER/NAME --pr N [options]

Review a GitHub pull request's commits (read as git format-patch mail) and post
the findings as one pull request review: inline comments on lines of the diff,
the rest in the review body. A re-run posts only what is new and deletes its
own comments whose finding is gone, unless someone replied to them.

Options:
      --repo OWNER/NAME   the repository
      --pr N              the pull request number
      --dry-run           print the review it would post; post and delete nothing
      --api-url URL       API root (GitHub Enterprise: https://HOST/api/v3)
      --fail-on LEVEL     exit 1 when a finding is at or above LEVEL:
                          error (default), warning, info, none
      --token-env NAME    environment variable holding the token (default GITHUB_TOKEN)
      --bot-login LOGIN   the login pmreview posts as, when the token is an app's
                          (default: the token's user, else github-actions[bot])
      --config FILE       configuration (default: .pmreview.json upward from here)
      --rule ID=LEVEL     override a rule: off, info, warning, error (repeatable)
      --kernel VER        base kernel version for the model
  -h, --help              this text

The review is always a COMMENT review; --fail-on only sets the exit status, so
the workflow's check fails without a blocking "changes requested" review.

Exit status: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage error, missing token or API failure.
`;

const OPTIONS = {
  repo: { type: 'string' },
  pr: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'api-url': { type: 'string' },
  'fail-on': { type: 'string' },
  'token-env': { type: 'string' },
  'bot-login': { type: 'string' },
  config: { type: 'string' },
  rule: { type: 'string', multiple: true },
  kernel: { type: 'string' },
} as const;

/** The review as `--dry-run` prints it: body, then each inline comment with its place. */
export function formatPlannedReview(result: PublishGithubResult): string {
  const out: string[] = [];
  if (!result.review) out.push('Nothing new to post.');
  else {
    out.push(`Review on ${result.headSha} (event COMMENT):`, '', result.review.body, '');
    for (const c of result.review.comments) out.push(`--- ${oneLine(c.path)}:${c.line} (${c.side})`, c.body, '');
  }
  if (result.alreadyPosted) out.push(`${result.alreadyPosted} finding(s) already on the pull request.`);
  if (result.deleted.length) out.push(`Would delete outdated comment(s): ${result.deleted.join(', ')}`);
  if (result.keptWithReplies.length) out.push(`Would keep outdated comment(s) with replies: ${result.keptWithReplies.join(', ')}`);
  // printed in CI logs, fork pull requests included: controls shown by their codes, no line a command
  return noCommands(visible(out.join('\n') + '\n'));
}

export async function github(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, OPTIONS, 'github');
  if (values.help) {
    io.stdout.write(GITHUB_HELP);
    return 0;
  }
  const m = /^([\w.-]+)\/([\w.-]+)$/.exec(values.repo ?? '');
  if (!m) throw new UsageError('pmreview github: --repo OWNER/NAME is required');
  if (!values.pr || !/^\d+$/.test(values.pr) || Number(values.pr) <= 0) throw new UsageError('pmreview github: --pr N (a pull request number) is required');
  const [, owner, repo] = m as unknown as [string, string, string];
  const pr = Number(values.pr);
  // fetch refuses a URL with credentials, and its error quotes the URL: said here, without it
  if (values['api-url'] && /^[a-z][\w+.-]*:\/\/[^/?#]*@/i.test(values['api-url'])) {
    throw new UsageError('pmreview github: --api-url must not hold credentials (user:password@); put the token in $GITHUB_TOKEN (or --token-env NAME)');
  }
  const tokenEnv = values['token-env'] ?? 'GITHUB_TOKEN';
  const token = io.env[tokenEnv] || undefined;
  if (!token && !values['dry-run']) throw new UsageError(`pmreview github: no token in $${tokenEnv} (set it, or use --dry-run)`);
  const config = resolveConfig({ cwd: io.cwd, config: values.config, rule: values.rule, kernel: values.kernel });
  const failOn = values['fail-on'] !== undefined ? parseFailOn(values['fail-on']) : config.failOn;

  const log = (line: string) => io.stderr.write(`pmreview: ${line}\n`);
  const octokit = await createGithubClient({ token, apiUrl: values['api-url'], log });
  const source = await githubPullSource({ owner, repo, pr, octokit });
  const review = await runReview([source], { policy: { config } });
  for (const d of review.diagnostics) if (d.severity !== 'info') log(formatDiagnostic(d));
  let result: PublishGithubResult;
  try {
    result = await publishGithubReview(review, { owner, repo, pr, octokit, dryRun: values['dry-run'], failOn, log, botLogin: values['bot-login'] });
  } catch (e) {
    io.stderr.write(`pmreview: github:${owner}/${repo}#${pr}: cannot publish the review: ${githubErrorMessage(e)}\n`);
    return 2;
  }
  if (values['dry-run']) io.stdout.write(formatPlannedReview(result));
  return result.failed ? 1 : 0;
}
