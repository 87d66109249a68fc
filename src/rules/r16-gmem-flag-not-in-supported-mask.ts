import { defineOn, type FunctionView } from '../code/index.js';
import { flagsMaskIn, type FlagsMask } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { mentions, postFunctions, seriesNumbers, wholeSeries } from './lib/index.js';

type Use = ReturnType<typeof mentions>[number];

export const rule: Rule = {
  meta: {
    id: 'R16',
    name: 'gmem-flag-not-in-supported-mask',
    category: 'new-flag',
    scope: 'series',
    severity: 'error',
    concepts: ['guest-memfd', 'registry'],
    summary: 'A new guest_memfd creation flag is defined in the uapi header but never added to the valid/supported-flags mask, or is in the mask but never consumed.',
    fix: 'Add the flag to kvm_gmem_get_supported_flags() (valid_flags on older bases, arch-gated if needed), consume it in virt/kvm/guest_memfd.c, document it (R18) and test it (R19).',
    refs: ['GM-05', 'seed:003', 'lore:20260114134510.1835-8-kalyazin@amazon.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // The mask and the code that acts on the flag may be in patches that are not in the input.
    if (!wholeSeries(ctx)) return out;
    // Where the base accepts flags (6.12: valid_flags in kvm_gmem_create(); 6.18: kvm_gmem_get_supported_flags()), and the other known bases'.
    const known = ctx.model.base?.flagsMasks ?? [];
    if (known.length === 0) return out;
    const masks = [...known, ...seriesMasks(ctx, known)];
    const accepting = acceptingContext(ctx, masks);
    for (const flag of seriesNumbers(ctx)) {
      if (flag.registry !== 'gmem-flags' || !/^include\/uapi\/linux\/kvm\.h$/.test(flag.location.file)) continue;
      const uses = mentions(ctx, flag.name).filter((m) => kernelCode(m.file));
      const inMask = uses.filter(accepting);
      const consumed = uses.filter((u) => !inMask.includes(u));
      if (inMask.length === 0) {
        out.push({
          location: flag.location,
          message: `${flag.name} is defined but the series never adds it to the flags guest_memfd accepts (${masks.map(maskText).join(' or ')}): KVM_CREATE_GUEST_MEMFD rejects it with -EINVAL, so the flag is dead.`,
          evidence: consumed.map((c) => c.location),
        });
      } else if (consumed.length === 0) {
        out.push({
          location: flag.location,
          severity: 'warning',
          message: `${flag.name} is accepted by the supported-flags mask but nothing in guest_memfd acts on it: userspace is told a behaviour exists that the kernel does not implement.`,
          evidence: inMask.map((c) => c.location),
        });
      }
    }
    return out;
  },
};

/**
 * A mask the series checks flags against in the base's creation function
 * under a new name (`if (flags & ~kvm_gmem_supported_flags(kvm))`): where a
 * flag is accepted once the series is applied.
 */
function seriesMasks(ctx: RuleContext, known: readonly FlagsMask[]): FlagsMask[] {
  const out: FlagsMask[] = [];
  const checkers = new Set(known.map((m) => m.checkedIn));
  for (const { view, fn } of postFunctions(ctx)) {
    if (!checkers.has(fn.name)) continue;
    for (const st of fn.statements) {
      const m = st.kind === 'if' ? flagsMaskIn(st.text) : undefined;
      if (!m || known.some((k) => k.name === m.name) || out.some((o) => o.name === m.name)) continue;
      out.push({ kind: m.call ? 'function' : 'variable', name: m.name, function: m.call ? m.name : fn.name, file: view.file, checkedIn: fn.name, flags: [], source: 'the series' });
    }
  }
  return out;
}

/** Kernel code that can accept or act on a flag: not the uapi header, the docs or the selftests. */
function kernelCode(file: string): boolean {
  return /\.[ch]$/.test(file) && !/^(include\/uapi|arch\/[^/]+\/include\/uapi|Documentation|tools)\//.test(file);
}

function maskText(m: FlagsMask): string {
  return m.kind === 'function' ? `${m.name}()` : `${m.name} in ${m.function}()`;
}

/**
 * Whether an added line puts a flag into the accepted set: it is in the
 * mask helper (`flags |= X` in kvm_gmem_get_supported_flags()), in a
 * statement of the mask variable (`u64 valid_flags = X;`, `valid_flags |= X`),
 * names the mask, or is in a function or macro such a place uses (an arch
 * hook the helper calls, a `#define` the variable is built from).
 */
function acceptingContext(ctx: RuleContext, masks: readonly FlagsMask[]): (u: Use) => boolean {
  const functions = [...postFunctions(ctx)];
  const enclosing = (u: Use): FunctionView | undefined =>
    functions.find(({ patch, view, fn }) => patch === u.patch && view.file === u.file && fn.startLine <= u.location.line && u.location.line <= fn.endLine)?.fn;
  const statementOf = (fn: FunctionView, line: number): string => {
    let text = '';
    for (const s of fn.statements) if (s.line.line <= line) text = s.text;
    return text;
  };
  const named = (text: string, m: FlagsMask): boolean => new RegExp(`\\b${m.name}\\b`).test(text);
  const direct = (u: Use): boolean => {
    const fn = enclosing(u);
    return masks.some((m) => {
      if (named(u.text, m)) return true;
      if (!fn) return false;
      if (m.kind === 'function') return fn.name === m.function;
      return named(statementOf(fn, u.location.line), m);
    });
  };
  // What the accepting places use: the helpers and macros a flag may be added through.
  const helpers = new Set<string>();
  for (const { fn } of functions) {
    for (const m of masks) {
      if (m.kind === 'function' && fn.name === m.function) for (const c of fn.calls) helpers.add(c.callee);
      for (const s of fn.statements) if (named(s.text, m)) for (const id of s.text.matchAll(/\b[A-Za-z_]\w*\b/g)) helpers.add(id[0]);
    }
  }
  return (u) => {
    if (direct(u)) return true;
    const fn = enclosing(u);
    if (fn && helpers.has(fn.name)) return true;
    const define = defineOn(u.text);
    return define !== undefined && helpers.has(define.name);
  };
}
