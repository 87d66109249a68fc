import type { ModelEntry } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

const e = entryMaker('secretmem');
const H = deb612('include/linux/secretmem.h');
const C = deb612('mm/secretmem.c');

/** memfd_secret: the reference pattern for direct-map removal and its GUP refusals (DM-05, GUP-03/04/06). */
export const SECRETMEM: ModelEntry[] = [
  e('folio_is_secretmem', 'function', 'refuse', 'whether a folio belongs to secretmem (GUP-fast test; CVE-2024-35872 inverted it)', mainline('5.14'), H, ['GUP-04', 'GUP-06'], { returns: 'bool', refuses: 'identity', gupVerdict: { onTrue: 'refuse' }, confidence: 'V' }),
  e('vma_is_secretmem', 'function', 'refuse', 'whether a VMA maps secretmem: check_vma_flags refuses it', mainline('5.14'), H, ['GUP-03', 'GUP-07'], { returns: 'bool', refuses: 'identity', gupVerdict: { onTrue: 'refuse' }, confidence: 'V' }),
  e('secretmem_mapping', 'function', 'refuse', 'whether a mapping is secretmem: GUP-fast, mlock and buildid refuse it', mainline('6.10'), H, ['GUP-04', 'GUP-07', 'GUP-08'], { returns: 'bool', refuses: 'identity', gupVerdict: { onTrue: 'refuse' }, confidence: 'K' }),
  e('secretmem_active', 'function', 'use', 'whether any secretmem file exists (hibernation refuses)', mainline('5.14'), H, ['DM-05'], { returns: 'bool', confidence: 'K' }),
  e('secretmem_aops', 'struct', 'register-aop', 'secretmem address_space_operations: free_folio restores, migrate_folio refuses', mainline('5.14'), C, ['DM-05', 'DM-13'], { confidence: 'V' }),
  e('secretmem_vm_ops', 'struct', 'use', 'vm_operations_struct of secretmem VMAs: vma_is_secretmem() compares against it', mainline('5.14'), C, ['GUP-03'], { confidence: 'V' }),
  e('secretmem_fops', 'struct', 'use', 'file_operations of secretmem files', mainline('5.14'), C, ['DM-05'], { confidence: 'V' }),
  e('secretmem_fault', 'function', 'allocate', 'allocate an order-0 zeroed folio, remove it from the direct map, insert, flush once', mainline('5.14'), C, ['DM-05', 'FO-06'], { returns: 'int', confidence: 'V' }),
  e('secretmem_free_folio', 'function', 'free', 'restore the direct map first, then zero the whole folio', mainline('6.3'), C, ['DM-05', 'FO-06', 'DM-13'], { returns: 'void', confidence: 'K' }),
  e('secretmem_migrate_folio', 'function', 'refuse', 'secretmem folios are unmovable (-EBUSY)', mainline('5.19'), C, ['DM-05'], { returns: 'int', confidence: 'K' }),
  e('memfd_secret', 'function', 'allocate', 'syscall creating a secretmem fd; -ENOSYS when the direct map cannot be changed', mainline('5.14'), C, ['DM-01', 'DM-05'], { returns: 'int', confidence: 'V' }),
  e('CONFIG_SECRETMEM', 'kconfig', 'check-capability', 'secretmem is built in', mainline('5.14'), C, ['DM-05'], { confidence: 'V' }),
];

