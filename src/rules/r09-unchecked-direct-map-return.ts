import type { CallSite } from '../code/index.js';
import type { CallMeaning, Role } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { callLocation, commentAbove, isInitFunction, isPrimitiveDefinition, meaningOf, postCalls, reportsErrors } from './lib/index.js';

/** Changes of kernel mappings whose failure a caller must see: direct-map removal and restore, permission and encryption changes. */
type Change = Extract<Role, 'remove' | 'restore' | 'protect' | 'decrypt' | 'encrypt'>;

function changeOf(m: CallMeaning | undefined): Change | undefined {
  if (!m?.mayFail) return undefined;
  if (m.concept === 'direct-map' && !m.entry.debugOnly && (m.role === 'remove' || m.role === 'restore')) return m.role;
  if (m.role === 'protect' || m.role === 'decrypt' || m.role === 'encrypt') return m.role;
  return undefined;
}

/** What is lost when the change fails unnoticed. */
const LOST: Record<Change, string> = {
  remove: 'if the removal fails the page stays in the direct map and the protection is silently lost',
  restore: 'a restore that fails leaves the page unmapped; warn once and say in a comment why it cannot fail',
  protect: 'if it fails the range keeps its old permissions and nothing notices',
  decrypt: 'if it fails the range is in an unknown encryption state and is used as if it were shared with the host',
  encrypt: 'if it fails the pages may still be shared with the host: they must be leaked, never freed (CPA-02)',
};

function assertOf(ctx: RuleContext, call: CallSite): 'crash' | 'debug-crash' | 'warn' | 'debug-warn' | undefined {
  return call.wrappedBy ? ctx.model.bySymbol.get(call.wrappedBy)?.assert : undefined;
}

export const rule: Rule = {
  meta: {
    id: 'R09',
    name: 'unchecked-direct-map-return',
    category: 'unchecked-return',
    scope: 'line',
    severity: 'error',
    concepts: ['direct-map', 'set-memory'],
    summary: 'The result of a change of kernel mappings (direct-map removal or restore, set_memory_* permission or encryption change, or a wrapper of them) is discarded, only BUG_ON-ed, or compiled out inside VM_BUG_ON().',
    fix: 'Check the result: r = change(...); if (r) goto out; for a restore that cannot be handled, WARN_ON_ONCE(restore(folio)) with a comment saying why.',
    refs: ['DM-02', 'DM-03', 'CPA-01', 'CPA-02', 'KRN-01', 'seed:003', 'lore:20260114134510.1835-8-kalyazin@amazon.com', 'lore:21037bf38438a285f5dff9501668f1675bc45989.1708070781.git.christophe.leroy@csgroup.eu'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const found of postCalls(ctx, () => true)) {
      const { call, fn } = found;
      const m = meaningOf(ctx, call, found.view.file);
      const change = changeOf(m);
      if (!change || isPrimitiveDefinition(fn, ctx)) continue;
      const assertion = assertOf(ctx, call);
      // A page removal is the protection itself; a VA-range removal (set_memory_np) is CPA housekeeping of other code.
      const minor = change !== 'remove' || m!.granularity === 'range';
      if (assertion === 'debug-crash' || assertion === 'debug-warn') {
        // mmdebug.h: without CONFIG_DEBUG_VM the condition is only type-checked (BUILD_BUG_ON_INVALID), never run.
        out.push({
          location: callLocation(found),
          message: `${call.callee}() is the condition of ${call.wrappedBy}(), which is compiled out without CONFIG_DEBUG_VM: on production kernels the call is never made.`,
        });
      } else if (assertion === 'crash') {
        out.push({
          location: callLocation(found),
          severity: minor ? 'warning' : undefined,
          message: `${call.callee}() can fail (-ENOMEM when a large mapping must be split) and ${call.wrappedBy}() turns that into a crash.`,
        });
      } else if (call.discarded && assertion === undefined) {
        // secretmem's restore on its fault path says in a comment why it cannot fail (MODEL.md R09).
        if (change === 'restore' && commentAbove(fn, call.line.line)) continue;
        // Where the function has no way to report a failed permission change (void, boot-time code), say so for information only.
        const quiet = (change === 'protect' || (change === 'remove' && minor)) && (!reportsErrors(fn) || isInitFunction(found.patch, fn));
        out.push({
          location: callLocation(found),
          severity: quiet ? 'info' : minor ? 'warning' : undefined,
          message: `the result of ${call.callee}() is ignored: ${LOST[change]}.`,
        });
      }
    }
    return out;
  },
};
