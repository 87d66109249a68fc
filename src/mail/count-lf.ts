const LF = 0x0a;
const LF4 = 0x0a0a0a0a;
const LOW7 = 0x7f7f7f7f;

/**
 * Number of LF bytes in buf[from, to), four bytes per step: the zero bytes of
 * `word ^ 0x0a0a0a0a` (the exact SWAR test, no false positives). Each byte
 * lane of `acc` counts up to 255 words before it is folded. The fallback of
 * LineCounter, and fine for short ranges.
 */
export function countLFSwar(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  let i = from;
  const base = buf.byteOffset;
  if (to - i < 64) {
    for (; i < to; i++) if (buf[i] === LF) n++;
    return n;
  }
  for (; ((base + i) & 3) !== 0; i++) if (buf[i] === LF) n++;
  const count = (to - i) >> 2;
  const words = new Int32Array(buf.buffer, base + i, count);
  let w = 0;
  while (w < count) {
    const stop = Math.min(count, w + 255);
    let acc = 0;
    for (; w < stop; w++) {
      const x = words[w] ^ LF4;
      acc = (acc + (~(((x & LOW7) + LOW7) | x | LOW7) >>> 7)) | 0;
    }
    n += (acc & 0xff) + ((acc >>> 8) & 0xff) + ((acc >>> 16) & 0xff) + (acc >>> 24);
  }
  for (i += count << 2; i < to; i++) if (buf[i] === LF) n++;
  return n;
}

/*
 * (module
 *   (memory (export "m") 16)
 *   (func (export "c") (param $p i32) (param $e i32) (result i32)   ;; e - p: a multiple of 64
 *     (local $q i32) (local $acc v128) (local $lf v128) (local $tot v128)
 *     (local.set $lf (i8x16.splat (i32.const 10)))
 *     (block $done (loop $outer
 *       (br_if $done (i32.ge_u (local.get $p) (local.get $e)))
 *       (local.set $acc (v128.const i32x4 0 0 0 0))
 *       ;; 63 steps of 4 blocks: a u8 lane of acc counts at most 252
 *       (local.set $q (select (i32.add (local.get $p) (i32.const 4032)) (local.get $e)
 *                             (i32.lt_u (i32.add (local.get $p) (i32.const 4032)) (local.get $e))))
 *       (loop $inner
 *         (local.set $acc (i8x16.sub (i8x16.sub (i8x16.sub (i8x16.sub (local.get $acc)
 *           (i8x16.eq (v128.load offset=0 (local.get $p)) (local.get $lf)))
 *           (i8x16.eq (v128.load offset=16 (local.get $p)) (local.get $lf)))
 *           (i8x16.eq (v128.load offset=32 (local.get $p)) (local.get $lf)))
 *           (i8x16.eq (v128.load offset=48 (local.get $p)) (local.get $lf))))
 *         (br_if $inner (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 64))) (local.get $q))))
 *       (local.set $tot (i32x4.add (local.get $tot) (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $acc)))))
 *       (br $outer)))
 *     (i32.add (i32.add (i32x4.extract_lane 0 (local.get $tot)) (i32x4.extract_lane 1 (local.get $tot)))
 *              (i32.add (i32x4.extract_lane 2 (local.get $tot)) (i32x4.extract_lane 3 (local.get $tot))))))
 *
 * Four loads per step keep the loop cheap in Liftoff, V8's baseline
 * WebAssembly compiler, which runs the code until it is hot.
 */
/** Unsigned LEB128. */
const leb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...leb(n >>> 7)]);
const eqSub = (offset: number) => [0x20, 0x00, 0xfd, 0x00, 0x00, offset, 0x20, 0x05, 0xfd, 0x23, 0xfd, 0x71];
const BODY = [
  [0x02, 0x02, 0x7f, 0x03, 0x7b], // locals: 2 i32 (k unused), 3 v128
  [0x41, 0x0a, 0xfd, 0x0f, 0x21, 0x05], // lf = i8x16.splat(10)
  [0x02, 0x40, 0x03, 0x40], // block, loop
  [0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01], // br_if done (p >= e)
  [0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x21, 0x04], // acc = 0
  [0x20, 0x00, 0x41, 0xc0, 0x1f, 0x6a, 0x20, 0x01, 0x20, 0x00, 0x41, 0xc0, 0x1f, 0x6a, 0x20, 0x01, 0x49, 0x1b, 0x21, 0x03], // q
  [0x03, 0x40, 0x20, 0x04, ...eqSub(0), ...eqSub(16), ...eqSub(32), ...eqSub(48), 0x21, 0x04], // loop inner: acc -= …
  [0x20, 0x00, 0x41, 0xc0, 0x00, 0x6a, 0x22, 0x00, 0x20, 0x03, 0x49, 0x0d, 0x00, 0x0b], // br_if inner ((p += 64) < q)
  [0x20, 0x06, 0x20, 0x04, 0xfd, 0x7d, 0xfd, 0x7f, 0xfd, 0xae, 0x01, 0x21, 0x06], // tot += pairwise sums of acc
  [0x0c, 0x00, 0x0b, 0x0b], // br outer; end loop; end block
  [0x20, 0x06, 0xfd, 0x1b, 0x00, 0x20, 0x06, 0xfd, 0x1b, 0x01, 0x6a, 0x20, 0x06, 0xfd, 0x1b, 0x02, 0x6a, 0x20, 0x06, 0xfd, 0x1b, 0x03, 0x6a, 0x0b],
].flat();

const MODULE = new Uint8Array([
  [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  [0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f], // type (i32 i32) -> i32
  [0x03, 0x02, 0x01, 0x00], // function 0 has type 0
  [0x05, 0x03, 0x01, 0x00, 0x10], // memory: 16 pages = 1 MiB
  [0x07, 0x09, 0x02, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x63, 0x00, 0x00], // export "m", "c"
  [0x0a, ...leb(BODY.length + leb(BODY.length).length + 1), 0x01, ...leb(BODY.length), ...BODY], // code
].flat());

const WINDOW = 1 << 20;

interface Kernel {
  mem: Uint8Array;
  count: (p: number, e: number) => number;
  /** The LineCounter whose window is in `mem`. */
  owner: LineCounter | undefined;
}

let kernel: Kernel | null | undefined;

/** The part of the WebAssembly API used here (the project's lib settings do not declare it). */
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { m: { buffer: ArrayBuffer }; c: (p: number, e: number) => number } };
}

function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
  if (wasm?.validate(MODULE)) {
    const { exports } = new wasm.Instance(new wasm.Module(MODULE));
    kernel = { mem: new Uint8Array(exports.m.buffer), count: exports.c, owner: undefined };
  }
  return kernel;
}

/**
 * Counts LFs in ranges of one buffer after another, ranges mostly ascending.
 *
 * In JavaScript the count is the splitter's largest cost (a byte loop runs at
 * ~2 ns/byte, the SWAR loop at ~0.5 ns/byte once optimised and much slower
 * before): here a 1 MiB window of the buffer is copied into WebAssembly
 * memory and counted 16 bytes per step with SIMD. The window is reused
 * while the ranges fall inside it; one module instance serves every
 * counter, so a counter checks it still owns the window.
 */
export class LineCounter {
  private buf: Uint8Array | undefined;
  private from = 0;
  private to = 0;

  count(buf: Uint8Array, from: number, to: number): number {
    const k = to - from < 256 ? null : loadKernel();
    if (!k) return countLFSwar(buf, from, to);
    let n = 0;
    while (from < to) {
      if (k.owner !== this || this.buf !== buf || from < this.from || from >= this.to) {
        const end = Math.min(buf.length, from + WINDOW);
        k.mem.set(from === 0 && end === buf.length ? buf : buf.subarray(from, end));
        k.owner = this;
        this.buf = buf;
        this.from = from;
        this.to = end;
      }
      const stop = Math.min(to, this.to);
      const blocks = (stop - from) & ~63;
      n += k.count(from - this.from, from - this.from + blocks);
      n += countLFSwar(buf, from + blocks, stop);
      from = stop;
    }
    return n;
  }

  /** Lets go of the buffer last counted. */
  release(): void {
    this.buf = undefined;
    if (kernel && kernel.owner === this) kernel.owner = undefined;
  }
}
