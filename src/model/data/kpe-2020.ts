import type { ModelEntry } from '../types.js';
import { entryMaker, rfcOnly } from './build.js';
import { S } from './sources.js';

const e = entryMaker('kpe-2020');
const R20 = rfcOnly(2020);

/** Kirill Shutemov's 2020 KVM protected-memory extension, never merged (MODEL.md §2.6). */
export const KPE_2020: ModelEntry[] = [
  e('VM_KVM_PROTECTED', 'vma-flag', 'check-flag', 'VMA whose memory is PROT_NONE to the host and reachable only through FOLL_KVM', R20, S.S18, ['KPE-03', 'GUP-10']),
  e('FOLL_KVM', 'flag', 'check-flag', 'GUP may return pages of VM_KVM_PROTECTED VMAs (KVM only); 0x80000 in v1, 0x100000 in v2', R20, S.S18, ['KPE-03', 'KPE-04', 'KPE-07', 'GUP-10'], { registry: 'foll', value: '0x100000', confidence: 'V' }),
  e('KVM_HC_ENABLE_MEM_PROTECTED', 'hypercall', 'use', 'guest asks the host to protect its memory', R20, S.S6, ['KPE-02', 'REG-06'], { registry: 'kvm-hc', value: '12', confidence: 'V' }),
  e('KVM_HC_MEM_SHARE', 'hypercall', 'use', 'guest shares a range with the host (DMA, kvmclock, steal time)', R20, S.S6, ['KPE-02', 'REG-06'], { registry: 'kvm-hc', value: '13', confidence: 'V' }),
  e('KVM_HC_MEM_UNSHARE', 'hypercall', 'use', 'guest makes a shared range private again', R20, S.S6, ['KPE-02', 'REG-06'], { registry: 'kvm-hc', value: '14', confidence: 'V' }),
  e('KVM_FEATURE_MEM_PROTECTED', 'flag', 'check-capability', 'CPUID bit telling the guest that memory protection is available', R20, S.S6, ['KPE-02', 'REG-06'], { registry: 'kvm-feature' }),
  e('copy_to_guest', 'function', 'access', 'GUP one protected page with FOLL_KVM, copy into it, release', R20, S.S18, ['KPE-04', 'FO-03']),
  e('copy_from_guest', 'function', 'access', 'GUP one protected page with FOLL_KVM, copy out of it, release', R20, S.S18, ['KPE-04', 'FO-03']),
  e('gfn_to_pfn_memslot_protected', 'function', 'pin', 'gfn to pfn lookup that passes FOLL_KVM', R20, S.S18, ['KPE-04']),
];
