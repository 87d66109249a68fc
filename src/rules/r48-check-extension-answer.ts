import type { FindingDraft, Rule } from './types.js';
import { baseNumbers, callLocation, locateCode, meaningOf, postFunctions, seriesNumbers, type AddedNumber } from './lib/index.js';

/** `BIT(X)`, `BIT_ULL(X)`, `1 << X`, `1ULL << X`: a constant used as a bit position. */
const BIT_OF = /\b(?:BIT|BIT_ULL)\s*\(\s*([A-Za-z_]\w*)\s*\)|\b1(?:U|UL|ULL)?\s*<<\s*\(?\s*([A-Za-z_]\w*)\b/g;
/** An int answer: bit 31 is the sign (a negative answer is an error), bits from 32 on are lost. */
const INT_BITS = 31n;

export const rule: Rule = {
  meta: {
    id: 'R48',
    name: 'check-extension-answer',
    category: 'new-flag',
    scope: 'function',
    severity: 'error',
    concepts: ['registry'],
    summary: 'A KVM_CHECK_EXTENSION answer that copies to user memory, or that reports constants as bits of its int return value (bit 31 or beyond, or values that leave the bitmap sparse).',
    fix: 'Return the answer: `return kvm_supported_x(kvm);`. Keep values reported as bits dense and below 31, or report them through a separate mask.',
    refs: ['KAPI-02', 'KRN-04', 'lore:ZT9lQ9c7Bik6FIpw@chao-email', 'lore:20240215011957.4bidufstf4mp5jij@amd.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const added = seriesNumbers(ctx).filter((n) => n.numeric !== undefined);
    const known = new Map<string, AddedNumber>();
    for (const n of [...ctx.series.patches.flatMap(baseNumbers).filter((b) => b.location.side === 'new'), ...added]) if (n.numeric !== undefined) known.set(n.name, n);
    const addedNames = new Set(added.map((n) => n.name));
    const reported = new Set<string>();
    const all = [...postFunctions(ctx)];
    // Helpers the series defines that copy to or from user memory.
    const copiers = new Map<string, string>();
    for (const { view, fn } of all) {
      const c = fn.calls.find((x) => meaningOf(ctx, x, view.file)?.role === 'user-copy');
      if (c) copiers.set(fn.name, c.callee);
    }
    for (const { patch, view, fn } of all) {
      const answerer = ctx.model.bySymbol.get(fn.name);
      if (!answerer?.answers) continue;
      for (const call of fn.calls) {
        if (call.line.kind !== 'add') continue;
        const via = copiers.get(call.callee);
        if (meaningOf(ctx, call, view.file)?.role !== 'user-copy' && !via) continue;
        out.push({
          location: callLocation({ patch, view, fn, call }),
          message: `${call.callee}()${via ? ` (it calls ${via}())` : ''} in ${fn.name}(): ${answerer.answers} answers through its int return value; this function has no user pointer to copy to, so the capability cannot work this way.`,
          fix: 'Return the value from the capability case (`return kvm_supported_x(kvm);`) and let userspace read it from the ioctl result.',
        });
      }
      // Constants reported as bits of the answer.
      const bits: { name: string; n: bigint; line: (typeof fn.statements)[number] }[] = [];
      for (const s of fn.statements) {
        for (const m of s.text.matchAll(BIT_OF)) {
          const name = m[1] ?? m[2]!;
          const n = known.get(name)?.numeric;
          if (n !== undefined) bits.push({ name, n, line: s });
        }
      }
      for (const b of bits) {
        if (b.line.line.kind !== 'add' || reported.has(b.name)) continue;
        const def = addedNames.has(b.name) ? known.get(b.name) : undefined;
        const where = def?.location ?? locateCode(patch, view.file, b.line.line, fn.name);
        if (b.n >= INT_BITS) {
          reported.add(b.name);
          out.push({ location: where, message: `${b.name} (${b.n}) is reported as bit ${b.n} of the int that ${fn.name}() returns for ${answerer.answers}: bit 31 makes the answer negative (an error) and higher bits are lost.`, evidence: def ? [locateCode(patch, view.file, b.line.line, fn.name)] : [] });
          continue;
        }
        if (!def) continue;
        // A value the series picks that skips bits: values double as capability bits, and 31 is all there is.
        // Its family: the other bits of this answer and the constants defined next to it.
        const family = [...known.values()].filter((o) => o.name !== b.name && o.location.file === def.location.file && Math.abs(o.location.line - def.location.line) <= 10 && o.numeric !== undefined);
        const below = [...bits.filter((o) => o.n < b.n).map((o) => o.n), ...family.map((o) => o.numeric!).filter((n) => n < b.n)];
        const highest = below.length ? below.reduce((a, c) => (c > a ? c : a)) : -1n;
        if (b.n <= highest + 1n) continue;
        reported.add(b.name);
        out.push({
          severity: 'warning',
          location: where,
          message: `${b.name} = ${b.n} is also bit ${b.n} of the ${answerer.answers} answer in ${fn.name}() (an int): the values are the capability's bits, and this one leaves a gap below it (the highest other value known here is ${highest}), wasting bits of the 31 an int answer has; keep the values dense or decouple them from the bits.`,
          evidence: [locateCode(patch, view.file, b.line.line, fn.name)],
        });
      }
    }
    return out;
  },
};
