import type { ArgRoles, ModelEntry, Role } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

/**
 * General kernel vocabulary the memory-safety rules reason about: what must
 * be released on every path, what crashes, what sleeps, what copies to user
 * space. Concept `kernel`: these names alone never make a series relevant
 * (model.mentions ignores them); they give meaning to calls in series that are.
 */
const e = entryMaker('kernel');
const BUG = deb612('include/asm-generic/bug.h');
const MMDEBUG = deb612('include/linux/mmdebug.h');
const KVMH = deb612('include/linux/kvm_host.h');
const CP = 'tree:debian/linux-source-6.12 Documentation/process/coding-style.rst (22) Do not crash the kernel';

const crash = (symbol: string, semantics: string, source = BUG) => e(symbol, 'macro', 'assert', semantics, mainline('2.6'), source, ['KRN-01'], { assert: 'crash', confidence: 'V' });
const debugCrash = (symbol: string) => e(symbol, 'macro', 'assert', 'BUG_ON under CONFIG_DEBUG_VM only', mainline('2.6'), MMDEBUG, ['KRN-01'], { assert: 'debug-crash', confidence: 'V' });
const warn = (symbol: string, semantics: string) => e(symbol, 'macro', 'assert', semantics, mainline('2.6'), BUG, ['KRN-01'], { assert: 'warn', confidence: 'V' });
const debugWarn = (symbol: string) => e(symbol, 'macro', 'assert', 'WARN_ON under CONFIG_DEBUG_VM only', mainline('4.10'), MMDEBUG, ['KRN-01'], { assert: 'debug-warn', confidence: 'V' });

/** A pair of calls: what takes a resource and what gives it back. */
function resource(source: string, releases: string[], ...acquires: string[]): ModelEntry[] {
  return [
    ...acquires.map((a) => res(a, 'acquire', releases, source)),
    ...releases.map((r) => res(r, 'release', acquires, source)),
  ];
}
function res(symbol: string, role: Role, pair: string[], source: string): ModelEntry {
  // vmalloc() allocates with GFP_KERNEL and maps pages: it always may sleep.
  const sleeps = /^(mutex_lock|down_|mmap_(read|write)_lock|filemap_invalidate_lock|vmalloc$|vzalloc$)/.test(symbol) && !/trylock/.test(symbol);
  const gfp = GFP_ARG[symbol];
  const args: ArgRoles = { ...(PAGE_ALLOC_ARGS[symbol] ?? {}), ...(gfp === undefined ? {} : { gfp }) };
  return e(symbol, 'function', role, role === 'acquire' ? `takes a resource released by ${pair.join(' / ')}` : `releases what ${pair.join(' / ')} took`, mainline('2.6'), source, ['KRN-02'], { pair, sleeps, ...(Object.keys(args).length ? { args } : {}), confidence: 'K' });
}
/** Allocations: what they return may be handed to another owner (a list, a table) by a call. */
function memory(source: string, releases: string[], ...acquires: string[]): ModelEntry[] {
  return resource(source, releases, ...acquires).map((x) => (x.role === 'acquire' ? { ...x, handover: true, returns: 'pointer' as const } : x));
}

/** The page allocator's arguments (include/linux/gfp.h): the folio rules read orders, flags and addresses by meaning. */
const PAGE_ALLOC_ARGS: Record<string, ArgRoles> = {
  alloc_pages: { flags: 0, order: 1 },
  __get_free_pages: { flags: 0, order: 1 },
  __free_pages: { page: 0, order: 1 },
  free_pages: { addr: 0, order: 1 },
};

/** Where the allocators take their gfp mask (include/linux/slab.h, gfp.h): they sleep when the mask allows direct reclaim. */
const GFP_ARG: Record<string, number> = {
  kmalloc: 1, kzalloc: 1, kcalloc: 2, kmalloc_array: 2, kvmalloc: 1, kvzalloc: 1, kvcalloc: 2, kvmalloc_array: 2, kmemdup: 2, kstrdup: 1,
  alloc_pages: 0, alloc_page: 0, __get_free_pages: 0, __get_free_page: 0, get_zeroed_page: 0, kmem_cache_alloc: 1, kmem_cache_zalloc: 1,
};

const sleeper = (symbol: string, source = deb612('include/linux/kernel.h')) => e(symbol, 'function', 'use', 'may sleep: not in atomic context', mainline('2.6'), source, ['KRN-03'], { sleeps: true, confidence: 'K' });
const GFPH = deb612('include/linux/gfp_types.h');
/** A gfp mask: whether an allocation with it may sleep (direct reclaim allowed). */
const gfpMask = (symbol: string, sleeps: boolean, semantics: string) => e(symbol, 'gfp-flag', 'use', semantics, mainline('2.6'), GFPH, ['KRN-03'], { sleeps, confidence: 'V' });
const printk = (symbol: string, source = deb612('include/linux/printk.h')) => e(symbol, 'macro', 'use', 'prints a message; changes no state an error path would have to undo', mainline('2.6'), source, ['STY-04'], { prints: true, confidence: 'V' });
const userCopy = (symbol: string, bytes?: number, userData?: number) => e(symbol, 'function', 'user-copy', 'copies between user and kernel memory; may fault and sleep; returns the bytes not copied (or -EFAULT)', mainline('2.6'), deb612('include/linux/uaccess.h'), ['KRN-03', 'KRN-04'], { sleeps: true, mayFail: true, args: { ...(bytes === undefined ? {} : { bytes }), ...(userData === undefined ? {} : { userData }) }, confidence: 'V' });

export const KERNEL: ModelEntry[] = [
  // Assertions (coding-style.rst "Do not crash the kernel"; checkpatch AVOID_BUG)
  crash('BUG', 'crashes the kernel', CP),
  crash('BUG_ON', 'crashes the kernel when the condition holds', CP),
  debugCrash('VM_BUG_ON'),
  debugCrash('VM_BUG_ON_PAGE'),
  debugCrash('VM_BUG_ON_FOLIO'),
  debugCrash('VM_BUG_ON_VMA'),
  debugCrash('VM_BUG_ON_MM'),
  warn('WARN_ON', 'warns with a backtrace and returns the condition'),
  warn('WARN_ON_ONCE', 'warns once and returns the condition'),
  warn('WARN', 'warns with a message'),
  warn('WARN_ONCE', 'warns once with a message'),
  e('KVM_BUG', 'macro', 'assert', 'KVM_BUG_ON with a message: warns once and marks the VM bugged', mainline('5.13'), KVMH, ['KRN-01'], { assert: 'warn', confidence: 'V' }),
  e('KVM_BUG_ON', 'macro', 'assert', 'warns once and marks the VM bugged: every later ioctl of that VM fails; the host keeps running', mainline('5.13'), KVMH, ['KRN-01'], { assert: 'warn', confidence: 'V' }),
  debugWarn('VM_WARN_ON'),
  debugWarn('VM_WARN_ON_ONCE'),
  debugWarn('VM_WARN_ON_FOLIO'),
  debugWarn('VM_WARN_ON_ONCE_FOLIO'),
  debugWarn('VM_WARN_ONCE'),
  // Resources that every path must give back (review-prompts locking.md, cleanup.md)
  ...resource(deb612('include/linux/file.h'), ['fput'], 'fget', 'fget_raw', 'get_file', 'anon_inode_getfile'),
  ...resource(deb612('include/linux/file.h'), ['fdput'], 'fdget'),
  ...resource(deb612('include/linux/file.h'), ['put_unused_fd'], 'get_unused_fd_flags'),
  ...resource(deb612('include/linux/mutex.h'), ['mutex_unlock'], 'mutex_lock', 'mutex_lock_interruptible', 'mutex_lock_killable', 'mutex_lock_nested'),
  ...resource(deb612('include/linux/spinlock.h'), ['spin_unlock'], 'spin_lock', 'spin_lock_nested'),
  ...resource(deb612('include/linux/spinlock.h'), ['spin_unlock_irq'], 'spin_lock_irq'),
  ...resource(deb612('include/linux/spinlock.h'), ['spin_unlock_irqrestore'], 'spin_lock_irqsave'),
  ...resource(deb612('include/linux/spinlock.h'), ['spin_unlock_bh'], 'spin_lock_bh'),
  ...resource(deb612('include/linux/rwlock.h'), ['read_unlock'], 'read_lock'),
  ...resource(deb612('include/linux/rwlock.h'), ['write_unlock'], 'write_lock'),
  ...resource(deb612('include/linux/rwsem.h'), ['up_read'], 'down_read', 'down_read_killable', 'down_read_interruptible'),
  ...resource(deb612('include/linux/rwsem.h'), ['up_write'], 'down_write', 'down_write_killable'),
  ...resource(deb612('include/linux/mmap_lock.h'), ['mmap_read_unlock'], 'mmap_read_lock', 'mmap_read_lock_killable'),
  ...resource(deb612('include/linux/mmap_lock.h'), ['mmap_write_unlock'], 'mmap_write_lock', 'mmap_write_lock_killable'),
  ...resource(deb612('include/linux/rcupdate.h'), ['rcu_read_unlock'], 'rcu_read_lock'),
  ...resource(deb612('include/linux/srcu.h'), ['srcu_read_unlock'], 'srcu_read_lock'),
  ...resource(deb612('include/linux/pagemap.h'), ['filemap_invalidate_unlock'], 'filemap_invalidate_lock'),
  ...resource(deb612('include/linux/pagemap.h'), ['filemap_invalidate_unlock_shared'], 'filemap_invalidate_lock_shared'),
  ...resource(deb612('include/linux/pagemap.h'), ['folio_unlock'], 'folio_lock', 'folio_lock_killable'),
  ...resource(deb612('include/linux/mm.h'), ['folio_put'], 'folio_get', 'folio_try_get'),
  // put_page() drops a plain (FOLL_GET) reference: pages pinned with FOLL_PIN go back with unpin_user_page() (pin_user_pages.rst).
  ...resource(deb612('include/linux/mm.h'), ['put_page'], 'get_page', 'try_get_page').map((x) => (x.symbol === 'put_page' ? { ...x, reference: 'get' as const } : x)),
  ...resource(KVMH, ['kvm_put_kvm'], 'kvm_get_kvm', 'kvm_get_kvm_safe'),
  ...memory(deb612('include/linux/slab.h'), ['kfree', 'kvfree', 'kfree_sensitive'], 'kmalloc', 'kzalloc', 'kcalloc', 'kmalloc_array', 'kvmalloc', 'kvzalloc', 'kvcalloc', 'kvmalloc_array', 'kmemdup', 'kstrdup'),
  ...memory(deb612('include/linux/vmalloc.h'), ['vfree'], 'vmalloc', 'vzalloc'),
  ...memory(deb612('include/linux/gfp.h'), ['__free_pages', 'free_pages', 'free_page', '__free_page'], 'alloc_pages', 'alloc_page', '__get_free_pages', '__get_free_page', 'get_zeroed_page'),
  ...memory(deb612('include/linux/slab.h'), ['kmem_cache_free'], 'kmem_cache_alloc', 'kmem_cache_zalloc'),
  // Pages of a CMA area go back with cma_release() (include/linux/cma.h): dma_free_contiguous() tries it before the buddy allocator.
  ...memory(deb612('include/linux/cma.h'), ['cma_release'], 'cma_alloc'),
  ...resource(deb612('include/linux/sched/task.h'), ['put_task_struct'], 'get_task_struct'),
  ...resource(deb612('include/linux/sched/mm.h'), ['mmput'], 'mmget', 'get_task_mm'),
  ...resource(deb612('include/linux/sched/mm.h'), ['mmdrop'], 'mmgrab'),
  // List membership: what an error path unlinks must have been linked (coding-style.rst (7), "one err bugs")
  ...resource(deb612('include/linux/list.h'), ['list_del', 'list_del_init', 'list_del_rcu'], 'list_add', 'list_add_tail', 'list_add_rcu', 'list_add_tail_rcu'),
  ...resource(deb612('include/linux/list.h'), ['hlist_del', 'hlist_del_init', 'hlist_del_rcu'], 'hlist_add_head', 'hlist_add_head_rcu'),
  // Calls that may sleep (atomic and ASI critical sections must not contain them)
  ...['msleep', 'usleep_range', 'ssleep', 'schedule', 'schedule_timeout', 'cond_resched', 'might_sleep', 'wait_for_completion', 'synchronize_rcu', 'synchronize_srcu', 'flush_work', 'cancel_work_sync'].map((s) => sleeper(s)),
  ...['schedule_timeout_interruptible', 'schedule_timeout_killable', 'schedule_timeout_uninterruptible', 'wait_for_completion_interruptible', 'wait_for_completion_killable', 'wait_for_completion_timeout'].map((s) => sleeper(s, deb612('include/linux/sched.h'))),
  ...['wait_event', 'wait_event_interruptible', 'wait_event_killable', 'wait_event_timeout', 'wait_event_interruptible_timeout'].map((s) => sleeper(s, deb612('include/linux/wait.h'))),
  ...['down', 'down_interruptible', 'down_killable'].map((s) => sleeper(s, deb612('include/linux/semaphore.h'))),
  e('preempt_enable', 'macro', 'use', 'ends a preemption-disabled section and may reschedule at once (CONFIG_PREEMPT)', mainline('2.6'), deb612('include/linux/preempt.h'), ['KRN-03'], { sleeps: true, confidence: 'V' }),
  e('kvm_vcpu_block', 'function', 'use', 'halts the vCPU thread until an event arrives: sleeps', mainline('2.6'), KVMH, ['KRN-03'], { sleeps: true, confidence: 'V' }),
  // gfp masks (Documentation/core-api/memory-allocation.rst): which allow sleeping
  gfpMask('GFP_KERNEL', true, 'normal kernel allocation: may sleep in direct reclaim'),
  gfpMask('GFP_KERNEL_ACCOUNT', true, 'GFP_KERNEL charged to the memory cgroup: may sleep'),
  gfpMask('GFP_USER', true, 'allocation for user space: may sleep'),
  gfpMask('GFP_NOFS', true, 'may sleep but must not recurse into the filesystem'),
  gfpMask('GFP_NOIO', true, 'may sleep but must not start I/O'),
  gfpMask('GFP_ATOMIC', false, 'atomic allocation: never sleeps, may use reserves'),
  gfpMask('GFP_NOWAIT', false, 'allocation that never sleeps and fails instead'),
  // The printk family (a goto to an unwind label after only these has nothing to unwind)
  ...['printk', 'pr_debug', 'pr_info', 'pr_notice', 'pr_warn', 'pr_err', 'pr_crit', 'pr_info_once', 'pr_warn_once', 'pr_err_once', 'pr_debug_ratelimited', 'pr_info_ratelimited', 'pr_warn_ratelimited', 'pr_err_ratelimited'].map((s) => printk(s)),
  ...['dev_dbg', 'dev_info', 'dev_notice', 'dev_warn', 'dev_err', 'dev_err_ratelimited', 'dev_warn_once'].map((s) => printk(s, deb612('include/linux/dev_printk.h'))),
  // Page-cache lookups: a kernel reader of arbitrary files must refuse secretmem / no-direct-map mappings (GUP-08)
  ...['filemap_get_folio', '__filemap_get_folio', 'filemap_lock_folio', 'read_cache_folio', 'read_cache_page', 'read_mapping_folio', 'read_mapping_page', 'find_get_page'].map((s) =>
    e(s, 'function', 'use', 'looks up (or reads in) a folio of a file\'s page cache', mainline('2.6'), deb612('include/linux/pagemap.h'), ['GUP-08'], { pageCache: true, returns: 'pointer', confidence: 'V' }),
  ),
  // User copies (api.rst: uAPI results go back through the ioctl's argument or its return value)
  userCopy('copy_to_user', 2),
  userCopy('copy_from_user', 2, 0),
  userCopy('get_user', undefined, 0),
  userCopy('put_user'),
  userCopy('clear_user', 1),
  { ...userCopy('memdup_user', 1), returns: 'pointer' },
];
