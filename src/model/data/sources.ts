/**
 * The source register of MODEL.md §1, as the strings entries cite. Kept in one
 * place so that a corrected commit or Message-ID is fixed once.
 */
export const S = {
  S1: 'tree:torvalds/linux@01f492e1817e virt/kvm/guest_memfd.c',
  S2: 'tree:kvm-x86/linux@5e38e1bd4e7b virt/kvm/guest_memfd.c',
  S3: 'tree:torvalds/linux@00c010e130e5 mm/secretmem.c',
  S4: 'tree:linux-mm/linux-mm@4efd21b32417 include/linux/set_memory.h',
  S5: 'tree:bjackman/linux@0c9d948029f9 arch/x86/include/asm/asi.h',
  S6: 'seed:000',
  S7: 'seed:002',
  S8: 'seed:001',
  S9: 'seed:003',
  S10: 'seed:004',
  S11: 'lore:20250924151101.2225820-1-patrick.roy@campus.lmu.de',
  S12: 'lore:20251205165743.9341-1-kalyazin@amazon.com',
  S13: 'lore:20260114134510.1835-8-kalyazin@amazon.com',
  S14: 'lore:20260317141031.514-1-kalyazin@amazon.com',
  S15: 'lore:20260410151746.61150-1-kalyazin@amazon.com',
  S16: 'lore:20250925155237.3928-1-roypat@amazon.co.uk',
  S17: 'url:https://git.ipfire.org/gitweb.cgi?a=object&h=d2042d8f96ddefde&p=thirdparty%2Fkernel%2Flinux.git',
  S18: 'lore:20201020061859.18385-10-kirill.shutemov@linux.intel.com',
  S19: 'seed:000 (John Hubbard reply to KPE RFC v1, May 2020)',
  S20: 'url:CVE-2024-35872 (mm/secretmem: fix GUP-fast succeeding on secretmem folios, 2024-03-22)',
  S21: 'lore:20240712-asi-rfc-24-v1-0-144b319a40d8@google.com',
  S22: 'lore:20250924-b4-asi-page-alloc-v1-6-2d861768041f@google.com',
  S23: 'url:https://lists.01.org/hyperkitty/list/linux-nvdimm@lists.01.org/message/2LT7HWYHVG47WF4PM77YUIUXYYEAZNZ7/',
  S24: 'lore:20201108065758.1815-1-rppt@kernel.org',
  S25: 'url:https://lkml.iu.edu/2604.1/03485.html',
  S26: 'url:https://lkml.iu.edu/hypermail/linux/kernel/2509.0/00963.html',
  S27: 'lore:AS_INACCESSIBLE (Michael Roth, 2024-03-29, mm: Introduce AS_INACCESSIBLE)',
  S28: 'tree:torvalds/linux scripts/checkpatch.pl (AVOID_BUG)',
  /** Debian's linux-source-6.12 package (6.12.117), read for the 6.12 registries. */
  DEB612: 'tree:debian/linux-source-6.12',
  /** The 2022 ASI RFC by Junaid Shahid. */
  ASI2022: 'lore:20220223052223.1202152-1-junaids@google.com',
  /** 2024 direct-map RFC root (Patrick Roy). */
  RFC2024: 'lore:20240709132041.3625501-1-roypat@amazon.co.uk',
  /** 2020 KPE RFCv2 root (Kirill Shutemov). */
  KPE2: 'lore:20201020061859.18385-1-kirill.shutemov@linux.intel.com',
} as const;

export const deb612 = (path: string): string => `${S.DEB612} ${path}`;
