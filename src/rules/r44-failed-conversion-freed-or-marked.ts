import type { Assignment, CallSite, FunctionView } from '../code/index.js';
import type { DiffPatch } from '../diff/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { contiguous, dataNames, freesMemory, lastAssignment, enclosesStatement, labelIndex, locateCode, meaningOf, pathFrom, wholeFunctions, releasedBy, releasingHelpers, resultSubject, sameData, testOf, warnAssertions } from './lib/index.js';

/** A set_memory_decrypted()/encrypted() call (or a wrapper that returns its result) and how its result is tested. */
interface Conversion {
  call: CallSite;
  role: 'decrypt' | 'encrypt';
  subject: string;
  addr: string;
}

type Branch = 'failure' | 'success' | undefined;

const BOOL: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };

function conversions(ctx: RuleContext, fn: FunctionView): Conversion[] {
  const out: Conversion[] = [];
  for (const c of fn.calls) {
    const m = meaningOf(ctx, c, fn.file);
    if (!m?.mayFail || (m.role !== 'decrypt' && m.role !== 'encrypt')) continue;
    const subject = resultSubject(c);
    if (subject) out.push({ call: c, role: m.role, subject, addr: m.addr ?? c.args[0] ?? '' });
  }
  return out;
}

/** Which outcome of `conv` statement `at` runs on: its failure branch, its success branch, or neither (or it cannot say). */
function branchOf(ctx: RuleContext, patch: DiffPatch, fn: FunctionView, conv: Conversion, at: number): Branch {
  if (at <= conv.call.statement) return undefined;
  const s = fn.statements[at]!;
  // A result variable read after lines the patch does not show may have been overwritten there.
  if (conv.call.assignedTo && !fn.complete && !contiguous(patch, fn.file, conv.call.line.line, s.line.line)) return undefined;
  // The result variable was overwritten on the way: the test is about something else.
  if (conv.call.assignedTo && fn.assignments.some((a) => a.target === conv.subject && a.statement > conv.call.statement && a.statement < at && a.operator === '=')) return undefined;
  const transparent = warnAssertions(ctx);
  for (const g of s.guards) {
    const t = testOf(g, conv.subject, 'int', transparent);
    if (t) return t;
  }
  return undefined;
}

/** After a failed conversion, a nested successful one (re-encrypting before freeing) makes the statement safe. */
function rescued(ctx: RuleContext, patch: DiffPatch, fn: FunctionView, all: Conversion[], conv: Conversion, at: number): boolean {
  return all.some((o) => o !== conv && o.call.statement > conv.call.statement && branchOf(ctx, patch, fn, o, at) === 'success');
}

function boolOf(a: Assignment): boolean | undefined {
  return BOOL[a.value.trim()];
}

/**
 * The value each state variable takes when the memory is decrypted, as the
 * function itself says it: what it is set to on the success path of a
 * decryption, or the opposite of what the success branch of a re-encryption
 * sets it to.
 */
function decryptedValues(ctx: RuleContext, patch: DiffPatch, fn: FunctionView, all: Conversion[]): Map<string, { value: boolean; at: Assignment; conv: Conversion }> {
  const out = new Map<string, { value: boolean; at: Assignment; conv: Conversion }>();
  for (const conv of all) {
    for (const a of fn.assignments) {
      const v = boolOf(a);
      if (v === undefined || a.statement <= conv.call.statement || out.has(a.target)) continue;
      const s = fn.statements[a.statement]!;
      const branch = branchOf(ctx, patch, fn, conv, a.statement);
      if (conv.role === 'decrypt' && branch !== 'failure' && enclosesStatement(fn.statements[conv.call.statement]!, s)) out.set(a.target, { value: v, at: a, conv });
      else if (conv.role === 'encrypt' && branch === 'success') out.set(a.target, { value: !v, at: a, conv });
    }
  }
  return out;
}

/** An address expression with what its variables were computed from: `addr` after `addr = (unsigned long)page_address(page)` also names `page`. */
function withSources(fn: FunctionView, expr: string, before: number): string {
  const parts = [expr];
  for (const name of dataNames(expr)) {
    const a = lastAssignment(fn, name, before);
    if (a) parts.push(a.value);
  }
  return parts.join(', ');
}

/**
 * The objects an expression names, member paths kept whole: `it->addr` names `it->addr`, not
 * `it`; `(unsigned long)page_address(page)` names `page`. Freeing `it` (the bookkeeping that
 * holds the address) is not freeing the memory at `it->addr`.
 */
function objectPaths(expr: string): Set<string> {
  const out = new Set<string>();
  const text = expr.replace(/\(\s*(?:const\s+)?(?:unsigned\s+|signed\s+)?(?:long|int|char|void|u8|u16|u32|u64|uintptr_t|phys_addr_t|size_t)\s*\**\s*\)/g, ' ');
  for (const m of text.matchAll(/(?<![\w.>])([a-z_]\w*(?:\s*(?:->|\.)\s*[a-z_]\w*)*)(\s*\()?/g)) {
    if (m[2] && !/->|\./.test(m[1]!)) continue;
    out.add(m[1]!.replace(/\s+/g, ''));
  }
  return out;
}

/** The freed object is the converted memory itself, not a structure that holds its address. */
function freesConverted(freed: string, converted: string): boolean {
  if (!sameData(freed, converted)) return false;
  const c = objectPaths(converted);
  return [...objectPaths(freed)].some((p) => c.has(p));
}

function freedAfterFailure(ctx: RuleContext, patch: DiffPatch, fn: FunctionView, all: Conversion[], helpers: ReturnType<typeof releasingHelpers>): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const c of fn.calls) {
    // Memory going back to an allocator; a helper that re-encrypts before it frees (and leaks on failure) is the fix, not the bug.
    const frees = releasedBy(ctx, c, fn.file, helpers).filter((r) => [...r.releases].some((x) => freesMemory(ctx, x)));
    const role = meaningOf(ctx, c, fn.file)?.role;
    if (frees.length === 0 || role === 'encrypt' || role === 'decrypt') continue;
    const conv = [...all].reverse().find((k) => branchOf(ctx, patch, fn, k, c.statement) === 'failure' && frees.some((r) => freesConverted(r.key, withSources(fn, k.addr, k.call.statement))));
    if (!conv || rescued(ctx, patch, fn, all, conv, c.statement)) continue;
    out.push({
      location: locateCode(patch, fn.file, c.line, fn.name),
      message: `${c.callee}() gives the memory back to the allocator after ${conv.call.callee}() failed (line ${conv.call.line.line}): its encryption state is then unknown and it may still be shared with the host; leak it instead (CPA-02).`,
      evidence: [locateCode(patch, fn.file, conv.call.line, fn.name)],
    });
  }
  return out;
}

function markedAfterFailure(ctx: RuleContext, patch: DiffPatch, fn: FunctionView, all: Conversion[], dec: ReturnType<typeof decryptedValues>): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const a of fn.assignments) {
    const v = boolOf(a);
    const known = dec.get(a.target);
    if (v === undefined || !known || known.at === a || v === known.value) continue;
    // The innermost conversion whose failure this runs on.
    const conv = [...all].reverse().find((k) => branchOf(ctx, patch, fn, k, a.statement) === 'failure');
    if (!conv) continue;
    const where = `${a.target} = ${a.value}`;
    if (conv.role === 'encrypt') {
      out.push({
        location: locateCode(patch, fn.file, a.line, fn.name),
        message: `${where} runs when ${conv.call.callee}() FAILED (line ${conv.call.line.line}): it records the memory as encrypted again although it may still be shared, so it will be freed; the test is inverted — record it only when re-encryption succeeds (CPA-02).`,
        evidence: [locateCode(patch, fn.file, known.at.line, fn.name)],
      });
    } else {
      out.push({
        location: locateCode(patch, fn.file, a.line, fn.name),
        severity: 'warning',
        message: `${where} runs when ${conv.call.callee}() failed (line ${conv.call.line.line}): after a failed conversion the encryption state is unknown; leave ${a.target} saying decrypted (${known.at.value}) so the memory is leaked, not freed (CPA-02).`,
        evidence: [locateCode(patch, fn.file, known.at.line, fn.name)],
      });
    }
  }
  return out;
}

/** The flag is set only after exits to a label that undoes the decryption: on those paths it still says encrypted. */
function recordedLate(ctx: RuleContext, patch: DiffPatch, fn: FunctionView, all: Conversion[], dec: ReturnType<typeof decryptedValues>): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const [target, { at, conv }] of dec) {
    if (conv.role !== 'decrypt') continue;
    // The flag must be read by the function's own error handling around conversions: assigned again in a conversion branch.
    if (!fn.assignments.some((a) => a.target === target && a !== at && all.some((k) => branchOf(ctx, patch, fn, k, a.statement) !== undefined))) continue;
    for (const label of fn.labels) {
      const li = labelIndex(fn, label);
      if (li <= at.statement) continue;
      const path = new Set(pathFrom(fn, li));
      const undo = all.find((k) => k.role === 'encrypt' && path.has(k.call.statement));
      if (!undo) continue;
      const gotos = fn.statements.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'goto' && s.target === label);
      const skipping = gotos.filter(({ i }) => i > conv.call.statement && i < at.statement);
      const hidden = gotos.length === 0 && !contiguous(patch, fn.file, conv.call.line.line, at.line.line);
      if (skipping.length === 0 && !hidden) continue;
      const which = skipping.length ? `the exits at line ${skipping.map(({ s }) => s.line.line).join(', ')}` : `every goto ${label} between them`;
      out.push({
        location: locateCode(patch, fn.file, at.line, fn.name),
        severity: 'warning',
        message: `${target} is set only here, after ${which}: ${label} re-encrypts with ${undo.call.callee}() (line ${undo.call.line.line}) while ${target} still says encrypted, so if that fails the shared memory is freed. Set it right after ${conv.call.callee}() succeeds (CPA-02).`,
        evidence: [locateCode(patch, fn.file, conv.call.line, fn.name), locateCode(patch, fn.file, undo.call.line, fn.name)],
      });
      break;
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'R44',
    name: 'failed-conversion-freed-or-marked',
    category: 'error-path',
    scope: 'function',
    severity: 'error',
    concepts: ['set-memory'],
    summary: 'After set_memory_decrypted()/set_memory_encrypted() fails the memory is freed, or the state the code keeps says it is encrypted again (an inverted test), or that state is recorded only after error exits that re-encrypt: shared memory can go back to the allocator.',
    fix: 'When a conversion fails, leak the pages (warn once) and leave the recorded state saying decrypted; record the decrypted state right after the decryption succeeds and clear it only when re-encryption succeeds.',
    refs: ['CPA-02', 'lore:20231017202505.340906-1-rick.p.edgecombe@intel.com', 'lore:20240222021006.2279329-3-rick.p.edgecombe@intel.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const helpers = releasingHelpers(ctx);
    for (const { patch, fn } of wholeFunctions(ctx)) {
      const all = conversions(ctx, fn);
      if (all.length === 0) continue;
      const dec = decryptedValues(ctx, patch, fn, all);
      out.push(...freedAfterFailure(ctx, patch, fn, all, helpers), ...markedAfterFailure(ctx, patch, fn, all, dec), ...recordedLate(ctx, patch, fn, all, dec));
    }
    return out;
  },
};
