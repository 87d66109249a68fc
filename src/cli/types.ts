import type { Readable } from 'node:stream';

/** The process surface a command may use; tests pass their own. */
export interface CliIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  stdin: Readable;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** A subcommand: argv after the command name; resolves to the exit status (0, 1, 2). */
export type Command = (args: string[], io: CliIO) => Promise<number>;
