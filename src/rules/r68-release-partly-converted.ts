import type { CallSite, FunctionView } from '../code/index.js';
import type { DiffPatch } from '../diff/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { callsIn, dataNames, freesMemory, lineAt, locateCode, meaningOf, wholeFunctions, type PatchLine } from './lib/index.js';

/** The data a call's arguments name (`page` in `(unsigned long)page_address(page)`), callee names left out. */
function argData(args: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const a of args) for (const n of dataNames(a.replace(/\b\w+\s*\(/g, ' ('))) out.add(n);
  return out;
}

const shares = (a: ReadonlySet<string>, b: ReadonlySet<string>): string | undefined => [...a].find((x) => b.has(x));

/** The memory release a deleted line made (`__free_pages(page, order)`), read by the model. */
function deletedRelease(ctx: RuleContext, text: string, file: string): { callee: string; data: Set<string> } | undefined {
  for (const c of callsIn(text)) {
    const m = ctx.model.meaning(c.callee, c.args, file);
    if (m?.role === 'release' && freesMemory(ctx, c.callee)) return { callee: c.callee, data: argData(c.args) };
  }
  return undefined;
}

/** The statement before `line` in the patch, skipping blanks and comments: a `}` there ends a block above the fallback. */
function previousCode(patch: DiffPatch, file: string, line: number): PatchLine | undefined {
  for (let l = line - 1; l > line - 8; l--) {
    const pl = lineAt(patch, file, l);
    if (!pl) return undefined;
    const t = pl.line.text.trim();
    if (t === '' || t.startsWith('/*') || t.startsWith('*') || t.startsWith('//')) continue;
    return pl;
  }
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'R68',
    name: 'release-partly-converted',
    category: 'error-path',
    scope: 'function',
    severity: 'warning',
    concepts: ['set-memory'],
    summary: 'A patch turns one release of memory into a re-encrypting free (the memory may be decrypted/shared) while other releases of the same memory in the function still hand it back to an allocator as is.',
    fix: 'Convert every path that releases the memory (the CMA path as well as the buddy fallback), or leak the pages on the failure that leaves them decrypted instead of freeing them.',
    refs: ['CPA-02', 'lore:b4dc423b-a658-449f-9c6d-1502685a2f1b@arm.com', 'lore:289f5f83-adc7-4077-b4c0-c951484dd092@arm.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of wholeFunctions(ctx)) {
      for (const call of fn.calls) {
        if (call.line.kind !== 'add') continue;
        const m = meaningOf(ctx, call, view.file);
        if (m?.role !== 'encrypt' || m.entry.derivedFrom === undefined) continue;
        // The release this call replaces: a deleted line just above it in the same hunk.
        const replaced = replacedRelease(ctx, patch, view.file, call);
        if (!replaced) continue;
        const data = argData(call.args);
        const same = shares(replaced.data, data);
        if (!same) continue;
        const others = otherReleases(ctx, fn, view.file, call, replaced.data);
        const where = locateCode(patch, view.file, call.line, fn.name);
        if (others.length) {
          out.push({
            location: where,
            message: `${call.callee}() now re-encrypts ${same} before freeing it on this path, but ${fn.name}() still releases ${same} with ${[...new Set(others.map((o) => `${o.callee}()`))].join(', ')} (line ${others.map((o) => o.line.line).join(', ')}): if ${same} can be decrypted here it can be there too, and those paths hand shared pages back to the allocator.`,
            evidence: others.map((o) => locateCode(patch, view.file, o.line, fn.name)),
          });
          continue;
        }
        // The function starts above the lines the patch shows and a block ends right before this release: earlier paths are not in the input.
        const prev = previousCode(patch, view.file, call.line.line);
        const startShown = lineAt(patch, view.file, fn.startLine) !== undefined && fn.complete;
        if (startShown || !prev || !/^\s*\}\s*$/.test(prev.line.text) || call.guards.length || call.loops.length) continue;
        out.push({
          severity: 'info',
          location: where,
          message: `only this release of ${same} in ${fn.name}() is converted to ${call.callee}(); the function goes on above the lines the patch shows and a block ends just before this fallback: if an earlier path releases ${same} another way (an early return after freeing it), it hands decrypted pages back just the same — check every release in ${fn.name}().`,
        });
      }
    }
    return out;
  },
};

function replacedRelease(ctx: RuleContext, patch: DiffPatch, file: string, call: CallSite): { callee: string; data: Set<string> } | undefined {
  const pl = lineAt(patch, file, call.line.line);
  if (!pl) return undefined;
  const lines = pl.hunk.lines;
  const i = lines.indexOf(pl.line);
  for (let j = i - 1; j >= 0 && j >= i - 6; j--) {
    const l = lines[j]!;
    if (l.kind === 'context') break;
    if (l.kind !== 'del') continue;
    const r = deletedRelease(ctx, l.text, file);
    if (r) return r;
  }
  return undefined;
}

function otherReleases(ctx: RuleContext, fn: FunctionView, file: string, call: CallSite, data: ReadonlySet<string>): CallSite[] {
  return fn.calls.filter((c) => {
    if (c === call) return false;
    const m = meaningOf(ctx, c, file);
    if (m?.role !== 'release' || !freesMemory(ctx, c.callee)) return false;
    return shares(argData(c.args), data) !== undefined;
  });
}
