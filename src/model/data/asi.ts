import type { ModelEntry } from '../types.js';
import { entryMaker, rfcOnly } from './build.js';
import { S } from './sources.js';

const e = entryMaker('asi');
const R22 = rfcOnly(2022);
const R24 = rfcOnly(2024);
const R25 = rfcOnly(2025);
const A22 = S.ASI2022;

/** Address Space Isolation, all RFC-only: 2022 classes and annotations, 2024-26 API (MODEL.md §2.5). */
export const ASI: ModelEntry[] = [
  // 2022 (Junaid Shahid, Ofir Weisse)
  e('CONFIG_ADDRESS_SPACE_ISOLATION', 'kconfig', 'use', '2022 ASI build option', R22, A22, ['ASI-01', 'ASI-08']),
  e('__GFP_GLOBAL_NONSENSITIVE', 'gfp-flag', 'annotate', 'page mapped in every restricted address space', R22, A22, ['ASI-01', 'ASI-02'], { registry: 'gfp', asiClass: 'global' }),
  e('__GFP_LOCAL_NONSENSITIVE', 'gfp-flag', 'annotate', 'page mapped only in its owner mm restricted space (page->asi_mm)', R22, A22, ['ASI-01', 'ASI-02'], { registry: 'gfp', asiClass: 'local' }),
  e('SLAB_GLOBAL_NONSENSITIVE', 'annotation', 'annotate', 'slab cache whose objects are globally non-sensitive', R22, A22, ['ASI-02'], { asiClass: 'global' }),
  e('SLAB_LOCAL_NONSENSITIVE', 'annotation', 'annotate', 'slab cache with per-process locally non-sensitive child caches', R22, A22, ['ASI-02'], { asiClass: 'local' }),
  e('VM_GLOBAL_NONSENSITIVE', 'annotation', 'annotate', 'vmalloc area mapped in every restricted space', R22, A22, ['ASI-02'], { asiClass: 'global' }),
  e('VM_LOCAL_NONSENSITIVE', 'annotation', 'annotate', 'vmalloc area mapped in its owner restricted space', R22, A22, ['ASI-02'], { asiClass: 'local' }),
  e('__asi_not_sensitive', 'annotation', 'annotate', 'static data placed in .data..asi_non_sensitive', R22, A22, ['ASI-02'], { asiClass: 'global' }),
  e('__asi_not_sensitive_readmostly', 'annotation', 'annotate', 'read-mostly static data that is non-sensitive', R22, A22, ['ASI-02'], { asiClass: 'global' }),
  e('DEFINE_PER_CPU_ASI_NOT_SENSITIVE', 'annotation', 'annotate', 'per-CPU variable mapped in restricted spaces', R22, A22, ['ASI-02'], { asiClass: 'global' }),
  e('DEFINE_PER_CPU_SHARED_ALIGNED_ASI_NOT_SENSITIVE', 'annotation', 'annotate', 'cache-aligned shared per-CPU non-sensitive variable', R22, A22, ['ASI-02'], { asiClass: 'global' }),
  e('DEFINE_PER_CPU_ALIGNED_ASI_NOT_SENSITIVE', 'annotation', 'annotate', 'aligned per-CPU non-sensitive variable', R22, A22, ['ASI-02'], { asiClass: 'global' }),
  e('DEFINE_PER_CPU_PAGE_ALIGNED_ASI_NOT_SENSITIVE', 'annotation', 'annotate', 'page-aligned per-CPU non-sensitive variable', R22, A22, ['ASI-02'], { asiClass: 'global' }),
  e('kmem_cache_precreate_local', 'function', 'allocate', 'create a per-process child cache before a non-sleepable first use', R22, A22, ['ASI-02']),
  // API across versions
  e('asi_enter', 'function', 'enter', 'switch to the restricted (non-sensitive) address space before running untrusted code', R22, S.S5, ['ASI-02', 'ASI-05']),
  e('asi_exit', 'function', 'exit', 'switch back to the full (sensitive) address space; needed before returning to userspace', R22, S.S5, ['ASI-02', 'ASI-05']),
  e('asi_relax', 'function', 'exit', 'end the ASI critical section without switching address space', R24, S.S5, ['ASI-05']),
  e('asi_map', 'function', 'annotate', 'map pages into the global non-sensitive space', R22, S.S5, ['ASI-02', 'ASI-05']),
  e('asi_unmap', 'function', 'annotate', 'unmap pages from the global non-sensitive space', R22, S.S5, ['ASI-05']),
  e('asi_map_gfp', 'function', 'annotate', 'earlier asi_map variant taking a gfp mask', R22, A22, ['ASI-05']),
  e('asi_init_class', 'function', 'use', 'register an ASI class with its taint policy', R24, S.S5, ['ASI-05']),
  e('asi_init_domain', 'function', 'allocate', 'create the restricted address space of an mm for a class', R25, S.S5, ['ASI-05']),
  e('asi_destroy', 'function', 'free', 'tear down a restricted address space', R22, S.S5, ['ASI-05']),
  e('asi_class_id', 'struct', 'use', 'enum of ASI classes (KVM, userspace)', R25, S.S5, ['ASI-05']),
  e('ASI_CLASS_KVM', 'macro', 'use', 'ASI class used while running a KVM guest', R25, S.S5, ['ASI-05']),
  e('ASI_CLASS_USERSPACE', 'macro', 'use', 'ASI class used while running userspace', R25, S.S5, ['ASI-05']),
  e('ASI_GLOBAL_NONSENSITIVE', 'macro', 'annotate', 'the global non-sensitive address space', R24, S.S5, ['ASI-05'], { asiClass: 'global' }),
  e('asi_taint_policy', 'struct', 'use', 'prevent_control / protect_data / set taint masks of a class', R25, S.S5, ['ASI-05']),
  e('ASI_TAINT_KERNEL_DATA', 'macro', 'use', 'taint: kernel data may be in caches', R25, S.S5, ['ASI-05']),
  e('ASI_TAINT_USER_DATA', 'macro', 'use', 'taint: user data may be in caches', R25, S.S5, ['ASI-05']),
  e('ASI_TAINT_GUEST_DATA', 'macro', 'use', 'taint: guest data may be in caches', R25, S.S5, ['ASI-05']),
  e('ASI_TAINT_OTHER_MM_DATA', 'macro', 'use', 'taint: another process data may be in caches', R25, S.S5, ['ASI-05']),
  e('ASI_TAINT_USER_CONTROL', 'macro', 'use', 'taint: user-controlled predictor state', R25, S.S5, ['ASI-05']),
  e('ASI_TAINT_GUEST_CONTROL', 'macro', 'use', 'taint: guest-controlled predictor state', R25, S.S5, ['ASI-05']),
  e('ASI_TAINT_OTHER_MM_CONTROL', 'macro', 'use', 'taint: predictor state controlled by another process', R25, S.S5, ['ASI-05']),
  e('kvm_x86_init_asi_class', 'function', 'use', 'KVM registers its ASI class', R25, S.S5, ['ASI-05']),
  // 2024-26 (Brendan Jackman)
  e('CONFIG_MITIGATION_ADDRESS_SPACE_ISOLATION', 'kconfig', 'use', '2024+ ASI build option', R24, S.S21, ['ASI-04', 'ASI-08']),
  e('X86_FEATURE_ASI', 'macro', 'check-capability', 'cpufeature bit set when ASI is enabled (asi=on)', R24, S.S21, ['ASI-04']),
  e('__GFP_SENSITIVE', 'gfp-flag', 'annotate', 'allocation is sensitive: left out of the restricted address space (in GFP_USER)', R24, S.S22, ['ASI-04', 'ASI-06', 'REG-07'], { registry: 'gfp', asiClass: 'sensitive' }),
  e('__GFP_NONSENSITIVE', 'gfp-flag', 'annotate', 'allowlist alternative: allocation may be mapped in the restricted space', R24, S.S21, ['ASI-04', 'REG-07'], { registry: 'gfp', asiClass: 'global' }),
  e('FREETYPE_UNMAPPED', 'macro', 'annotate', '2026 follow-up: free-list type of pages kept out of the direct map (mermap)', rfcOnly(2026), S.S22, ['ASI-06']),
  e('ALLOC_UNMAPPED', 'macro', 'annotate', '2026 follow-up: allocate from the unmapped free lists', rfcOnly(2026), S.S22, ['ASI-06']),
];
