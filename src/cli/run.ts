import { redactor, secretsOf } from '../common/index.js';
import { InputError } from '../source/index.js';
import { check } from './commands/check.js';
import { evalCommand } from './commands/eval.js';
import { map } from './commands/map.js';
import { model } from './commands/model.js';
import { reply } from './commands/reply.js';
import { explain, rules } from './commands/rules.js';
import { series } from './commands/series.js';
import { VERSION } from './package-info.js';
import type { CliIO, Command } from './types.js';
import { UsageError } from '../common/index.js';

export const COMMANDS: Record<string, { run: Command; summary: string }> = {
  check: { run: check, summary: 'review a series: findings with line, reason and source' },
  series: { run: series, summary: 'show the reconstructed series (cover, versions, patches, replies)' },
  map: { run: map, summary: 'show which protected-memory concepts each patch and hunk touches' },
  reply: { run: reply, summary: 'write kernel-style review replies as an mbox' },
  rules: { run: rules, summary: 'list the rules' },
  explain: { run: explain, summary: "print a rule's documentation" },
  model: { run: model, summary: 'print the protected-memory design model' },
  // Loaded on use: octokit costs ~0.3 s of start-up that check and series do not need.
  github: { run: async (a, io) => (await import('./commands/github.js')).github(a, io), summary: 'review a GitHub pull request and post one review (inline on its diff)' },
  patchwork: { run: async (a, io) => (await import('./commands/patchwork.js')).patchwork(a, io), summary: 'post one patchwork check per patch of a series' },
  'b4-check': { run: async (a, io) => (await import('./commands/b4-check.js')).b4Check(a, io), summary: "b4's per-patch check protocol: one patch mail on stdin, JSON out" },
  eval: { run: evalCommand, summary: 'measure the rules against human reviews (<name>.mbox + <name>.truth.json)' },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: pmreview <command> [options]',
    '',
    'Review Linux kernel patch series that touch KVM protected guest memory.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'pmreview <command> --help shows the options of a command; pmreview --version the version.',
    '',
  ].join('\n');
}

/**
 * `io` with the secrets of this command line (tokens, URL credentials)
 * replaced in everything written: messages on stderr (where any URL's
 * credentials are hidden too) and output on stdout.
 */
function redacting(io: CliIO, argv: string[]): CliIO {
  const secrets = secretsOf(argv, io.env);
  const wrap = (w: CliIO['stdout'], redact: (s: string) => string): CliIO['stdout'] => ({ write: (chunk: string) => w.write(redact(chunk)), isTTY: w.isTTY });
  return {
    ...io,
    stdout: secrets.length ? wrap(io.stdout, redactor(secrets)) : io.stdout,
    stderr: wrap(io.stderr, redactor(secrets, { urls: true })),
  };
}

/** Runs one command line; the exit status is returned, never thrown. */
export async function main(argv: string[], plainIo: CliIO): Promise<number> {
  const io = redacting(plainIo, argv);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`pmreview ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`pmreview: unknown command "${name}" (see pmreview --help)\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.stderr.write(`pmreview: ${e.message}\n`);
      return 2;
    }
    // A bug of ours, not bad input: one line unless PMREVIEW_DEBUG asks for the stack.
    const err = e as Error;
    io.stderr.write(`pmreview: internal error: ${err.message}${io.env.PMREVIEW_DEBUG ? `\n${err.stack}` : ' (set PMREVIEW_DEBUG=1 for details)'}\n`);
    return 2;
  }
}
