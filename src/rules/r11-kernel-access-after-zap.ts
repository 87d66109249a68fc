import type { CallSite } from '../code/index.js';
import type { FindingDraft, Rule } from './types.js';
import { callLocation, isRestoreCall, isZapCall, postFunctions } from './lib/index.js';

/** Kernel accesses to a folio's contents through the direct map (FO-03, FO-06). */
const ACCESS = /^(clear_highpage|clear_page|folio_zero_range|folio_zero_segment|folio_zero_segments|folio_zero_tail|zero_user\w*|memset|memcpy|memzero_explicit|copy_highpage|copy_page|copy_user_highpage|kmap_local_page|kmap_local_folio|kmap_atomic|kmap|flush_dcache_folio|flush_dcache_page|folio_address|page_address|kvm_gmem_prepare_folio)$/;

function isAccess(c: CallSite): boolean {
  return ACCESS.test(c.callee);
}

export const rule: Rule = {
  meta: {
    id: 'R11',
    name: 'kernel-access-after-zap',
    category: 'direct-map-access',
    scope: 'function',
    severity: 'error',
    concepts: ['direct-map', 'folio'],
    summary: 'The kernel touches a folio\'s contents (clear, copy, kmap, folio_address) after removing it from the direct map and before restoring it, or zeroes it before the restore on free.',
    fix: 'Zero and prepare the folio first, then remove it from the direct map; on free, restore first, then zero.',
    refs: ['FO-03', 'FO-06', 'DM-05', 'GUP-06', 'S20', 'seed:003'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of postFunctions(ctx)) {
      let zapped: CallSite | undefined;
      const calls = [...fn.calls].sort((a, b) => a.line.line - b.line.line);
      for (const c of calls) {
        if (isZapCall(c)) {
          zapped = c;
          continue;
        }
        if (isRestoreCall(c)) {
          zapped = undefined;
          continue;
        }
        if (!zapped || !isAccess(c)) continue;
        // Address arithmetic for the flush itself is not an access to the contents.
        if (/^(folio_address|page_address)$/.test(c.callee) && (c.wrappedBy?.startsWith('flush_tlb') || /flush_tlb|addr\s*=/.test(fn.statements[c.statement]?.text ?? ''))) continue;
        if (c.line.kind !== 'add' && zapped.line.kind !== 'add') continue;
        out.push({
          location: callLocation({ patch, view, fn, call: c }),
          message: `${c.callee}() touches the folio through the direct map after ${zapped.callee}() removed it (line ${zapped.line.line}): the access faults, or works on one CPU through a stale TLB entry and crashes on another.`,
          evidence: [callLocation({ patch, view, fn, call: zapped })],
        });
      }
      // On free: zeroing before the restore.
      const restore = calls.find(isRestoreCall);
      if (restore && /free|release|evict/.test(fn.name)) {
        const before = calls.find((c) => c.line.line < restore.line.line && isAccess(c) && !/^(folio_address|page_address)$/.test(c.callee));
        if (before && (before.line.kind === 'add' || restore.line.kind === 'add')) {
          out.push({
            location: callLocation({ patch, view, fn, call: before }),
            message: `${before.callee}() touches the folio before ${restore.callee}() puts it back in the direct map: restore first, then zero.`,
          });
        }
      }
    }
    return out;
  },
};
