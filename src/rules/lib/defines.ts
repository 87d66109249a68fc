import type { DiffPatch } from '../../diff/index.js';
import type { Location } from '../../model/index.js';
import type { RuleContext } from '../types.js';
import { addedLines, locationOf, patchLines, type PatchLine } from './locate.js';

/** A number claimed by an added `#define` or enum member. */
export interface AddedNumber {
  name: string;
  value: string;
  /** The number within its registry: the bit index for flags, the nr for ioctls. */
  numeric?: bigint;
  registry?: string;
  patch: DiffPatch;
  location: Location;
}

/**
 * Registries by symbol prefix (MODEL.md §2.7). Names are matched by prefix rather
 * than by the model's registry label so tree facts, model claims and the diff agree.
 */
export function registryOf(symbol: string): string | undefined {
  // Field widths and bounds (AS_FOLIO_ORDER_BITS = 5) share the prefix but claim no number.
  if (/_(BITS|MIN|MAX|MASK|SHIFT|COUNT|NR)$/.test(symbol)) return undefined;
  if (/^(GUEST_MEMFD_FLAG_|KVM_GMEM_|KVM_GUEST_MEMFD_)/.test(symbol) && !/^KVM_GMEM_(IO|CREATE)/.test(symbol)) return 'gmem-flags';
  if (/^KVM_CAP_/.test(symbol)) return 'kvm-cap';
  if (/^AS_/.test(symbol)) return 'as-flags';
  if (/^FOLL_/.test(symbol)) return 'foll';
  if (/^KVM_HC_/.test(symbol)) return 'kvm-hc';
  if (/^KVM_FEATURE_/.test(symbol)) return 'kvm-feature';
  if (/^___?GFP_/.test(symbol)) return 'gfp';
  if (/^KVM_MEMORY_ATTRIBUTE_/.test(symbol)) return 'kvm-mem-attr';
  return undefined;
}

const IOCTL = /^_IO(?:R|W|WR)?\s*\(\s*KVMIO\s*,\s*(0x[0-9a-fA-F]+|\d+)/;

/** Evaluates the constant forms kernel headers use for flags and numbers. */
export function evalNumber(value: string): { numeric: bigint; kind: 'bit' | 'number' | 'ioctl' } | undefined {
  const v = value.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').trim().replace(/^\((.*)\)$/, '$1').trim();
  const io = IOCTL.exec(v);
  if (io) return { numeric: BigInt(io[1]!), kind: 'ioctl' };
  let m = /^(?:1|1U|1UL|1ULL|\(u64\)1|\(1ULL?\))\s*<<\s*\(?(\d+)\)?$/i.exec(v);
  if (m) return { numeric: BigInt(m[1]!), kind: 'bit' };
  m = /^(?:_BITULL|_BITUL|BIT|BIT_ULL|_BIT)\s*\(\s*(\d+)\s*\)$/.exec(v);
  if (m) return { numeric: BigInt(m[1]!), kind: 'bit' };
  m = /^(0x[0-9a-f]+|\d+)U?L{0,2}$/i.exec(v);
  if (m) return { numeric: BigInt(m[1]!), kind: 'number' };
  return undefined;
}

/** A value as its registry compares it: flags by bit, FOLL_* hex masks too. */
export function registryNumber(registry: string | undefined, value: string): bigint | undefined {
  const n = evalNumber(value);
  if (!n) return undefined;
  if ((registry === 'gmem-flags' || registry === 'foll' || registry === 'gfp' || registry === 'kvm-mem-attr') && n.kind === 'number') {
    // A plain mask like 0x80000: its bit index.
    if (n.numeric > 0n && (n.numeric & (n.numeric - 1n)) === 0n) return BigInt(n.numeric.toString(2).length - 1);
    return undefined;
  }
  return n.numeric;
}

const DEFINE = /^\s*#\s*define\s+([A-Z_][A-Z0-9_]*)\s+(.+?)\s*$/;
const ENUM_MEMBER = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*([^,]+?)\s*,?\s*(?:\/\*.*)?$/;

/** `#define`s and `NAME = value,` enum members on added lines of a patch. */
export function addedNumbers(patch: DiffPatch): AddedNumber[] {
  return numbersOn(patch, addedLines(patch));
}

/** The base as the patch shows it: numbers defined on context and deleted lines. */
export function baseNumbers(patch: DiffPatch): AddedNumber[] {
  return numbersOn(patch, [...patchLines(patch)].filter((pl) => pl.line.kind !== 'add'));
}

function numbersOn(patch: DiffPatch, lines: Iterable<PatchLine>): AddedNumber[] {
  const out: AddedNumber[] = [];
  for (const pl of lines) {
    if (!/\.(h|c)$/.test(pl.file.path)) continue;
    const m = DEFINE.exec(pl.line.text) ?? ENUM_MEMBER.exec(pl.line.text);
    if (!m) continue;
    const name = m[1]!;
    const registry = registryOf(name);
    const value = m[2]!.trim();
    out.push({ name, value, registry, numeric: registryNumber(registry, value), patch, location: locationOf(patch, pl) });
  }
  return out;
}

export function seriesNumbers(ctx: RuleContext): AddedNumber[] {
  return ctx.series.patches.flatMap(addedNumbers);
}

/** New uapi identifiers: numbers added to include/uapi headers (KVM and mm). */
export function newUapiNumbers(ctx: RuleContext): AddedNumber[] {
  return seriesNumbers(ctx).filter((n) => /^include\/uapi\//.test(n.location.file) && n.registry && n.registry !== 'as-flags' && n.registry !== 'foll');
}

/** Added lines (any file) whose text mentions `symbol`, with their files. */
export function mentions(ctx: RuleContext, symbol: string): { file: string; text: string; patch: DiffPatch; location: Location }[] {
  const re = new RegExp(`\\b${symbol}\\b`);
  const out = [];
  for (const patch of ctx.series.patches) {
    for (const pl of addedLines(patch)) if (re.test(pl.line.text)) out.push({ file: pl.file.path, text: pl.line.text, patch, location: locationOf(patch, pl) });
  }
  return out;
}

export function touchedPaths(ctx: RuleContext): string[] {
  return ctx.series.patches.flatMap((p) => p.files.map((f) => f.path));
}
