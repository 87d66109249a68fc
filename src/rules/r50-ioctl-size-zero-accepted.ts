import type { FunctionView } from '../code/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import type { DiffPatch } from '../diff/index.js';
import { addedLines, lineAt, locateCode, postFunctions } from './lib/index.js';

/** Fields that carry an amount: a zero amount is a request for nothing. */
const AMOUNT = /^(?:\w+_)?(?:size|len|length|npages|nr_pages|count)$/;
const UAPI_STRUCT = /^\s*struct\s+([A-Za-z_]\w*)\s*\{/;

/** uAPI structs: defined by the series in include/uapi/, or known to the model from a uapi header. */
function uapiStructs(ctx: RuleContext): Set<string> {
  const out = new Set(ctx.model.entries.filter((e) => e.kind === 'struct' && /\binclude\/uapi\//.test(e.source)).map((e) => e.symbol));
  for (const patch of ctx.series.patches) {
    for (const pl of addedLines(patch)) {
      if (!/^include\/uapi\/|^arch\/[^/]+\/include\/uapi\//.test(pl.file.path)) continue;
      const m = UAPI_STRUCT.exec(pl.line.text);
      if (m) out.add(m[1]!);
    }
  }
  return out;
}

/** `x == 0`, `!x`, `x <= 0`, `x < 1`, `0 == x`, `x > 0` (the accepted side): a test that tells zero apart. */
function testsZero(text: string, name: string): boolean {
  const n = esc(name);
  return new RegExp(`(?:!\\s*\\(?\\s*${n}\\b(?!\\s*[-.[(])|\\b${n}\\s*(?:==\\s*0\\b|<=\\s*0\\b|<\\s*1\\b|>\\s*0\\b|!=\\s*0\\b)|\\b0\\s*(?:==|>=|<)\\s*${n}\\b)`).test(text);
}

/** The amounts a function reads from a uAPI struct parameter: `args->size`, locals initialised from it, and amount-named locals when their initialisation is not shown. */
function inputAmounts(fn: FunctionView, params: string[], structs: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of params) {
    const m = /\bstruct\s+([A-Za-z_]\w*)\s*\*\s*([A-Za-z_]\w*)\s*$/.exec(p);
    if (!m || !structs.has(m[1]!)) continue;
    const param = m[2]!;
    for (const s of fn.statements) {
      for (const f of s.text.matchAll(new RegExp(`\\b${param}\\s*->\\s*([A-Za-z_]\\w*)`, 'g'))) if (AMOUNT.test(f[1]!)) out.set(`${param}->${f[1]}`, f[1]!);
      const local = new RegExp(`^\\s*[\\w\\s*]*?\\b([A-Za-z_]\\w*)\\s*=\\s*${param}\\s*->\\s*([A-Za-z_]\\w*)\\s*;`).exec(s.text);
      if (s.kind === 'declaration' && local && AMOUNT.test(local[2]!)) out.set(local[1]!, local[2]!);
    }
    if (fn.statements.some((s) => s.kind === 'declaration')) continue;
    // The hunk starts below the declarations: an amount-named local tested here stands for the input.
    for (const s of fn.statements) for (const m of s.text.matchAll(/(?<![\w.>])([A-Za-z_]\w*)\s*<\s*0\b/g)) if (AMOUNT.test(m[1]!) && !out.has(m[1]!)) out.set(m[1]!, m[1]!);
  }
  return out;
}

/** The parameters of a function: from its signature, or from git's hunk header when the hunk starts inside it. */
function paramsOf(patch: DiffPatch, file: string, fn: FunctionView): string[] {
  if (fn.params.length) return fn.params;
  const header = lineAt(patch, file, fn.startLine)?.hunk.header ?? '';
  const m = new RegExp(`\\b${fn.name}\\s*\\(([^)]*)\\)`).exec(header);
  return m ? m[1]!.split(',').map((p) => p.trim()).filter(Boolean) : [];
}

const esc = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/->/g, '\\s*->\\s*');
const negative = (name: string): RegExp => new RegExp(`\\b${esc(name)}\\s*<\\s*0\\b`);
const REFUSAL = /^(?:-E[A-Z0-9]+|false)$/;

/** The statement of `fn` that refuses `name < 0` (returns an errno, or false from a validity helper). */
function negativeRefusal(fn: FunctionView, name: string) {
  const neg = negative(name);
  return fn.statements.find((s) => s.kind === 'return' && REFUSAL.test((s.target ?? '').trim()) && s.guards.some((g) => neg.test(g)));
}

/** A comment ending at most three lines above `line` that speaks of zero. */
function saysZero(fn: FunctionView, line: number): boolean {
  return fn.comments.some((c) => {
    const end = c.line.line + c.text.split('\n').length - 1;
    return end < line && end >= line - 3 && /\bzero\b|\b0\b/i.test(c.text);
  });
}

/** Parameter names of a function, in order. */
function paramNames(fn: FunctionView): string[] {
  return fn.params.map((p) => /([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*$/.exec(p)?.[1] ?? '');
}

export const rule: Rule = {
  meta: {
    id: 'R50',
    name: 'ioctl-size-zero-accepted',
    category: 'new-flag',
    scope: 'function',
    severity: 'warning',
    concepts: ['registry'],
    summary: 'The input check of a new uAPI handler rejects a negative size but lets a size of zero through.',
    fix: 'Reject zero with the other invalid sizes (`if (size <= 0 || !PAGE_ALIGNED(size)) return -EINVAL;`), unless a zero size is documented to mean something.',
    refs: ['KAPI-04', 'lore:ZUEKwOQoibAEWAzU@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const structs = uapiStructs(ctx);
    if (structs.size === 0) return out;
    const all = [...postFunctions(ctx)];
    for (const { patch, view, fn } of all) {
      const amounts = inputAmounts(fn, paramsOf(patch, view.file, fn), structs);
      for (const [name, field] of amounts) {
        const direct = negativeRefusal(fn, name);
        let check = direct && direct.kind === 'return' && /^-E/.test((direct.target ?? '').trim()) ? direct : undefined;
        let via: string | undefined;
        if (!check) {
          // The check may sit in a validity helper the series defines: `if (!valid_size(size, flags)) return -EINVAL;`.
          for (const call of fn.calls) {
            const helper = all.find((x) => x.fn.name === call.callee && x.fn !== fn)?.fn;
            const i = call.args.findIndex((a) => a.trim() === name);
            if (!helper || i < 0) continue;
            const param = paramNames(helper)[i];
            if (!param || !negativeRefusal(helper, param) || helper.statements.some((s) => [s.text, ...s.guards].some((t) => testsZero(t, param)))) continue;
            check = fn.statements[call.statement];
            via = `${helper.name}()`;
            break;
          }
        }
        // The condition or its return must be the patch's.
        const condition = fn.statements.find((s) => s.kind === 'if' && check && s.line.line < check.line.line && s.line.line >= check.line.line - 3 && check.guards.some((g) => s.text.includes(g)));
        if (!check || (check.line.kind !== 'add' && condition?.line.kind !== 'add')) continue;
        // Zero may be refused elsewhere: in this function or wherever the series tests the same field.
        const refused = all.some(({ fn: other }) => other.statements.some((s) => [s.text, ...s.guards].some((t) => testsZero(t, other === fn ? name : field) || testsZero(t, `->${field}`))));
        if (refused) continue;
        // The author says what zero means ("a zero size clears to the end"): a documented meaning, not a hole.
        if (saysZero(fn, check.line.line)) continue;
        const neg = negative(name);
        const cond = via ? check : (fn.statements.find((s) => s.kind === 'if' && s.line.line < check!.line.line && neg.test(s.text)) ?? check);
        out.push({
          location: locateCode(patch, view.file, cond.line, fn.name),
          message: `${fn.name}() rejects ${name} < 0${via ? ` (through ${via})` : ''} but accepts ${name} == 0: a zero ${field} from userspace passes the input check of this uAPI.`,
        });
      }
    }
    return out;
  },
};
