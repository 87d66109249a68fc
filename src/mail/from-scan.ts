/**
 * The splitter's byte scan: every `From ` in a run of lines, with the number
 * of LFs before it, and the run's LF count.
 *
 * Splitting an archive is ~1 ns/byte of real work, but a JavaScript loop runs
 * 20–50x slower until V8 has optimised it, which on a one-shot run of a few
 * MB is most of the time. A small WebAssembly function (compiled at once by
 * Liftoff, V8's baseline wasm compiler) does the scan at near-native speed
 * from the first byte; countLFSwar is the fallback without WebAssembly.
 */

const LF = 0x0a;
const LF4 = 0x0a0a0a0a;
const LOW7 = 0x7f7f7f7f;

/**
 * Number of LF bytes in buf[from, to), four bytes per step: the zero bytes of
 * `word ^ 0x0a0a0a0a` (the exact SWAR test, no false positives). Each byte
 * lane of `acc` counts up to 255 words before it is folded.
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

/* A tiny assembler: just the instructions the function below uses. */
const sleb = (n: number): number[] => {
  const b = n & 0x7f;
  const rest = n >> 7;
  return (rest === 0 && !(b & 0x40)) || (rest === -1 && b & 0x40) ? [b] : [b | 0x80, ...sleb(rest)];
};
const uleb = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...uleb(n >>> 7)]);
const get = (l: number) => [0x20, l];
const set = (l: number) => [0x21, l];
const i32 = (n: number) => [0x41, ...sleb(n)];
const [BLOCK, LOOP, IF, END, BR, BR_IF] = [[0x02, 0x40], [0x03, 0x40], [0x04, 0x40], [0x0b], [0x0c], [0x0d]];
const [EQZ, EQ, LT_U, LE_U, GE_U] = [[0x45], [0x46], [0x49], [0x4d], [0x4f]];
const [CTZ, POPCNT, ADD, SUB, DIV_U, AND, SHL, SELECT] = [[0x68], [0x69], [0x6a], [0x6b], [0x6e], [0x71], [0x74], [0x1b]];
const LOAD = (offset: number) => [0x28, 0x00, ...uleb(offset)];
const LOAD8_U = (offset: number) => [0x2d, 0x00, ...uleb(offset)];
const STORE = (offset: number) => [0x36, 0x00, ...uleb(offset)];
const [V128_LOAD, I8X16_SPLAT, I8X16_EQ, I8X16_BITMASK] = [[0xfd, 0x00, 0x00, 0x00], [0xfd, 0x0f], [0xfd, 0x23], [0xfd, 0x64]];

// f(p, e, out) -> hits. Data in [p, e); memory may be read up to 20 bytes past e.
// Writes (position, LFs in [p, position), end of its line) triples of i32 for
// every `From ` at out, and the LF count of [p, e) at address 0.
const [p, e, out, n, o, lfm, fm, i, pos, lim, j, v, lfv, fv] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const FROM_LE = 0x6d6f7246; // "From" read as a little-endian i32
const BODY = [
  [0x02, 0x08, 0x7f, 0x03, 0x7b], // locals: n o lfm fm i pos lim j (i32), v lfv fv (v128)
  [...get(out), ...set(o)],
  [...i32(LF), ...I8X16_SPLAT, ...set(lfv), ...i32(0x46), ...I8X16_SPLAT, ...set(fv)],
  [...BLOCK, ...LOOP], // $done, $block
  [...get(p), ...get(e), ...GE_U, ...BR_IF, 1],
  [...get(p), ...V128_LOAD, ...set(v)],
  [...get(v), ...get(lfv), ...I8X16_EQ, ...I8X16_BITMASK, ...set(lfm)],
  [...get(v), ...get(fv), ...I8X16_EQ, ...I8X16_BITMASK, ...set(fm)],
  // the last block: only lanes before e
  [...get(e), ...get(p), ...SUB, ...i32(16), ...LT_U, ...IF],
  [...i32(1), ...get(e), ...get(p), ...SUB, ...SHL, ...i32(1), ...SUB, ...set(lim)],
  [...get(lfm), ...get(lim), ...AND, ...set(lfm), ...get(fm), ...get(lim), ...AND, ...set(fm), ...END],
  [...BLOCK, ...LOOP], // $none, $hits: each F of the block
  [...get(fm), ...EQZ, ...BR_IF, 1],
  [...get(fm), ...CTZ, ...set(i)],
  [...get(fm), ...get(fm), ...i32(1), ...SUB, ...AND, ...set(fm)],
  [...get(p), ...get(i), ...ADD, ...set(pos)],
  [...get(pos), ...i32(5), ...ADD, ...get(e), ...LE_U],
  [...get(pos), ...LOAD(0), ...i32(FROM_LE), ...EQ, ...AND],
  [...get(pos), ...LOAD8_U(4), ...i32(0x20), ...EQ, ...AND, ...IF],
  [...get(o), ...get(pos), ...STORE(0)],
  [...get(o), ...get(n), ...get(lfm), ...i32(1), ...get(i), ...SHL, ...i32(1), ...SUB, ...AND, ...POPCNT, ...ADD, ...STORE(4)],
  // the line's end: past its LF, or e
  [...get(pos), ...i32(5), ...ADD, ...set(j), ...BLOCK, ...LOOP],
  [...get(j), ...get(e), ...GE_U, ...BR_IF, 1, ...get(j), ...LOAD8_U(0), ...i32(LF), ...EQ, ...BR_IF, 1],
  [...get(j), ...i32(1), ...ADD, ...set(j), ...BR, 0, ...END, ...END],
  [...get(o), ...get(j), ...i32(1), ...ADD, ...get(e), ...get(j), ...get(e), ...LT_U, ...SELECT, ...STORE(8)],
  [...get(o), ...i32(12), ...ADD, ...set(o), ...END],
  [...BR, 0, ...END, ...END], // next F; end $hits, $none
  [...get(n), ...get(lfm), ...POPCNT, ...ADD, ...set(n)],
  [...get(p), ...i32(16), ...ADD, ...set(p)],
  [...BR, 0, ...END, ...END], // next block; end $block, $done
  [...i32(0), ...get(n), ...STORE(0)],
  [...get(o), ...get(out), ...SUB, ...i32(12), ...DIV_U, ...END],
].flat();

const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
const MODULE = new Uint8Array([
  [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  section(1, [0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f]), // type (i32 i32 i32) -> i32
  section(3, [0x01, 0x00]), // function 0 has type 0
  section(5, [0x01, 0x00, 0x01]), // memory: 1 page, grows
  section(7, [0x02, ...name('m'), 0x02, 0x00, ...name('f'), 0x00, 0x00]),
  section(10, [0x01, ...uleb(BODY.length), ...BODY]),
].flat());

/** Where the scanned bytes go in the module's memory (0..3 holds the LF count). */
const DATA = 16;

/** The part of the WebAssembly API used here (the project's lib settings do not declare it). */
interface Wasm {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { m: WasmMemory; f: (p: number, e: number, out: number) => number } };
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmScan {
  memory: WasmMemory;
  find: (p: number, e: number, out: number) => number;
}

let scanner: WasmScan | null | undefined;
let enabled = true;

function loadWasmScan(): WasmScan | null {
  if (scanner === undefined) {
    scanner = null;
    const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
    if (wasm?.validate(MODULE)) {
      const { exports } = new wasm.Instance(new wasm.Module(MODULE));
      scanner = { memory: exports.m, find: exports.f };
    }
  }
  return enabled ? scanner : null;
}

/** Turns the WebAssembly scan off (true) or on again, so tests can run the fallback. */
export function withoutWasm(off: boolean): void {
  enabled = !off;
}

export interface FromHits {
  count: number;
  /** Triples: offset of a `From ` from the start of the run, LFs before it in the run, offset of the end of its line. */
  hits: Int32Array;
  /** LFs in the whole run. */
  lines: number;
}

/**
 * Every `From ` inside buf[from, end) (not only at line starts: the caller
 * looks at what precedes it), or null without WebAssembly. The memory grows
 * to the largest run scanned, about 2.6 times its size: callers keep runs
 * short (the splitter cuts chunks into runs of whole lines of ~64 KiB).
 */
export function findFrom(buf: Uint8Array, from: number, end: number): FromHits | null {
  const k = loadWasmScan();
  if (!k) return null;
  const len = end - from;
  const at = (DATA + len + 32 + 15) & ~15;
  const need = at + 12 * (Math.floor(len / 5) + 1);
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  new Uint8Array(k.memory.buffer).set(from === 0 && end === buf.length ? buf : buf.subarray(from, end), DATA);
  const count = k.find(DATA, DATA + len, at);
  const hits = new Int32Array(k.memory.buffer, at, 3 * count);
  for (let h = 0; h < hits.length; h += 3) {
    hits[h] -= DATA;
    hits[h + 2] -= DATA;
  }
  return { count, hits, lines: new Int32Array(k.memory.buffer, 0, 1)[0]! };
}
