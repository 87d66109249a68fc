#!/usr/bin/env node
import { formatDiagnostic } from '../common/index.js';
import { main } from './run.js';
import type { CliIO } from './types.js';

const io: CliIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
// `pmreview check … | head` must end quietly, not with an EPIPE stack.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`pmreview: ${formatDiagnostic({ severity: 'error', message: String(e) })}\n`);
    process.exitCode = 2;
  },
);
