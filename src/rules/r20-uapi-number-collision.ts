import type { FindingDraft, Rule } from './types.js';
import { compareKernelVersions, parseKernelVersion, registryNumber, statusText, type BaseFacts, type RegistryClaim } from '../model/index.js';
import { baseNumbers, seriesNumbers, type AddedNumber } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R20',
    name: 'uapi-number-collision',
    category: 'new-flag',
    scope: 'series',
    severity: 'error',
    concepts: ['registry', 'guest-memfd', 'gup'],
    summary: 'A new flag bit, capability number, ioctl number, AS_* or FOLL_* value or VM type is already used in the base kernel (error) or claimed by a known in-flight series or a later kernel (info).',
    fix: "Take the next free value in the maintainer's queue, rebase on it, and name the dependency in the cover letter.",
    refs: ['REG-01', 'REG-02', 'REG-03', 'REG-04', 'REG-05', 'S19'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const added = seriesNumbers(ctx).filter((n) => n.registry && n.numeric !== undefined);
    const addedNames = new Set(added.map((n) => n.name));
    const deleted = new Set(ctx.series.patches.flatMap((p) => baseNumbers(p).filter((b) => b.location.side === 'old').map((b) => b.name)));
    const visibleBase = ctx.series.patches.flatMap(baseNumbers).filter((b) => b.registry && b.numeric !== undefined && !addedNames.has(b.name) && !deleted.has(b.name));
    // Context lines of the same registry whose value is not a plain number still take one (`(KVM_X86_DEFAULT_VM | __KVM_X86_PRIVATE_MEM_TYPE)`).
    const shownBase = ctx.series.patches.flatMap(baseNumbers).filter((b) => b.registry && !addedNames.has(b.name) && !deleted.has(b.name));
    const base = ctx.model.base;
    // A series giving a base symbol another number was written against an older kernel: the base is no witness for it.
    const stale = base ? added.find((n) => redefines(base, n) && !deleted.has(n.name)) : undefined;
    const witness = stale ? undefined : base;
    const fixed = new Map<string, { name: string; numeric?: bigint }[]>();
    for (const n of added) {
      const reg = n.registry!;
      // The base's own symbol, defined again (moved, or a series against an older base that has it already).
      const own = base?.number(n.name);
      if (own && own.numeric === n.numeric && own.registry === reg) continue;
      const shown = visibleBase.find((b) => b.registry === reg && b.numeric === n.numeric && b.location.file === n.location.file && !variant(reg, b.name, n.name));
      if (shown) {
        out.push({ location: n.location, message: `${n.name} = ${n.value} collides with ${shown.name} = ${shown.value}, defined a few lines away in the base.`, evidence: [shown.location] });
        continue;
      }
      const taken = witness ? witness.claimants(reg, n.numeric!).filter((b) => b.symbol !== n.name && !addedNames.has(b.symbol) && !deleted.has(b.symbol) && !variant(reg, b.symbol, n.name)) : [];
      for (const b of taken) {
        out.push({ location: n.location, message: `${n.name} = ${n.value} collides with ${b.symbol} = ${b.value} in Linux ${witness!.kernel}.`, refs: [b.source] });
      }
      const highest = witness?.highestTaken(reg);
      if (taken.length === 0 && highest !== undefined && n.numeric! <= highest) {
        out.push({
          location: n.location,
          message: `${n.name} = ${n.value}: Linux ${witness!.kernel} has handed out every ${reg} number up to ${highest} (removed ones are never reused); the next free one is ${highest + 1n}.`,
          refs: [witness!.highest![reg]!.source],
        });
      }
      for (const claim of ctx.model.claims) {
        if (claim.symbol === n.name || addedNames.has(claim.symbol) || claim.registry !== reg) continue;
        const value = registryNumber(reg, claim.value) ?? claim.numeric;
        if (value !== n.numeric) continue;
        const verdict = claimVerdict(claim, base, witness, ctx.model.inKernel(claim.symbol));
        if (verdict === 'skip') continue;
        out.push({
          location: n.location,
          severity: verdict,
          message:
            verdict === 'error'
              ? `${n.name} = ${n.value} collides with ${claim.symbol} (${statusText(claim.status)}) in Linux ${ctx.model.kernel}.`
              : `${n.name} = ${n.value} is also claimed by ${claim.symbol} (${statusText(claim.status)}); whichever lands second must move.`,
          refs: [claim.source],
        });
      }
      const bits = bitmapFinding(n, base, witness, shownBase, added, fixed);
      if (bits) out.push(bits);
      for (const other of added) {
        if (other === n || other.registry !== reg || other.numeric !== n.numeric || other.name === n.name) continue;
        if (other.location.file !== n.location.file && !/^include\/uapi\//.test(n.location.file)) continue;
        if (other.location.patchIndex > n.location.patchIndex || (other.location.patchIndex === n.location.patchIndex && other.location.line > n.location.line)) continue;
        out.push({ location: n.location, message: `${n.name} = ${n.value} reuses the value of ${other.name}, defined earlier in this series.` });
      }
    }
    // Said last: on the same line, the series' own points come first.
    if (base && stale) {
      const was = base.number(stale.name)!;
      out.push({
        location: stale.location,
        severity: 'info',
        message: `${stale.name} = ${stale.value} is ${was.value} in Linux ${base.kernel}: the series was written against an older kernel, so its numbers were not compared with those of Linux ${base.kernel} (give --kernel or --tree for its base).`,
        refs: [was.source],
      });
    }
    return out;
  },
};

/**
 * An ioctl defined again for another argument layout keeps its number on
 * purpose (KVM_X86_SET_MSR_FILTER_COMPAT, 0xc6 like KVM_X86_SET_MSR_FILTER):
 * the size in the ioctl code tells them apart.
 */
function variant(registry: string, a: string, b: string): boolean {
  return registry === 'kvm-ioctl' && (a.startsWith(`${b}_`) || b.startsWith(`${a}_`));
}

/** The base has `n`'s symbol in the same registry with another number. */
function redefines(base: BaseFacts, n: AddedNumber): boolean {
  const was = base.number(n.name);
  return was !== undefined && was.registry === n.registry && was.numeric !== n.numeric;
}

/**
 * What a model claim of the same number means for the series. The base's
 * facts answer for what is in the base; a mainline claim counts as the base
 * only where the facts cannot say (no facts, or facts of an older kernel than
 * the one selected). In-flight series and later kernels are context (info);
 * removed numbers and abandoned RFCs claim nothing any more.
 */
function claimVerdict(claim: RegistryClaim, base: BaseFacts | undefined, witness: BaseFacts | undefined, inKernel: boolean): 'error' | 'info' | 'skip' {
  const status = claim.status;
  if (status.kind === 'removed' || status.kind === 'rfc-only' || status.kind === 'local') return 'skip';
  if (status.kind === 'base') return 'skip'; // the facts themselves, reported above
  if (base?.number(claim.symbol)) return 'skip';
  if (status.kind === 'mainline' && inKernel) {
    // Facts that read no number of this registry (GFP bits) cannot say what the base has.
    if (!base || !base.numbers.some((n) => n.registry === claim.registry)) return witness || !base ? 'error' : 'skip';
    // Facts of a kernel at or after the claim's release would have it: they do not, so it is not in this base.
    if (!parseKernelVersion(base.kernel) || compareKernelVersions(status.since, base.kernel) <= 0) return 'skip';
    return witness ? 'error' : 'skip';
  }
  return 'info';
}

/**
 * Numbers that are bit positions in what a capability answers (api.rst:
 * KVM_CAP_VM_TYPES "returns a bitmap", bit n for VM type n): one past the
 * bits of a positive int cannot be reported (error), and one that leaves
 * lower bits unused wastes a space every later number needs (warning; the
 * reviewers' point on SEV VM types 8 and 10). The property holds for any
 * base, so it is checked even when the base is no witness of the numbers.
 */
function bitmapFinding(
  n: AddedNumber,
  base: BaseFacts | undefined,
  witness: BaseFacts | undefined,
  visible: AddedNumber[],
  added: AddedNumber[],
  fixed: Map<string, { name: string; numeric?: bigint }[]>,
): FindingDraft | undefined {
  const map = base?.bitmaps?.find((b) => b.registry === n.registry);
  if (!map || n.numeric === undefined) return undefined;
  if (n.numeric >= BigInt(map.bits)) {
    return { location: n.location, message: `${n.name} = ${n.value} is bit ${n.numeric} of the ${map.capability} bitmap, which KVM_CHECK_EXTENSION returns as a positive int: only bits 0-${map.bits - 1} can be reported.`, refs: [map.source] };
  }
  // What takes the bits below it: the base's numbers (when the base is the series' own), the patch's context lines, the series' earlier numbers.
  const earlier = added.filter((o) => o !== n && o.registry === n.registry && (o.location.patchIndex < n.location.patchIndex || (o.location.patchIndex === n.location.patchIndex && o.location.line < n.location.line)));
  // The base's and the context's numbers of the registry are the same for every added number: read once per check.
  let shown = fixed.get(map.registry);
  if (!shown) {
    shown = [...(witness?.numbers.filter((b) => b.registry === n.registry).map((b) => ({ name: b.symbol, numeric: b.numeric as bigint | undefined })) ?? []), ...visible.filter((v) => v.registry === n.registry)];
    fixed.set(map.registry, shown);
  }
  const others = [...shown, ...earlier];
  // An upper bound of the bits taken below it: every name whose number is lower or not readable here.
  const value = n.numeric;
  const below = new Set(others.filter((o) => o.numeric === undefined || o.numeric < value).map((o) => o.name));
  if (BigInt(below.size) >= value) return undefined;
  return {
    location: n.location,
    severity: 'warning',
    message: `${n.name} = ${n.value} is bit ${value} of the ${map.capability} bitmap (${map.bits} usable bits, api.rst): ${witness ? `Linux ${witness.kernel} and the patch show` : 'the patch shows'} at most ${below.size} of the ${value} bits below it in use, so it wastes bits that later numbers need; number them densely.`,
    refs: [map.source],
  };
}
