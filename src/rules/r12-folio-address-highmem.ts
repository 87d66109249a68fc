import type { CallSite, FileView, FunctionView } from '../code/index.js';
import type { DiffPatch } from '../diff/index.js';
import type { CallMeaning, Role } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { callLocation, meaningOf, postFunctions, testsIn, wordsIn } from './lib/index.js';

/**
 * Architectures, or parts of one, without highmem: every page there has a direct-map address.
 * arch/x86/coco builds only for X86_64 (ARCH_HAS_CC_PLATFORM comes from INTEL_TDX_GUEST and
 * AMD_MEM_ENCRYPT, both "depends on X86_64"); powerpc's book3s64/ directories only for PPC_BOOK3S_64.
 */
const NO_HIGHMEM_ARCH = /^arch\/(arm64|s390|riscv|loongarch)\/|^arch\/x86\/.*_64\.[ch]$|^arch\/x86\/coco\/|^arch\/powerpc\/[^/]+\/book3s64\//;
/** KVM code: built for 64-bit hosts in practice (guest_memfd), so a finding there is an info. */
const KVM = /^(virt\/kvm\/|arch\/[^/]+\/kvm\/)/;
/** What an address-based helper does with the memory it is given. */
const CHANGES: ReadonlySet<Role> = new Set(['remove', 'restore', 'protect', 'decrypt', 'encrypt', 'release', 'free']);

/** The call that receives `addr` (the direct-map address call, or a variable holding it) as its address argument. */
function addressUser(ctx: RuleContext, fn: FunctionView, call: CallSite, file: string): { user: CallSite; m: CallMeaning } | undefined {
  const holds = (text: string | undefined): boolean => {
    if (text === undefined) return false;
    if (text.replace(/\s+/g, '').includes(call.text.replace(/\s+/g, ''))) return true;
    return call.assignedTo !== undefined && /^[A-Za-z_]\w*$/.test(call.assignedTo) && wordsIn(text).includes(call.assignedTo);
  };
  for (const c of fn.calls) {
    if (c === call || c.line.line < call.line.line) continue;
    const m = meaningOf(ctx, c, file);
    if (m && holds(m.addr)) return { user: c, m };
  }
  return undefined;
}

/** The page or folio is known to be lowmem: allocated in this function without a highmem GFP flag. */
function lowmem(ctx: RuleContext, fn: FunctionView, subject: string, file: string): boolean {
  const name = subject.trim();
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  return fn.calls.some((c) => {
    if (c.assignedTo !== name) return false;
    const m = meaningOf(ctx, c, file);
    if (!m || (m.role !== 'allocate' && m.role !== 'acquire') || m.flags === undefined) return false;
    return !wordsIn(m.flags).some((w) => ctx.model.bySymbol.get(w)?.gfp === 'highmem');
  });
}

/** Something in the function, the file's #if conditions at the call, or the patch rules highmem out. */
function highmemHandled(ctx: RuleContext, view: FileView, fn: FunctionView, call: CallSite, patchText: readonly string[]): boolean {
  const file = view.file;
  if (call.guards.some((g) => testsIn(ctx, g, file, 'highmem'))) return true;
  if (fn.statements.some((s) => testsIn(ctx, s.text, file, 'highmem'))) return true;
  if (view.preprocessor.some((p) => p.line === call.line.line && testsIn(ctx, p.condition, file, 'highmem'))) return true;
  return patchText.some((t) => testsIn(ctx, t, file, 'highmem'));
}

/**
 * page_address()/folio_address() of a page that may be highmem, handed to an
 * address-based helper (FO-03, FO-15): a highmem page has no permanent
 * kernel address, so a helper that changes or frees memory by address
 * cannot work for it where the page-based form could ("CMA can be
 * highmem"). Generic code only: 64-bit-only architectures have no highmem.
 */
export const rule: Rule = {
  meta: {
    id: 'R12',
    name: 'folio-address-highmem',
    category: 'folio-misuse',
    scope: 'function',
    severity: 'warning',
    concepts: ['folio', 'direct-map'],
    summary: 'page_address()/folio_address() of a page or folio that may be highmem is handed to an address-based helper that changes or frees memory (or, as an info, to a kernel TLB flush) in code that builds for 32-bit.',
    fix: 'Keep the page-based form (__free_pages(), the page-based direct-map calls), refuse highmem first (WARN_ON_ONCE(folio_test_highmem(folio))), or document why the page cannot be highmem.',
    refs: ['FO-03', 'FO-15', 'S14', 'lore:20231018062439.GA18260@lst.de'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // Read once per patch and only when a call gets that far: a large patch has thousands of functions.
    const texts = new Map<DiffPatch, string[]>();
    const textOf = (patch: DiffPatch): string[] => {
      let t = texts.get(patch);
      if (!t) texts.set(patch, (t = patch.files.flatMap((f) => f.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== 'del').map((l) => l.text)))));
      return t;
    };
    for (const { patch, view, fn } of postFunctions(ctx)) {
      const file = view.file;
      if (NO_HIGHMEM_ARCH.test(file)) continue;
      for (const call of fn.calls) {
        if (call.line.kind !== 'add') continue;
        const m = meaningOf(ctx, call, file);
        if (m?.entry.maps !== 'direct-map') continue;
        const used = addressUser(ctx, fn, call, file);
        if (!used) continue;
        const changes = CHANGES.has(used.m.role);
        if (!changes && used.m.role !== 'flush') continue;
        const subject = m.page ?? m.folio ?? call.args[0] ?? '';
        if (lowmem(ctx, fn, subject, file) || highmemHandled(ctx, view, fn, call, textOf(patch))) continue;
        const info = !changes || KVM.test(file);
        const helper = used.user.callee;
        out.push({
          location: callLocation({ patch, view, fn, call }),
          severity: info ? 'info' : undefined,
          message: changes
            ? `${call.callee}(${subject.trim()}) is handed to ${helper}(), which works by address: a highmem ${m.folio !== undefined ? 'folio' : 'page'} has no permanent kernel address, so this cannot work for one where the page-based form could, and nothing here rules highmem out.`
            : `${call.callee}(${subject.trim()}) gives the range ${helper}() flushes; a highmem ${m.folio !== undefined ? 'folio' : 'page'} has no direct-map address, so this generic code assumes lowmem without saying so.`,
          evidence: [callLocation({ patch, view, fn, call: used.user })],
        });
      }
    }
    return out;
  },
};

