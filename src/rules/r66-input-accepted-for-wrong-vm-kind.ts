import type { FunctionView } from '../code/index.js';
import type { ModelEntry } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { entriesIn, escapeRe, isErrorValue, locateCode, wholeFunctions } from './lib/index.js';

/** Model entries named in `text` that tell VM kinds apart (a VM type constant or test). */
const kindSymbols = (ctx: RuleContext, text: string, file: string): ModelEntry[] =>
  entriesIn(ctx, text).filter((e) => e.vmKind !== undefined && (!e.scope || new RegExp(e.scope).test(file)));

/** Locals and fields of `fn` whose value comes from a VM-kind test, transitively (`es_active = vm_type != KVM_X86_SEV_VM`). */
function kindVariables(ctx: RuleContext, fn: FunctionView, file: string): Set<string> {
  const vars = new Set<string>();
  const sets = fn.assignments.map((a) => ({ target: a.target.trim(), value: a.value }));
  for (let round = 0; round < 3; round++) {
    for (const a of sets) {
      if (vars.has(a.target)) continue;
      if (kindSymbols(ctx, a.value, file).length || [...vars].some((v) => mentions(a.value, v))) vars.add(a.target);
    }
  }
  return vars;
}

const mentions = (text: string, name: string): boolean => new RegExp(`(^|[^\\w>.])${escapeRe(name)}\\b`).test(text);

/** `x->field` or `x.field` in text: the input field, as an access of a struct the caller handed in. */
const KIND_WORDS: Record<NonNullable<ModelEntry['appliesTo']>, string> = { 'protected-state': 'protected register state' };

const accessRe = (field: string): RegExp => new RegExp(`(?:->|\\.)\\s*${escapeRe(field)}\\b`);

export const rule: Rule = {
  meta: {
    id: 'R66',
    name: 'input-accepted-for-wrong-vm-kind',
    category: 'new-flag',
    scope: 'function',
    severity: 'warning',
    concepts: ['kernel'],
    summary: 'A function that initialises VMs of several kinds checks an input field that only one kind has (VMSA features) against one global mask, whatever the VM kind: VMs without that state accept it.',
    fix: 'Make the accepted mask depend on the VM kind (0 for the kinds the field does not apply to), or reject a non-zero value for them.',
    refs: ['KAPI-04', 'KAPI-05', 'lore:1f66d577-30f5-4686-94a3-3ce7f92a12c8@amd.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const fields = ctx.model.entries.filter((e) => e.appliesTo !== undefined);
    if (!fields.length) return out;
    for (const { patch, view, fn } of wholeFunctions(ctx)) {
      const body = [...fn.params, ...fn.statements.map((s) => s.text)].join('\n');
      const kinds = kindSymbols(ctx, body, view.file);
      if (!kinds.length) continue;
      const kindVars = kindVariables(ctx, fn, view.file);
      const aboutKind = (text: string): boolean => kindSymbols(ctx, text, view.file).length > 0 || [...kindVars].some((v) => mentions(text, v));
      for (const field of fields) {
        if (field.scope && !new RegExp(field.scope).test(view.file)) continue;
        const access = accessRe(field.symbol);
        // Some statement already treats the field per VM kind: nothing to say.
        if (fn.statements.some((s) => access.test(s.text) && aboutKind(s.text))) continue;
        for (const s of fn.statements) {
          if (s.kind !== 'return' || !isErrorValue(s.target) || !s.guards[0]) continue;
          const cond = s.guards[0];
          if (!access.test(cond)) continue;
          const mask = /~\s*\(?\s*([A-Za-z_][\w>.-]*)/.exec(cond)?.[1];
          if (!mask) continue;
          const check = fn.statements.find((x) => x.kind === 'if' && x.line.kind === 'add' && x.text.includes(cond.trim().slice(0, 40)));
          if (!check) continue;
          out.push({
            location: locateCode(patch, view.file, check.line, fn.name),
            message: `${fn.name}() initialises VMs of more than one kind (it tests ${kinds[0]!.symbol}), but accepts ${field.symbol} against ${mask} whatever the kind: ${field.symbol} has meaning only for VMs with ${KIND_WORDS[field.appliesTo!]} (${field.semantics.replace(/^[^:]*:\s*/, '')}), so a VM of another kind accepts a value it cannot honour.`,
            fix: `Accept ${field.symbol} only for VMs with ${KIND_WORDS[field.appliesTo!]}: use a mask that is 0 for the other kinds, or reject a non-zero ${field.symbol} for them.`,
          });
        }
      }
    }
    return out;
  },
};
