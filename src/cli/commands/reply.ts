import { execFileSync } from 'node:child_process';
import { UsageError, type Person } from '../../common/index.js';
import { formatReplies } from '../../report/index.js';
import { parse } from '../args.js';
import { emit, printDiagnostics } from '../output.js';
import { review as runReview } from '../../review/index.js';
import { parsePerson } from '../../series/index.js';
import { CHECK_OPTIONS, pipelineOptions, resolveInputs } from './check.js';
import type { CliIO } from '../types.js';

const HELP = `Usage: pmreview reply <input…> -o replies.mbox [--from "Name <addr>"]

Write one kernel-style review reply per patch with findings: quoted hunks with
each comment right under the line it is about, In-Reply-To/References set, ready
for a mail client or git send-email. From defaults to git's user.name/user.email.
Inputs and rule options as for pmreview check.
`;

export async function reply(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { ...CHECK_OPTIONS, from: { type: 'string' } }, 'reply');
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const from = values.from ? fromOption(values.from) : gitIdentity(io.cwd);
  const { opts } = pipelineOptions(values, io);
  const review = await runReview(resolveInputs(positionals, values, io, 'reply'), opts);
  emit(formatReplies(review, { from }), io, values.output);
  printDiagnostics(review.diagnostics, io);
  const patches = new Set(review.findings.map((f) => `${f.location.messageId ?? ''}#${f.location.patchIndex}`));
  io.stderr.write(`pmreview: ${patches.size} ${patches.size === 1 ? 'reply' : 'replies'} written\n`);
  return 0;
}

/** `--from`: an address as a trailer writes it (series parsePerson), or a usage error. */
function fromOption(text: string): Person {
  const person = parsePerson(text);
  if (!person) throw new UsageError(`--from must be "Name <address>" (got "${text}")`);
  return person;
}

function gitIdentity(cwd: string): Person {
  const get = (key: string): string => {
    try {
      return execFileSync('git', ['config', '--get', key], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const address = get('user.email');
  if (!address) throw new UsageError('pmreview reply: no --from and no git user.email configured');
  return { name: get('user.name'), address };
}
