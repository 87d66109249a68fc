/**
 * The cheap test run on every hunk line of an archive: does the line name a
 * model symbol or a registry prefix? One precompiled regex; symbols sorted
 * longest first so an alternation never stops at a shorter prefix.
 */
export const REGISTRY_PREFIXES = ['GUEST_MEMFD_FLAG_', 'KVM_GUEST_MEMFD_', 'KVM_GMEM_', 'KVM_CAP_', 'AS_', 'FOLL_', 'KVM_HC_', 'KVM_FEATURE_', '__GFP_', 'KVM_MEMORY_ATTRIBUTE_', 'KVM_MEM_'];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function buildMentionsRegex(symbols: Iterable<string>): RegExp {
  const words = [...new Set(symbols)].filter((s) => /^[A-Za-z_]\w*$/.test(s)).sort((a, b) => b.length - a.length || a.localeCompare(b));
  const prefixes = REGISTRY_PREFIXES.map((p) => `${escape(p)}\\w+`);
  return new RegExp(`(?<![\\w])(?:${[...prefixes, ...words.map(escape)].join('|')})(?![\\w])`);
}
