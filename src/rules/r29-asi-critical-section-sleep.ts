import type { FindingDraft, Rule } from './types.js';
import { callLocation, postFunctions } from './lib/index.js';

const SLEEPS = /^(mutex_lock\w*|down_read|down_write|down|msleep|usleep_range|ssleep|schedule\w*|cond_resched|might_sleep|wait_event\w*|wait_for_completion\w*|copy_from_user|copy_to_user|get_user|put_user|vmalloc|vzalloc|preempt_enable|local_irq_enable|kvm_vcpu_block)$/;
const ALLOCS = /^(kmalloc|kzalloc|kcalloc|kmem_cache_alloc|alloc_pages|folio_alloc|__get_free_pages)$/;

export const rule: Rule = {
  meta: {
    id: 'R29',
    name: 'asi-critical-section-sleep',
    category: 'asi-sensitivity',
    scope: 'function',
    severity: 'error',
    concepts: ['asi'],
    summary: 'Between asi_enter() and asi_relax()/asi_exit() the function sleeps, enables preemption, or allocates with GFP_KERNEL.',
    fix: 'Leave the ASI critical section (asi_relax()/asi_exit()) before anything that can sleep, and do sensitive work outside it.',
    refs: ['ASI-05', 'S5'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const { patch, view, fn } of postFunctions(ctx)) {
      let inside: number | undefined;
      const calls = [...fn.calls].sort((a, b) => a.line.line - b.line.line);
      for (const c of calls) {
        if (c.callee === 'asi_enter') {
          inside = c.line.line;
          continue;
        }
        if (c.callee === 'asi_relax' || c.callee === 'asi_exit') {
          inside = undefined;
          continue;
        }
        if (inside === undefined || c.line.kind !== 'add') continue;
        const sleeps = SLEEPS.test(c.callee) || (ALLOCS.test(c.callee) && c.args.some((a) => /GFP_KERNEL|GFP_USER|GFP_HIGHUSER/.test(a)));
        if (!sleeps) continue;
        out.push({ location: callLocation({ patch, view, fn, call: c }), message: `${c.callee}() can sleep inside the ASI critical section entered at line ${inside}; the section forbids sleeping and sensitive access.` });
      }
    }
    return out;
  },
};
