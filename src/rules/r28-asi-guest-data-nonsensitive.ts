import type { FunctionView } from '../code/index.js';
import type { ModelEntry } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { addedCLines, entriesIn, locationOf, postFunctions } from './lib/index.js';

/** Words that name guest memory or per-VM / per-vCPU guest state (MODEL.md R28: identifier heuristics). */
const GUEST = /guest|vcpu|gmem|kvm|vmcs|vmcb|\bgpa\b|\bgfn\b/i;

/** The annotation of the ASI model that makes memory globally non-sensitive (ASI-01/02/04). */
const globalIn = (ctx: RuleContext, text: string): ModelEntry | undefined => entriesIn(ctx, text).find((e) => e.concept === 'asi' && e.asiClass === 'global');

export const rule: Rule = {
  meta: {
    id: 'R28',
    name: 'asi-guest-data-nonsensitive',
    category: 'asi-sensitivity',
    scope: 'line',
    severity: 'error',
    concepts: ['asi'],
    summary: 'Guest memory or per-VM/per-vCPU guest state is annotated globally non-sensitive (ASI 2022 model), visible to every other VM\'s speculation.',
    fix: 'Use __GFP_LOCAL_NONSENSITIVE (2022 model) or leave the allocation sensitive (2024+ model, __GFP_SENSITIVE by default for user data).',
    refs: ['ASI-01', 'ASI-04', 'seed:001', 'S21'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const fns = [...postFunctions(ctx)];
    // Helpers the series defines that hand out globally non-sensitive memory.
    const helpers = new Map<string, ModelEntry>();
    for (const { fn } of fns) {
      const g = fn.statements.map((s) => globalIn(ctx, s.text)).find(Boolean);
      if (g && !GUEST.test(fn.name)) helpers.set(fn.name, g);
    }
    const enclosing = (file: string, line: number): FunctionView | undefined => fns.find(({ view, fn }) => view.file === file && fn.startLine <= line && line <= fn.endLine)?.fn;
    for (const patch of ctx.series.patches) {
      for (const pl of addedCLines(patch)) {
        let global = globalIn(ctx, pl.code);
        let via: string | undefined;
        if (!global) {
          via = [...pl.code.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]!).find((n) => helpers.has(n));
          if (via) global = helpers.get(via);
        }
        if (!global) continue;
        const subject = pl.code.replace(new RegExp(`\\b${global.symbol}\\b`, 'g'), '');
        const fn = enclosing(pl.file.path, pl.line.newLine ?? 0);
        // The data is guest data when the line or the function it is in says so.
        if (!GUEST.test(subject) && !GUEST.test(pl.hunk.header) && !(fn && GUEST.test([fn.name, ...fn.params].join(' ')))) continue;
        if (!via && fn && helpers.has(fn.name)) continue;
        out.push({ location: locationOf(patch, pl), message: `guest data marked ${global.symbol}${via ? ` (through ${via}())` : ''}: globally non-sensitive memory is mapped in every ASI domain, so other VMs can reach it speculatively; guest data is at most locally non-sensitive.` });
      }
    }
    return out;
  },
};
