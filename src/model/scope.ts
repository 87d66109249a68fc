/**
 * The paths whose patches get pmreview's general memory-safety review even
 * when they name no symbol of the protected-memory design (issue 10 §3): mm,
 * KVM, the arch mm/KVM code and their headers. A patch elsewhere is reviewed
 * only when it names a design symbol.
 */
const CORE = [
  /^(mm|virt\/kvm)\//,
  /^arch\/[^/]+\/(kvm|mm)\//,
  /^include\/linux\/(mm|page|gfp|highmem|huge|hugetlb|mem|swap|rmap|migrate|vmalloc|set_memory|secretmem|kvm|pgtable|shmem|mmu_notifier|mmap|pagewalk|userfaultfd)\w*\.h$/,
  /^include\/uapi\/linux\/kvm\w*\.h$/,
  /^include\/asm-generic\/(tlb|pgalloc|pgtable\w*|set_memory|cacheflush|mm_hooks)\.h$/,
  /^arch\/[^/]+\/include\/(asm|uapi\/asm)\/(kvm\w*|tlb\w*|pgtable\w*|pgalloc|set_memory|page\w*|cacheflush|mmu\w*|sev\w*|tdx\w*)\.h$/,
];

export function isCorePath(path: string): boolean {
  return CORE.some((re) => re.test(path));
}

/** `diff --git a/x b/y`, and the `---`/`+++` lines of diffs without git headers. */
const DIFF_PATH = /^(?:diff --git a\/(\S+) b\/(\S+)|(?:---|\+\+\+) (?:[ab]\/)?(\S+))/gm;

/** Whether a diff touches a core path (from its file header lines; the cheap test run before parsing). */
export function diffTouchesCore(diffText: string): boolean {
  for (const m of diffText.matchAll(DIFF_PATH)) {
    for (const path of [m[1], m[2], m[3]]) if (path && isCorePath(path)) return true;
  }
  return false;
}
