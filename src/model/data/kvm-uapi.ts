import type { ModelEntry } from '../types.js';
import { entryMaker, mainline } from './build.js';
import { deb612 } from './sources.js';

const e = entryMaker('registry');
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
];
