import type { BaseFacts, CallMeaning, ModelEntry, Role } from './types.js';

/** The arch a path builds for, when it is arch code. */
export function archOf(file: string): string | undefined {
  return /^arch\/([^/]+)\//.exec(file)?.[1];
}

/**
 * Whether an entry flushes the TLB itself for code in `file`. Arch code asks
 * its own arch: the entry's word for it, else the base kernel's facts (riscv
 * and loongarch route set_direct_map_*_noflush() through a flushing
 * __set_memory()); generic code only counts a flush every arch does, so
 * arm64's flushing set_direct_map_valid_noflush() never hides a missing flush
 * on x86.
 */
export function flushesItself(entry: ModelEntry, file: string, base?: BaseFacts): boolean {
  const f = entry.flushes;
  if (!f) return false;
  const arch = archOf(file);
  if (arch && f[arch] !== undefined) return f[arch]!;
  const fact = arch ? base?.setterFlushes(entry.symbol, arch) : undefined;
  if (fact !== undefined) return fact;
  return f['*'] === true;
}

const TRUE = /^(true|1)$/;

/** Calls whose role depends on an argument: the `valid`/`enable` flag of a direct-map setter. */
export function callRole(entry: ModelEntry, args: readonly string[]): Role {
  const i = entry.args?.valid;
  if (i !== undefined && (entry.role === 'remove' || entry.role === 'restore')) return TRUE.test((args[i] ?? '').trim()) ? 'restore' : 'remove';
  return entry.role;
}

/** What a call of `entry` with `args` in `file` does. */
export function resolveMeaning(entry: ModelEntry, args: readonly string[], file: string, base?: BaseFacts): CallMeaning {
  const role = callRole(entry, args);
  const a = entry.args ?? {};
  const arg = (i: number | undefined): string | undefined => (i === undefined ? undefined : args[i]?.trim());
  const meaning: CallMeaning = {
    entry,
    role,
    concept: entry.concept,
    granularity: entry.granularity,
    flushesTlb: flushesItself(entry, file, base),
    mayFail: entry.mayFail ?? false,
  };
  if (entry.flushScope) meaning.flushScope = entry.flushScope;
  if (entry.flushTarget) meaning.flushTarget = entry.flushTarget;
  for (const [key, index] of [['page', a.page], ['count', a.count], ['flags', a.flags], ['order', a.order], ['addr', a.addr], ['bytes', a.bytes], ['offset', a.offset], ['folio', a.folio], ['index', a.index], ['userData', a.userData], ['gfp', a.gfp]] as const) {
    const text = arg(index);
    if (text !== undefined) meaning[key] = text;
  }
  return meaning;
}

/** A removal of direct-map (or other kernel-mapping) entries. */
export const removesMapping = (m: CallMeaning | undefined): boolean => m?.role === 'remove';
/** A restore of what a removal took out. */
export const restoresMapping = (m: CallMeaning | undefined): boolean => m?.role === 'restore';

/** A flush of kernel translations; `scope` narrows to all-CPU or local-only flushes. */
export function isKernelFlush(m: CallMeaning | undefined, scope?: 'all' | 'local'): boolean {
  if (!m || m.role !== 'flush' || m.flushTarget !== 'kernel') return false;
  return scope === undefined || m.flushScope === scope;
}

/**
 * The call leaves no stale kernel TLB entry behind on any CPU: an all-CPU
 * kernel flush, or a change that flushes itself here (a zap helper, a
 * flushing set_memory_*()).
 */
export function flushesKernelEverywhere(m: CallMeaning | undefined): boolean {
  if (!m) return false;
  if (m.role === 'flush') return m.flushTarget === 'kernel' && m.flushScope === 'all';
  return m.flushesTlb;
}

/** An API that works on one struct page: given `&folio->page` it touches the first page of the folio only (FO-01). */
export const perPage = (m: CallMeaning | undefined): boolean => m?.granularity === 'page' && m.page !== undefined;
