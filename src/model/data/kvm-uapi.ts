import type { ModelEntry } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

const e = entryMaker('registry');
/** General KVM vocabulary: gives meaning to code, does not make a series relevant. */
const k = entryMaker('kernel');
const SEV_DOC = deb612('Documentation/virt/kvm/x86/amd-memory-encryption.rst');
const X86_UAPI = deb612('arch/x86/include/uapi/asm/kvm.h');
const SVM_H = deb612('arch/x86/kvm/svm/svm.h');
const API = deb612('Documentation/virt/kvm/api.rst');
const MAIN = deb612('virt/kvm/kvm_main.c');

/**
 * The KVM uAPI plumbing new flags, capabilities and ioctls go through: the
 * functions that answer KVM_CHECK_EXTENSION (api.rst 4.4: the answer is the
 * ioctl's int return value) and the dispatchers whose `case KVM_…:` arms run
 * an ioctl.
 */
export const KVM_UAPI: ModelEntry[] = [
  e('KVM_CHECK_EXTENSION', 'ioctl', 'check-capability', 'system and VM ioctl: the answer for a KVM_CAP_* is its int return value (0 = unsupported)', mainline('2.6'), API, ['KAPI-02'], { confidence: 'V' }),
  e('kvm_vm_ioctl_check_extension_generic', 'function', 'check-capability', 'answers KVM_CHECK_EXTENSION for capabilities of common KVM code; kvm is NULL for the system ioctl', mainline('4.8'), MAIN, ['KAPI-02', 'KRN-04'], { returns: 'int', answers: 'KVM_CHECK_EXTENSION', confidence: 'V' }),
  e('kvm_vm_ioctl_check_extension', 'function', 'check-capability', 'arch answer of KVM_CHECK_EXTENSION (every architecture defines one); kvm may be NULL', mainline('2.6'), deb612('include/linux/kvm_host.h'), ['KAPI-02', 'KRN-04'], { returns: 'int', answers: 'KVM_CHECK_EXTENSION', confidence: 'V' }),
  e('kvm_vm_ioctl', 'function', 'use', 'VM ioctl dispatcher: one case per VM ioctl, the rest go to kvm_arch_vm_ioctl()', mainline('2.6'), MAIN, ['KAPI-03'], { returns: 'int', confidence: 'V' }),
  e('kvm_arch_vm_ioctl', 'function', 'use', 'arch VM ioctl dispatcher', mainline('2.6'), deb612('include/linux/kvm_host.h'), ['KAPI-03'], { returns: 'int', confidence: 'V' }),
  e('kvm_vcpu_ioctl', 'function', 'use', 'vCPU ioctl dispatcher', mainline('2.6'), MAIN, ['KAPI-03'], { returns: 'int', confidence: 'V' }),
  e('kvm_dev_ioctl', 'function', 'use', 'system (/dev/kvm) ioctl dispatcher', mainline('2.6'), MAIN, ['KAPI-03'], { returns: 'int', confidence: 'V' }),
  // VM kinds and the inputs that apply to one kind only (amd-memory-encryption.rst, KVM_SEV_INIT2; KAPI-05)
  k('KVM_X86_SEV_VM', 'macro', 'use', 'VM type of a plain SEV guest: encrypted memory, unprotected register state, no VMSA', mainline('6.10'), X86_UAPI, ['KAPI-05'], { vmKind: 'plain', scope: '^(arch/x86/|Documentation/virt/kvm/)', confidence: 'V' }),
  k('KVM_X86_SEV_ES_VM', 'macro', 'use', 'VM type of an SEV-ES guest: protected register state in a VMSA', mainline('6.10'), X86_UAPI, ['KAPI-05'], { vmKind: 'protected-state', scope: '^(arch/x86/|Documentation/virt/kvm/)', confidence: 'V' }),
  k('KVM_X86_SNP_VM', 'macro', 'use', 'VM type of an SEV-SNP guest: protected register state in a VMSA', mainline('6.11'), X86_UAPI, ['KAPI-05'], { vmKind: 'protected-state', scope: '^(arch/x86/|Documentation/virt/kvm/)', confidence: 'V' }),
  k('__KVM_X86_PROTECTED_STATE_TYPE', 'macro', 'use', 'VM-type bit of the first KVM_SEV_INIT2 posting: set for types with protected register state; mainline numbers the types instead', { kind: 'series', version: 'v1', series: 'KVM_SEV_INIT2 (2024)' }, 'lore:20240209183743.22030-9-pbonzini@redhat.com', ['KAPI-05'], { vmKind: 'protected-state', scope: '^(arch/x86/|Documentation/virt/kvm/)', confidence: 'V' }),
  k('sev_es_guest', 'function', 'use', 'whether a VM is SEV-ES or SEV-SNP (protected register state)', mainline('5.11'), SVM_H, ['KAPI-05'], { vmKind: 'protected-state', returns: 'bool', scope: '^arch/x86/kvm/', confidence: 'V' }),
  k('sev_snp_guest', 'function', 'use', 'whether a VM is SEV-SNP', mainline('6.11'), SVM_H, ['KAPI-05'], { vmKind: 'protected-state', returns: 'bool', scope: '^arch/x86/kvm/', confidence: 'V' }),
  k('vmsa_features', 'struct-field', 'use', 'struct kvm_sev_init: initial SEV_FEATURES of the VMSA; must be 0 for SEV VMs, which have no VMSA', mainline('6.10'), SEV_DOC, ['KAPI-05'], { appliesTo: 'protected-state', scope: '^arch/x86/kvm/', confidence: 'V' }),
  k('ghcb_version', 'struct-field', 'use', 'struct kvm_sev_init: highest GHCB protocol version the guest may use; must be 0 for SEV VMs, which issue no GHCB requests', mainline('6.11'), SEV_DOC, ['KAPI-05'], { appliesTo: 'protected-state', scope: '^arch/x86/kvm/', confidence: 'V' }),
];
