import fs from 'node:fs';
import { isGzip, gunzip } from './gzip.js';
import { InputError, type Source } from './types.js';

export function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return (err.message ?? String(e)).split('\n')[0]!;
  }
}

/** The first bytes of a file, which also proves it can be opened for reading. */
async function head(file: string, input: string): Promise<Buffer> {
  let fh: fs.promises.FileHandle | undefined;
  try {
    fh = await fs.promises.open(file, 'r');
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    throw new InputError(input, reason(e));
  } finally {
    await fh?.close();
  }
}

export async function* readFile(file: string, name: string): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of fs.createReadStream(file)) yield chunk as Buffer;
  } catch (e) {
    throw new InputError(name, reason(e));
  }
}

export async function fileSource(file: string, name: string, kind: Source['kind'], maxBytes: number): Promise<Source> {
  const gz = isGzip(await head(file, name));
  return {
    name,
    kind: gz ? 'gzip' : kind,
    stream: () => (gz ? gunzip(readFile(file, name), name, maxBytes) : readFile(file, name)),
  };
}
