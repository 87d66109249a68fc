import type { FindingDraft, Rule } from './types.js';
import { callLocation, meaningOf, postCalls } from './lib/index.js';

const KVM_PATH = /^(virt\/kvm\/|arch\/[^/]+\/kvm\/)/;

export const rule: Rule = {
  meta: {
    id: 'R24',
    name: 'protected-gup-without-flag',
    category: 'gup-protected',
    // Series scope: the call sites it reports are the ones the series did not touch.
    scope: 'series',
    severity: 'error',
    concepts: ['gup', 'kpe-2020'],
    summary: 'A series adds an opt-in GUP flag for protected memory (FOLL_KVM) to some KVM GUP call sites but not to others, or passes it from generic code.',
    fix: 'Update every KVM-internal GUP of guest memory in the same series (hva_to_pfn*, async page faults, hwpoison checks, guest copy helpers); never pass the flag outside KVM.',
    refs: ['KPE-03', 'KPE-04', 'S18', 'seed:002'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // The opt-in GUP flags of protected-memory designs (FOLL_KVM): GUP flags of the kpe-2020 concept.
    const flags = ctx.model.entries.filter((e) => e.concept === 'kpe-2020' && e.kind === 'flag' && e.registry === 'foll').map((e) => e.symbol);
    const flag = flags.find((f) => ctx.series.patches.some((p) => p.files.some((fd) => fd.hunks.some((h) => h.lines.some((l) => l.kind === 'add' && l.text.includes(f))))));
    if (!flag) return out;
    for (const found of postCalls(ctx, (c) => ctx.model.bySymbol.get(c)?.role === 'pin')) {
      const m = meaningOf(ctx, found.call, found.view.file);
      if (m?.role !== 'pin') continue;
      const viaVariable = found.fn.statements.some((s) => s.line.line <= found.call.line.line && s.text.includes(flag) && found.call.args.some((a) => /^\w+$/.test(a.trim()) && new RegExp(`\\b${a.trim()}\\b\\s*(\\|?=)`).test(s.text)));
      const passes = viaVariable || found.call.args.some((a) => a.includes(flag)) || (found.fn.statements[found.call.statement]?.text ?? '').includes(flag);
      const kvm = KVM_PATH.test(found.view.file);
      // Only a GUP call that takes FOLL_* flags can be given the opt-in flag.
      if (kvm && !passes && m.flags !== undefined && m.entry.reference !== undefined) {
        out.push({ location: callLocation(found), message: `${found.call.callee}() in ${found.fn.name}() does not pass ${flag}: KVM's own access to protected guest memory through this path fails with -EFAULT.` });
      } else if (!kvm && passes && !/^mm\//.test(found.view.file)) {
        out.push({ location: callLocation(found), message: `${flag} passed from outside KVM (${found.view.file}): any user of this path can now reach protected guest memory.` });
      }
    }
    return out;
  },
};
