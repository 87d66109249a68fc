import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { InputError } from './types.js';

export const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/**
 * Decompresses as the bytes arrive and stops with an InputError once more
 * than `maxBytes` came out, so a small bomb never reaches memory whole.
 */
export async function* gunzip(input: AsyncIterable<Uint8Array>, name: string, maxBytes: number): AsyncIterable<Uint8Array> {
  const source = Readable.from(input, { objectMode: false });
  const z = zlib.createGunzip();
  source.on('error', (e) => z.destroy(e));
  source.pipe(z);
  let total = 0;
  try {
    for await (const chunk of z as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new InputError(name, `decompressed size exceeds --max-input-bytes (${maxBytes})`);
      yield chunk;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(name, `cannot decompress: ${(e as Error).message}`);
  } finally {
    source.destroy();
    z.destroy();
  }
}

/** Passes the stream through, or through gunzip when it starts with the gzip magic bytes. */
export async function* sniffGzip(input: AsyncIterable<Uint8Array | string>, name: string, maxBytes: number): AsyncIterable<Uint8Array> {
  const it = input[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  // two bytes are enough to decide; a stream may hand them over one at a time
  while (head.length < 2) {
    const r = await it.next();
    if (r.done) {
      if (head.length) yield head;
      return;
    }
    head = Buffer.concat([head, typeof r.value === 'string' ? Buffer.from(r.value) : r.value]);
  }
  async function* rest(): AsyncIterable<Uint8Array> {
    yield head;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    }
  }
  if (isGzip(head)) yield* gunzip(rest(), name, maxBytes);
  else yield* rest();
}
