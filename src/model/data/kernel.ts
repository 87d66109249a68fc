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
  const sleeps = /^(mutex_lock|down_|mmap_(read|write)_lock|filemap_invalidate_lock)/.test(symbol) && !/trylock/.test(symbol);
  const args = PAGE_ALLOC_ARGS[symbol];
  return e(symbol, 'function', role, role === 'acquire' ? `takes a resource released by ${pair.join(' / ')}` : `releases what ${pair.join(' / ')} took`, mainline('2.6'), source, ['KRN-02'], { pair, sleeps, ...(args ? { args } : {}), confidence: 'K' });
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

const sleeper = (symbol: string) => e(symbol, 'function', 'use', 'may sleep: not in atomic context', mainline('2.6'), deb612('include/linux/kernel.h'), ['KRN-03'], { sleeps: true, confidence: 'K' });
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
  ...resource(deb612('include/linux/mm.h'), ['put_page'], 'get_page', 'try_get_page'),
  ...resource(KVMH, ['kvm_put_kvm'], 'kvm_get_kvm', 'kvm_get_kvm_safe'),
  ...memory(deb612('include/linux/slab.h'), ['kfree', 'kvfree', 'kfree_sensitive'], 'kmalloc', 'kzalloc', 'kcalloc', 'kmalloc_array', 'kvmalloc', 'kvzalloc', 'kvcalloc', 'kvmalloc_array', 'kmemdup', 'kstrdup'),
  ...memory(deb612('include/linux/vmalloc.h'), ['vfree'], 'vmalloc', 'vzalloc'),
  ...memory(deb612('include/linux/gfp.h'), ['__free_pages', 'free_pages', 'free_page', '__free_page'], 'alloc_pages', 'alloc_page', '__get_free_pages', '__get_free_page', 'get_zeroed_page'),
  ...memory(deb612('include/linux/slab.h'), ['kmem_cache_free'], 'kmem_cache_alloc', 'kmem_cache_zalloc'),
  ...resource(deb612('include/linux/sched/task.h'), ['put_task_struct'], 'get_task_struct'),
  ...resource(deb612('include/linux/sched/mm.h'), ['mmput'], 'mmget', 'get_task_mm'),
  ...resource(deb612('include/linux/sched/mm.h'), ['mmdrop'], 'mmgrab'),
  // List membership: what an error path unlinks must have been linked (coding-style.rst (7), "one err bugs")
  ...resource(deb612('include/linux/list.h'), ['list_del', 'list_del_init', 'list_del_rcu'], 'list_add', 'list_add_tail', 'list_add_rcu', 'list_add_tail_rcu'),
  ...resource(deb612('include/linux/list.h'), ['hlist_del', 'hlist_del_init', 'hlist_del_rcu'], 'hlist_add_head', 'hlist_add_head_rcu'),
  // Calls that may sleep (atomic and ASI critical sections must not contain them)
  ...['msleep', 'usleep_range', 'ssleep', 'schedule', 'schedule_timeout', 'cond_resched', 'might_sleep', 'wait_for_completion', 'synchronize_rcu', 'synchronize_srcu', 'flush_work', 'cancel_work_sync'].map(sleeper),
  // User copies (api.rst: uAPI results go back through the ioctl's argument or its return value)
  userCopy('copy_to_user', 2),
  userCopy('copy_from_user', 2, 0),
  userCopy('get_user', undefined, 0),
  userCopy('put_user'),
  userCopy('clear_user', 1),
  { ...userCopy('memdup_user', 1), returns: 'pointer' },
];
