import type { Concept, ModelEntry, Role, SymbolKind, SymbolStatus } from '../types.js';

export const mainline = (since: string): SymbolStatus => ({ kind: 'mainline', since });
export const rfcOnly = (year: number): SymbolStatus => ({ kind: 'rfc-only', year });
export const inSeries = (version: string, series: string): SymbolStatus => ({ kind: 'series', version, series });
export const removed = (until: string, since?: string): SymbolStatus => (since ? { kind: 'removed', since, until } : { kind: 'removed', until });
export const queued = (tree: string): SymbolStatus => ({ kind: 'queued', tree });

export type Extra = Omit<ModelEntry, 'symbol' | 'kind' | 'concept' | 'role' | 'semantics' | 'status' | 'source' | 'facts'>;

/** A positional builder per concept file: the tables stay one line per symbol. */
export function entryMaker(concept: Concept) {
  return (
    symbol: string,
    kind: SymbolKind,
    role: Role,
    semantics: string,
    status: SymbolStatus,
    source: string,
    facts: string[],
    extra: Partial<Extra> = {},
  ): ModelEntry => ({ symbol, kind, concept, role, semantics, status, source, facts, ...extra });
}
