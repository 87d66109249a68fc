import type { FindingDraft, Rule } from './types.js';
import { locateCode, postFunctions } from './lib/index.js';

/** guest_memfd file operations that change what userspace can do with the fd. */
const BEHAVIOURS = new Set(['mmap', 'read_iter', 'write_iter', 'read', 'write', 'splice_read', 'get_unmapped_area']);
const OPT_IN = /GUEST_MEMFD_FLAG_|KVM_GMEM_|KVM_GUEST_MEMFD_|\bflags\s*&|_supports_\w+|_allowed\s*\(|_enabled\s*\(|->flags\b/;

export const rule: Rule = {
  meta: {
    id: 'R31',
    name: 'gmem-behaviour-without-opt-in',
    category: 'new-flag',
    scope: 'function',
    severity: 'warning',
    concepts: ['guest-memfd'],
    summary: 'A guest_memfd file operation (mmap, read, write…) is installed for every guest_memfd, with no creation flag or capability for userspace to opt in.',
    fix: 'Gate the new behaviour on a creation flag (as GUEST_MEMFD_FLAG_MMAP does) checked in the operation, advertised through kvm_gmem_get_supported_flags().',
    refs: ['GM-04', 'GM-05', 'lore:20240709132041.3625501-9-roypat@amazon.co.uk', 'S17'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const fns = new Map<string, string[]>();
    for (const { fn } of postFunctions(ctx)) fns.set(fn.name, [...(fns.get(fn.name) ?? []), ...fn.statements.map((s) => s.text), ...fn.statements.flatMap((s) => s.guards)]);
    for (const patch of ctx.series.patches) {
      for (const view of ctx.views(patch)) {
        if (!/(^|\/)virt\/kvm\/guest_memfd\.c$|gmem/.test(view.file)) continue;
        for (const init of view.initializers) {
          if (!/file_operations/.test(init.type) || !/gmem|guest_memfd/.test(init.name)) continue;
          for (const f of init.fields) {
            const op = f.field.replace(/^\./, '');
            if (!BEHAVIOURS.has(op) || f.line.kind !== 'add') continue;
            const handler = f.value.trim();
            const body = fns.get(handler);
            if (body?.some((t) => OPT_IN.test(t))) continue;
            out.push({
              location: locateCode(patch, view.file, f.line),
              message: `.${op} = ${handler} makes every guest_memfd ${op === 'mmap' ? 'mmap-able' : `support ${op}`} unconditionally; userspace has no flag to opt in and no way to discover it.`,
            });
          }
        }
      }
    }
    return out;
  },
};
