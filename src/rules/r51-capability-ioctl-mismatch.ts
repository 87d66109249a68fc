import type { FunctionView } from '../code/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { caseArms, locateCode, patchLines, postFunctions } from './lib/index.js';

const SECTION = /^\s*\d+(?:\.\d+)+\s+([A-Z][A-Z0-9_]+)\s*$/;
const CAPABILITY = /^\s*:Capability:\s*(.+?)\s*$/;
const CALL = /\b([A-Za-z_]\w*)\s*\(/g;

/** ioctl → the capabilities its api.rst section names, from the documentation the series shows. */
function documentedCapabilities(ctx: RuleContext): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const patch of ctx.series.patches) {
    let section: string | undefined;
    let since = 0;
    for (const pl of patchLines(patch)) {
      if (pl.line.kind === 'del' || !/^Documentation\/virt\/kvm\/.*\.rst$/.test(pl.file.path)) continue;
      const s = SECTION.exec(pl.line.text);
      if (s) {
        section = s[1];
        since = 0;
        continue;
      }
      if (!section || ++since > 8) continue;
      const c = CAPABILITY.exec(pl.line.text);
      if (!c) continue;
      const caps = out.get(section) ?? new Set<string>();
      for (const m of c[1]!.matchAll(/\bKVM_CAP_\w+/g)) caps.add(m[0]);
      out.set(section, caps);
      section = undefined;
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'R51',
    name: 'capability-ioctl-mismatch',
    category: 'new-flag',
    scope: 'series',
    severity: 'warning',
    concepts: ['registry', 'guest-memfd'],
    summary: 'A capability answers per VM from a condition that the ioctl it advertises never checks: the ioctl works on VMs for which the capability says it is unsupported.',
    fix: 'Make the capability and the ioctl agree: either the ioctl refuses the VMs the capability excludes, or the capability reports what the ioctl really supports (e.g. IS_ENABLED(CONFIG_…)).',
    refs: ['KAPI-03', 'lore:ZU51A3U6E3aZXayC@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const functions = new Map<string, FunctionView>();
    const all = [...postFunctions(ctx)];
    for (const { fn } of all) functions.set(fn.name, fn);
    const docs = documentedCapabilities(ctx);
    const advertised = (ioctl: string): Set<string> => new Set([...(docs.get(ioctl) ?? []), ...[ctx.model.bySymbol.get(ioctl)?.advertisedBy ?? ''].filter(Boolean)]);
    // Every `case KVM_…:` arm the series shows, for the ioctls.
    const arms = all.flatMap(({ patch, view, fn }) => caseArms(patch, view, fn).map((arm) => ({ patch, view, fn, arm })));
    /**
     * Whether the arm, or a function the series defines that it reaches, calls
     * `predicate`; undefined when it reaches KVM code the input does not show
     * (a `kvm_*()` function neither defined in the series nor general kernel
     * vocabulary of the model), where the check could be.
     */
    const reaches = (fn: FunctionView, start: FunctionView['statements'], predicate: string): boolean | undefined => {
      const seen = new Set<string>([fn.name]);
      let frontier = start.map((s) => s.text);
      for (let depth = 0; depth < 4 && frontier.length; depth++) {
        if (frontier.some((t) => new RegExp(`\\b${predicate}\\s*\\(`).test(t))) return true;
        const called = [...new Set(frontier.flatMap((t) => [...t.matchAll(CALL)].map((m) => m[1]!)))].filter((n) => !seen.has(n));
        if (called.some((n) => /^kvm_/.test(n) && !functions.has(n) && ctx.model.bySymbol.get(n)?.concept !== 'kernel')) return undefined;
        const callees = called.filter((n) => functions.has(n));
        callees.forEach((n) => seen.add(n));
        frontier = callees.flatMap((n) => functions.get(n)!.statements.map((s) => s.text));
      }
      return false;
    };
    for (const { patch, view, fn } of all) {
      const answerer = ctx.model.bySymbol.get(fn.name);
      if (!answerer?.answers) continue;
      for (const arm of caseArms(patch, view, fn)) {
        const answer = arm.statements.find((s) => s.kind === 'return');
        if (!answer || answer.line.kind !== 'add' || !answer.target) continue;
        // A per-VM answer: a predicate of the VM, not a constant.
        const predicates = [...answer.target.matchAll(/\b([A-Za-z_]\w*)\s*\(\s*kvm\s*\)/g)].map((m) => m[1]!);
        if (predicates.length === 0) continue;
        for (const cap of arm.labels) {
          for (const ioctl of arms.filter((a) => a.arm.labels.some((l) => advertised(l).has(cap)))) {
            const found = predicates.map((p) => ({ p, r: reaches(ioctl.fn, ioctl.arm.statements, p) }));
            if (found.some((x) => x.r === undefined) || !directCalleesKnown(ctx, ioctl.arm.statements, functions)) continue;
            const missing = found.filter((x) => x.r === false).map((x) => x.p);
            if (missing.length === 0) continue;
            const name = ioctl.arm.labels.find((l) => advertised(l).has(cap))!;
            out.push({
              location: locateCode(patch, view.file, answer.line, fn.name),
              message: `${cap} answers ${answer.target.trim()} per VM, but ${name}, the ioctl its documentation puts under ${cap}, never checks ${missing.map((p) => `${p}()`).join(', ')}: the ioctl works on VMs for which the capability reports it unsupported.`,
              evidence: [locateCode(ioctl.patch, ioctl.view.file, { line: ioctl.arm.line, kind: 'context', text: '' }, ioctl.fn.name)],
            });
          }
        }
      }
    }
    return out;
  },
};

/**
 * The calls an ioctl arm makes are all readable: defined in the series (their
 * bodies are searched), or general kernel vocabulary of the model (a user
 * copy, an allocator) that cannot check a VM property. Anything else may hold
 * the check in code the input does not show.
 */
function directCalleesKnown(ctx: RuleContext, statements: FunctionView['statements'], functions: Map<string, FunctionView>): boolean {
  const calls = statements.flatMap((s) => [...s.text.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]!)).filter((n) => !/^(if|while|for|switch|return|sizeof)$/.test(n));
  return calls.every((n) => functions.has(n) || ctx.model.bySymbol.get(n)?.concept === 'kernel');
}
