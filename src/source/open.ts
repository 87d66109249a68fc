import fs from 'node:fs';
import path from 'node:path';
import { gitRangeSource } from './git.js';
import { sniffGzip } from './gzip.js';
import { fileSource, readFile, reason } from './file.js';
import { loreThreadSource, parseLoreInput } from './lore.js';
import { InputError, type OpenOptions, type Source } from './types.js';

/** Generous: a whole lore list archive fits; only bombs hit it. */
export const DEFAULT_MAX_INPUT_BYTES = 4 * 1024 ** 3;

const MAIL_FILE = /\.(patch|eml)$/i;

async function dirSources(dir: string, maxBytes: number): Promise<Source[]> {
  let names: string[];
  try {
    names = (await fs.promises.readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && MAIL_FILE.test(d.name)).map((d) => d.name);
  } catch (e) {
    throw new InputError(dir, reason(e));
  }
  // name order is format-patch order (0001-…, 0002-…); plain code-unit order, independent of locale
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!names.length) throw new InputError(dir, 'no *.patch or *.eml files in directory');
  const out: Source[] = [];
  for (const n of names) {
    const s = await fileSource(path.join(dir, n), path.join(dir, n), 'patch-file', maxBytes);
    // inside a directory every file is one patch mail, compressed or not
    out.push({ ...s, kind: 'patch-file' });
  }
  return out;
}

function stdinSource(opts: OpenOptions): Source {
  return {
    name: '-',
    kind: 'stdin',
    stream: () => sniffGzip((opts.stdin ?? process.stdin) as AsyncIterable<Uint8Array | string>, '-', opts.maxInputBytes),
  };
}

async function openOne(input: string, opts: OpenOptions): Promise<Source[]> {
  if (input === '-') return [stdinSource(opts)];
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(input);
  } catch (e) {
    // a file of that name wins: `a@b.mbox` is read if it is there
    const target = parseLoreInput(input);
    if (target) return [await loreThreadSource(target, { ...opts.lore, maxInputBytes: opts.maxInputBytes })];
    throw new InputError(input, reason(e));
  }
  if (st.isDirectory()) return dirSources(input, opts.maxInputBytes);
  if (st.isFile()) return [await fileSource(input, input, MAIL_FILE.test(input) ? 'patch-file' : 'mbox', opts.maxInputBytes)];
  // a pipe such as bash's <(…) can be read once: no peeking, gzip is detected in the stream
  if (st.isFIFO() || st.isCharacterDevice()) return [{ name: input, kind: 'mbox', stream: () => sniffGzip(readFile(input, input), input, opts.maxInputBytes) }];
  throw new InputError(input, 'not a regular file or directory');
}

/**
 * One Source per input argument (a directory gives one per mail file; a
 * Message-ID or lore URL that names no file, its thread), plus
 * one for `opts.gitRange`. Everything is checked here, so unreadable input
 * fails before any review starts; bytes are read only when a stream is.
 */
export async function openSources(inputs: string[], opts: OpenOptions): Promise<Source[]> {
  const out: Source[] = [];
  for (const input of inputs) out.push(...(await openOne(input, opts)));
  if (opts.gitRange !== undefined) out.push(await gitRangeSource(opts.gitRange, opts.repo ?? process.cwd(), opts.maxInputBytes));
  return out;
}
