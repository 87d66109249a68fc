import type { CallSite, FunctionView } from '../code/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import type { DiffPatch } from '../diff/index.js';
import { callLocation, commentAbove, deletedTexts, isInitFunction, meaningOf, mentionsName, postFunctions, reportsErrors, resultKind, testOf, warnAssertions } from './lib/index.js';

type Evidence = { severity: 'warning' | 'info'; message: string };

/** Variables whose contents user space controls: what a user copy in the function fills. */
function userVariables(ctx: RuleContext, fn: FunctionView): { name: string; from: CallSite }[] {
  const out: { name: string; from: CallSite }[] = [];
  for (const c of fn.calls) {
    const m = meaningOf(ctx, c, fn.file);
    if (m?.role !== 'user-copy') continue;
    const filled = m.userData ?? (m.entry.returns === 'pointer' ? c.assignedTo : undefined);
    const name = filled?.replace(/^&\s*/, '').trim();
    if (name && /^[A-Za-z_][\w.>-]*$/.test(name)) out.push({ name, from: c });
  }
  return out;
}

/** The condition tests the error result of an earlier call: `BUG_ON(ret)` after `ret = f()`, `BUG_ON(IS_ERR(p))`. */
function errorResult(ctx: RuleContext, fn: FunctionView, assertion: CallSite, cond: string): { name: string; call: CallSite } | undefined {
  const transparent = warnAssertions(ctx);
  for (const c of fn.calls) {
    if (c.statement >= assertion.statement || !c.assignedTo) continue;
    const kind = resultKind(ctx, c, fn.file);
    const m = meaningOf(ctx, c, fn.file);
    // A NULL pointer is a failure only where the model says the call fails that way (page_address() of an unmapped page is not an error).
    const nullIsFailure = kind === 'int' || m?.mayFail === true || m?.role === 'acquire';
    if (testOf(cond, c.assignedTo, kind, transparent) === 'failure' && (nullIsFailure || testOf(cond, c.assignedTo, 'int', transparent) === 'failure')) return { name: c.assignedTo, call: c };
  }
  return undefined;
}

/** The assertion sits on the failure branch of an earlier call than the one it tests: an error path's rollback. */
function rollingBack(ctx: RuleContext, fn: FunctionView, assertion: CallSite, tested: CallSite): boolean {
  const transparent = warnAssertions(ctx);
  return assertion.guards.some((g) =>
    fn.calls.some((c) => c !== tested && c.statement < tested.statement && c.assignedTo !== undefined && testOf(g, c.assignedTo, resultKind(ctx, c, fn.file), transparent) === 'failure'),
  );
}

function crashEvidence(ctx: RuleContext, patch: DiffPatch, fn: FunctionView, call: CallSite): Evidence {
  const name = call.callee;
  const cond = call.args[0] ?? '';
  if (call.args.length === 0) return { severity: 'info', message: `${name}() in new code crashes the kernel; coding-style.rst "Do not crash the kernel": use WARN_ON_ONCE() and recover where recovery is possible.` };
  // Boot-time code may give up (mm-alloc.md). A call the model says can fail is never excused by a comment: WARN_ON_ONCE() costs nothing if it indeed cannot.
  const boot = isInitFunction(patch, fn);
  const failing = !boot && fn.calls.find((c) => c !== call && c.statement === call.statement && c.line.line >= call.line.line && cond.includes(`${c.callee}(`) && meaningOf(ctx, c, fn.file)?.mayFail);
  if (failing) return { severity: 'warning', message: `${name}() crashes the kernel when ${failing.callee}() fails, and it can fail: handle the error (warn once, then return it or leak what cannot be undone).` };
  const user = userVariables(ctx, fn).find((u) => u.from.statement < call.statement && mentionsName(cond, u.name));
  if (user) return { severity: 'warning', message: `${name}() on ${user.name}, which ${user.from.callee}() filled from user space: user space can crash the kernel; reject the input with an error instead.` };
  const result = errorResult(ctx, fn, call, cond);
  const recover = reportsErrors(fn) ? ` ${fn.name}() already returns errors: warn once and return one.` : '';
  // A comment just above an assertion on an error result is the justification coding-style.rst asks for ("cannot return errors here").
  if (result && !boot && !commentAbove(fn, call.line.line, 3)) {
    // "Return the error" is advice only where the function is seen to return errors; a void function
    // (an .invalidate_folio, a hypervisor trap handler, shmem_delete_from_page_cache()) has no error to
    // return, and its assertion may state an invariant its callers keep: say so, do not insist.
    // Already on the failure path of another call, undoing it (`if (rc < 0) { rc2 = undo(); BUG_ON(rc2); } return rc;`):
    // the function returns that error; the assertion is about a rollback that failed, where the state cannot be restored.
    if (recover && rollingBack(ctx, fn, call, result.call)) return { severity: 'info', message: `${name}() crashes the kernel when ${result.call.callee}() fails while undoing an earlier failure: ${fn.name}() returns that error already; if the state cannot be restored, warn once and leave it unusable rather than crash.` };
    if (recover) return { severity: 'warning', message: `${name}() crashes the kernel on the error that ${result.call.callee}() returned in ${result.name}: return the error instead.` };
    return { severity: 'info', message: `${name}() crashes the kernel on the error that ${result.call.callee}() returned in ${result.name}, and ${fn.name}() is not seen to return errors: if it cannot fail here, say why in a comment; otherwise warn once and recover.` };
  }
  return { severity: 'info', message: `${name}() in new code crashes the kernel; coding-style.rst "Do not crash the kernel": use WARN_ON_ONCE() and recover where recovery is possible.${recover}` };
}

export const rule: Rule = {
  meta: {
    id: 'R26',
    name: 'bug-on-in-new-code',
    category: 'crash-on-error',
    scope: 'line',
    severity: 'warning',
    concepts: ['kernel'],
    summary: 'New code crashes the kernel (BUG(), BUG_ON(), VM_BUG_ON*()) on a condition it could handle — a call that can fail, an error result, input from user space — or warns (WARN*, KVM_BUG_ON) on a condition user space can trigger.',
    fix: 'Use WARN_ON_ONCE() and recover (return an error, leak the page safely) instead of crashing the kernel; reject user input with -EINVAL instead of asserting on it.',
    refs: ['KRN-01', 'S28', 'seed:003', 'lore:20240712-asi-rfc-24-v1-0-144b319a40d8@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const moved = new Map(ctx.series.patches.map((p) => [p, deletedTexts(p)]));
    for (const { patch, view, fn } of postFunctions(ctx)) {
      for (const call of fn.calls) {
        const assert = ctx.model.bySymbol.get(call.callee)?.assert;
        if (!assert) continue;
        // An assertion that only moved (same text deleted elsewhere in the patch) is not new.
        if (moved.get(patch)!.has(call.line.text.replace(/\s+/g, ' ').trim())) continue;
        const found = { patch, view, fn, call };
        if (assert === 'crash') {
          const e = crashEvidence(ctx, patch, fn, call);
          out.push({ location: callLocation(found), severity: e.severity, message: e.message });
          continue;
        }
        const cond = call.args[0] ?? '';
        const user = userVariables(ctx, fn).find((u) => u.from.statement < call.statement && mentionsName(cond, u.name));
        if (user) {
          // coding-style.rst: WARN*() must not be used for a condition user space can trigger; kvm.md: a host-side denial of service.
          out.push({
            location: callLocation(found),
            message: `${call.callee}() on ${user.name}, which ${user.from.callee}() filled from user space: user space can trigger it (and crash panic_on_warn hosts); reject the input with an error instead.`,
          });
        } else if (assert === 'debug-crash') {
          // VM_BUG_ON*() exists only with CONFIG_DEBUG_VM: a debugging assertion, reported for information.
          out.push({ location: callLocation(found), severity: 'info', message: `${call.callee}() in new code crashes CONFIG_DEBUG_VM kernels; VM_WARN_ON*() reports the same condition without the crash.` });
        }
      }
    }
    return out;
  },
};
