import type { FindingDraft, Rule } from './types.js';
import { callLocation, callSleeps, meaningOf, postFunctions } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R29',
    name: 'asi-critical-section-sleep',
    category: 'asi-sensitivity',
    scope: 'function',
    severity: 'error',
    concepts: ['asi'],
    summary: 'Between asi_enter() and asi_relax()/asi_exit() the function sleeps, enables preemption, or allocates with a gfp mask that may sleep.',
    fix: 'Leave the ASI critical section (asi_relax()/asi_exit()) before anything that can sleep, and do sensitive work outside it.',
    refs: ['ASI-05', 'KRN-03', 'S5'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const fns = [...postFunctions(ctx)];
    // Helpers the series defines that sleep (one level: a helper around mutex_lock() sleeps too).
    const sleepers = new Map<string, string>();
    for (const { view, fn } of fns) {
      const c = fn.calls.find((x) => x.callee !== fn.name && callSleeps(ctx, x, view.file));
      if (c) sleepers.set(fn.name, c.callee);
    }
    for (const { patch, view, fn } of fns) {
      let inside: number | undefined;
      const calls = [...fn.calls].sort((a, b) => a.line.line - b.line.line);
      for (const c of calls) {
        const m = meaningOf(ctx, c, view.file);
        // The model says which calls open and close the ASI critical section.
        if (m?.concept === 'asi' && m.role === 'enter') {
          inside = c.line.line;
          continue;
        }
        if (m?.concept === 'asi' && m.role === 'exit') {
          inside = undefined;
          continue;
        }
        if (inside === undefined || c.line.kind !== 'add') continue;
        const via = callSleeps(ctx, c, view.file) ? undefined : sleepers.get(c.callee);
        if (!via && !callSleeps(ctx, c, view.file)) continue;
        out.push({ location: callLocation({ patch, view, fn, call: c }), message: `${c.callee}() can sleep${via ? ` (it calls ${via}())` : ''} inside the ASI critical section entered at line ${inside}; the section forbids sleeping and sensitive access.` });
      }
    }
    return out;
  },
};
