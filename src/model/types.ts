import type { Location } from '../diff/index.js';

/** The fixed finding categories (docs/architecture.md): how findings are compared with what reviewers said. */
export const CATEGORIES = [
  'folio-misuse',
  'tlb-flush-missing',
  'tlb-flush-placement',
  'direct-map-lifecycle',
  'direct-map-access',
  'unchecked-return',
  'error-path',
  'api-contract',
  'new-flag',
  'gup-protected',
  'asi-sensitivity',
  'crash-on-error',
  'kernel-style',
  'series-hygiene',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Design concepts a symbol belongs to and a rule reasons about. */
export const CONCEPTS = [
  'gup',
  'guest-memfd',
  'direct-map',
  'tlb',
  'folio',
  'asi',
  'kpe-2020',
  'secretmem',
  'registry',
  /** set_memory_*(): permission and encryption changes of kernel mappings (CPA). */
  'set-memory',
  /**
   * General kernel vocabulary the memory-safety rules reason about (resources
   * and their release, assertions, sleeping calls, allocators, user copies).
   * Not a design concept: naming only these does not make a series relevant.
   */
  'kernel',
] as const;
export type Concept = (typeof CONCEPTS)[number];

/** What a piece of code does with a model symbol. */
export type Role =
  | 'remove'
  | 'restore'
  | 'flush'
  | 'pin'
  | 'allocate'
  | 'free'
  | 'access'
  | 'annotate'
  | 'define-flag'
  | 'check-flag'
  | 'check-capability'
  | 'refuse'
  | 'register-aop'
  | 'document'
  | 'test'
  | 'enter'
  | 'exit'
  /** Changes permissions of a kernel mapping (set_memory_ro/rw/x/nx). */
  | 'protect'
  /** Makes memory shared with the host / decrypted (set_memory_decrypted). */
  | 'decrypt'
  /** Makes memory private / encrypted again (set_memory_encrypted). */
  | 'encrypt'
  /** Takes a resource that must be released on every path (a lock, a reference, a file). */
  | 'acquire'
  /** Releases what an `acquire` took. */
  | 'release'
  /** An assertion macro (BUG_ON, WARN_ON…); see `assert`. */
  | 'assert'
  /** Copies between user and kernel memory. */
  | 'user-copy'
  | 'use';

/** Where in a patch something is: the diff stage's record, named here for the stages that read touches. */
export type { Location };

export interface Touch {
  concept: Concept;
  symbol: string;
  role: Role;
  location: Location;
  /** Free-form detail such as `one page` or `nr pages`. */
  detail?: string;
}

/** Kinds of symbol the model knows. */
export type SymbolKind =
  | 'function'
  | 'macro'
  | 'flag'
  | 'ioctl'
  | 'capability'
  | 'struct'
  | 'struct-field'
  | 'aop'
  | 'vma-flag'
  | 'gfp-flag'
  | 'mapping-flag'
  | 'annotation'
  | 'kconfig'
  | 'hypercall'
  | 'attribute';

/** Where a symbol stands; decides whether a diff that uses it can apply to a kernel. */
export type SymbolStatus =
  | { kind: 'mainline'; since: string }
  | { kind: 'removed'; since?: string; until: string }
  | { kind: 'queued'; tree: string }
  | { kind: 'series'; version: string; series: string }
  | { kind: 'rfc-only'; year: number }
  /** Defined by the reviewed series itself (or the tree it is applied to): a derived wrapper. */
  | { kind: 'local'; where: string }
  /** Read in the base kernel's own files (KernelFacts); the release that added it is not recorded. */
  | { kind: 'base'; kernel: string };

/** One symbol of the protected-memory design. */
export interface ModelEntry {
  symbol: string;
  kind: SymbolKind;
  concept: Concept;
  /** What code that calls/uses/defines this symbol does, as the matcher reports it. */
  role: Role;
  /** One line, own words. */
  semantics: string;
  status: SymbolStatus;
  /** `tree:<repo>@<commit> <path>`, `lore:<Message-ID>`, or `url:…` (MODEL.md §0). */
  source: string;
  /** MODEL.md fact ids this entry rests on (GUP-03, DM-06 …). */
  facts: string[];
  /** Registry and value for numbered symbols (flags, caps, ioctls, AS_*, FOLL_*). */
  registry?: string;
  /** Source text of the value, e.g. `1ULL << 2`, `0xd4`, `234`. */
  value?: string;
  /** Direct-map/TLB/folio API details. */
  granularity?: 'page' | 'nr-pages' | 'range' | 'folio' | 'address';
  /** Whether the call flushes the TLB itself, per arch ('*' = all). */
  flushes?: Record<string, boolean>;
  returns?: 'int' | 'void' | 'bool' | 'pointer' | 'unsigned long';
  /** MODEL.md confidence: `V` verified in the cited source, `K` background knowledge to re-check. */
  confidence?: 'V' | 'K';
  /** Path pattern (regex source) outside which the name means something else, e.g. a common local variable name. */
  scope?: string;
  /** For flushes: whether every CPU is flushed (IPI broadcast) or only the calling one. */
  flushScope?: 'all' | 'local';
  /** For flushes: which translations: kernel mappings (direct map, vmalloc), a user mm, or a guest's. */
  flushTarget?: 'kernel' | 'user' | 'guest';
  /** Which argument (0-based) carries what; lets a rule read a call without knowing the symbol. */
  args?: ArgRoles;
  /** For `acquire`: the calls that release what it took; for `release`, what it releases. */
  pair?: string[];
  /**
   * For `acquire`: what it took can change owner by being passed to another
   * call (memory put on a list or in a table). A lock or a reference stays
   * its taker's until released, whatever it is passed to.
   */
  handover?: boolean;
  /** The call may sleep: not allowed in atomic or ASI critical sections. */
  sleeps?: boolean;
  /** For assertions: what happens when the condition holds. */
  assert?: 'crash' | 'debug-crash' | 'warn' | 'debug-warn';
  /** The call can fail and its result says so: callers must check it (DM-02, __must_check). */
  mayFail?: boolean;
  /** Where the call is a stub that does nothing and reports success (DM-01): callers must check the capability first. */
  noopWithout?: string;
  /** Only built with a debugging option (debug_pagealloc): not a protection mechanism, and reviewed as such. */
  debugOnly?: boolean;
  /** For derived entries: the model symbol whose role a wrapper defined in the series inherits. */
  derivedFrom?: string;
  /**
   * For a flag that requests a flush (x86 CPA_FLUSHTLB): what its consumers do
   * when it is set. A condition added around setting it skips all of it, not
   * only the TLB flush (TLB-04).
   */
  requests?: string[];
  /**
   * For state of a batching structure (struct mmu_gather fields, TLB-06): how
   * long a value holds. `element`: rewritten for every VMA of the batch and
   * never reset; `flush`: accumulates until the next flush of the batch resets
   * it; `batch`: set once when the batch starts.
   */
  lifetime?: 'element' | 'flush' | 'batch';
  /** For functions that reset batching state: after every flush (`flush`) or when the batch starts (`batch`). */
  resets?: 'flush' | 'batch';
  /** The call writes a page-table entry (set_pte, pte_clear …): a translation CPUs may have cached changes (TLB-03). */
  writesPte?: boolean;
  /** The call frees (or queues for freeing after the batch flush) a page-table page: non-leaf entries must be flushed (TLB-07). */
  pageTable?: boolean;
  /**
   * For an arch's batch flush (tlb_flush): per arch, the releases in which it
   * flushes only the gathered range even when page tables were freed
   * (tlb->freed_tables), leaving cached non-leaf entries (TLB-07).
   */
  rangedOnly?: Record<string, { since: string; until?: string }>;
  /**
   * GUP: the page reference a call takes or a FOLL_* flag stands for
   * (Documentation/core-api/pin_user_pages.rst): `get` (FOLL_GET, put_page)
   * or `pin` (FOLL_PIN, unpin_user_page). The two never go together.
   */
  reference?: 'get' | 'pin';
  /** GUP flag: the reference is held indefinitely (FOLL_LONGTERM); valid only with a pin (is_valid_gup_args). */
  longTerm?: boolean;
  /** Code allowed to use the symbol (regex source of paths); anywhere else it is a caller's mistake (GUP-internal FOLL_* flags). */
  internalTo?: string;
  /**
   * What GUP and other kernel readers refuse: `identity` for a predicate that
   * is true exactly for one subsystem's memory (secretmem_mapping() compares
   * secretmem's own ops), `property` for a mapping flag or its test that other
   * mappings can carry (AS_NO_DIRECT_MAP, mapping_no_direct_map()).
   */
  refuses?: 'identity' | 'property';
  /**
   * For a predicate GUP consults (GUP-03, GUP-04, GUP-11): `refuse` when a
   * true result means the request must be refused (vma_is_secretmem(),
   * vma_needs_dirty_tracking()), `allow` when true means it may go on.
   * `when`: the FOLL_* flags a request must carry for the verdict to apply
   * (vma_needs_dirty_tracking() concerns long-term write pins only).
   */
  gupVerdict?: { onTrue: 'refuse' | 'allow'; when?: string[] };
  /**
   * A VM type constant or test that tells VMs apart by whether their register
   * state is protected (SEV-ES and SEV-SNP guests have a VMSA, plain SEV
   * guests none): code that names one handles more than one kind of VM (KAPI-05).
   */
  vmKind?: 'protected-state' | 'plain';
  /** A uAPI input field that has meaning only for VMs of this kind: for the others a non-zero value must be rejected (KAPI-05). */
  appliesTo?: 'protected-state';
  /** The call looks up folios of a file's page cache: a kernel reader of arbitrary files must refuse no-direct-map mappings (GUP-08). */
  pageCache?: boolean;
  /** For a file_operations of the design: the operations that give userspace a new way to reach the memory; each needs an opt-in flag (GM-07). */
  userOps?: string[];
  /** Only prints (the printk family): changes no state an error path would have to undo. */
  prints?: boolean;
  /** ASI: the class an annotation places memory in (2022 model: global / local non-sensitive; 2024+: sensitive). */
  asiClass?: 'global' | 'local' | 'sensitive';
  /** An arch opt-in hook: every architecture enables the feature by defining it; the generic default must be off (R15, R17). */
  archHook?: boolean;
  /**
   * The function computes the answer of a uAPI ioctl that reaches userspace
   * as the ioctl's int return value (KVM_CHECK_EXTENSION): it has no user
   * pointer to copy to, and a bitmap answer has 31 usable bits.
   */
  answers?: string;
  /** For an ioctl: the capability its api.rst section names (`:Capability:`), which userspace checks before using it (KAPI-03). */
  advertisedBy?: string;
  /**
   * For address_space operations: whether every folio leaving the page cache
   * passes through it (free_folio; freepage before it) or only some
   * (invalidate_folio runs for partial ranges and folios with private data,
   * release_folio only with private data) (DM-13).
   */
  everyFolio?: boolean;
  /** What the call (or constant) measures: lets a rule check units (pages vs bytes vs an order) and whose size it is. */
  measures?: Measure;
  /**
   * For per-page APIs that take an offset and a length: the kernel version
   * since which the range may run past the first page of a compound page
   * (the API walks the sub-pages itself). Absent: the range must stay inside
   * the one page given.
   */
  compoundRange?: string;
  /** What a returned address is: the permanent direct-map address (none for a highmem page), or a temporary mapping of one page. */
  maps?: 'direct-map' | 'one-page';
  /** What a test tells: a page or folio is highmem, or larger than one page; or the direct map can be changed here (the gate of DM-01). */
  tests?: 'highmem' | 'large' | 'direct-map';
  /** Per-folio state the call writes: the private field / PG_private, or PG_uptodate. */
  writes?: 'private' | 'uptodate';
  /** The call reads folio->mapping: unusable where the mapping may already be gone (free_folio). */
  readsMapping?: boolean;
  /** For GFP flags: `opportunistic` lets an attempt fail early and quietly (how large orders are tried before a fallback); `highmem` allows highmem pages. */
  gfp?: 'opportunistic' | 'highmem';
  /** For alignment macros: rounds down, rounds up, or tests alignment. */
  aligns?: 'down' | 'up' | 'test';
  /** For aops: the operation may run when folio->mapping is already gone (free_folio, GM-17). */
  mappingGone?: boolean;
}

/**
 * A quantity: pages, bytes, an order (log2 of pages) or an index (a
 * page-cache index or pfn, of the first page when `of` is a folio),
 * of a folio, of an xarray (multi-index) entry, of the smallest folio a
 * mapping holds, or of one page.
 */
export interface Measure {
  unit: 'pages' | 'bytes' | 'order' | 'index';
  of: 'folio' | 'entry' | 'mapping-min' | 'page';
}

/** Argument positions of a call, by meaning. */
export interface ArgRoles {
  /** A `struct page *`: a per-page API given `&folio->page` touches the first page only. */
  page?: number;
  /** A number of pages. */
  count?: number;
  /** A `valid`/`enable` flag that turns a removal into a restore. */
  valid?: number;
  /** GUP / allocation flags. */
  flags?: number;
  /** An allocation order. */
  order?: number;
  /** A kernel virtual address (or the start of a range). */
  addr?: number;
  /** A length in bytes. */
  bytes?: number;
  /** A byte offset into the page or folio. */
  offset?: number;
  /** A `struct folio *`. */
  folio?: number;
  /** Which page of a folio (a page number in it, or a page-cache index it masks). */
  index?: number;
  /** The kernel buffer a user copy fills: what it holds afterwards is controlled by user space. */
  userData?: number;
  /** The `struct page **` array a GUP call fills: its pages carry the call's reference (get or pin) until released the same way. */
  pages?: number;
  /** A gfp mask: the call may sleep unless the mask forbids direct reclaim (GFP_ATOMIC, GFP_NOWAIT). */
  gfp?: number;
}

/** What one call does, resolved against its arguments and the file it is in. */
export interface CallMeaning {
  entry: ModelEntry;
  /** The role for these arguments (`set_direct_map_valid_noflush(p, n, true)` restores). */
  role: Role;
  concept: Concept;
  granularity?: ModelEntry['granularity'];
  /** The call flushes the kernel TLB itself on the file's architecture; in generic code, on every architecture. */
  flushesTlb: boolean;
  /** For TLB flushes: all CPUs or only the local one. */
  flushScope?: 'all' | 'local';
  flushTarget?: 'kernel' | 'user' | 'guest';
  /** Whether a caller must check the result. */
  mayFail: boolean;
  /** The argument texts by meaning, for these arguments. */
  page?: string;
  count?: string;
  flags?: string;
  order?: string;
  addr?: string;
  bytes?: string;
  offset?: string;
  folio?: string;
  index?: string;
  userData?: string;
  gfp?: string;
}

/** One number claimed in a registry (a bit, a capability number, an ioctl nr) by mainline or a series. */
export interface RegistryClaim {
  registry: string;
  symbol: string;
  value: string;
  numeric: bigint;
  status: SymbolStatus;
  source: string;
  /** What the claim is about when it is worth saying (`moved to 11 in v9`). */
  note?: string;
}

/** A fact of MODEL.md §2 (GUP-03, DM-06…), by id, with its sources. */
export interface Fact {
  id: string;
  text: string;
  sources: string[];
}

/**
 * Facts of one base kernel about the files protected-memory series touch
 * (issue 10 §2): what a diff cannot show but a rule needs to judge it. Read
 * from the kernel's own files (scripts/extract-facts.mjs for 6.12, a tree with
 * --tree) or written by hand with a source per fact (later kernels).
 */
export interface KernelFacts {
  /** `6.12`: the version the facts are selected for (major.minor). */
  kernel: string;
  /** Where the facts as a whole come from (the extraction input, or the sources of hand-written facts). */
  source: string;
  /** Numbers the base assigns in each registry (capabilities, ioctls, flag bits, AS_*, FOLL_*, VM types…). */
  numbers: BaseNumber[];
  /** address_space_operations guest_memfd and secretmem install. */
  aops: BaseAops[];
  /** Where guest_memfd accepts creation flags; undefined when the base has no guest_memfd. */
  flagsMask?: FlagsMask;
  /** Whether each arch's direct-map and set_memory_*() setters flush the TLB inside. */
  setters: SetterFlush[];
  /**
   * Registries whose numbers are handed out in sequence (KVM_CAP_*): every
   * number up to this one is taken in the base, even where the facts do not
   * name its symbol.
   */
  highest?: Record<string, { numeric: bigint; source: string }>;
  /**
   * Registries whose numbers are bit positions in a capability's answer
   * (KVM_CAP_VM_TYPES returns a bitmap of VM types): a number must fit the
   * answer, a positive int, and gaps waste bits every later number needs.
   */
  bitmaps?: BitmapRegistry[];
}

/** A registry numbered by bit position in what a capability returns (api.rst). */
export interface BitmapRegistry {
  registry: string;
  capability: string;
  /** Usable bits: KVM_CHECK_EXTENSION returns a positive int, so 31. */
  bits: number;
  source: string;
}

/** A number the base kernel assigns in a registry. */
export interface BaseNumber {
  registry: string;
  symbol: string;
  /** Source text of the value, e.g. `234`, `_IOWR(KVMIO, 0xd4, struct kvm_create_guest_memfd)`, `AS_STABLE_WRITES + 1`. */
  value: string;
  /** The number within the registry: the bit index for flag registries, the nr for ioctls (numbers.ts). */
  numeric: bigint;
  /** The kernel file defining it. */
  file: string;
  source: string;
}

/** One `struct address_space_operations` initialiser of the base kernel. */
export interface BaseAops {
  variable: string;
  file: string;
  /** Operation → the function installed, e.g. `free_folio` → `kvm_gmem_free_folio`. */
  ops: Record<string, string>;
  /** Operation → the `#if` condition it is installed under. */
  guards: Record<string, string>;
  /**
   * Function installed → the calls its base body makes, callee and argument
   * texts (secretmem_free_folio restores the direct map): what a series that
   * leaves the function alone still runs. Absent for functions of other files.
   */
  calls?: Record<string, { callee: string; args: string[] }[]>;
  source: string;
}

/** Where guest_memfd decides which creation flags it accepts (MODEL.md GM-05). */
export interface FlagsMask {
  /** `variable`: a local mask in the creation function (6.8–6.17 `valid_flags`); `function`: a helper returning the mask (6.18+). */
  kind: 'variable' | 'function';
  /** `valid_flags`, `kvm_gmem_get_supported_flags`. */
  name: string;
  /** The function holding the variable, or the helper itself. */
  function: string;
  /** The file `function` is defined in. */
  file: string;
  /** The function rejecting `flags & ~mask` with -EINVAL (`kvm_gmem_create`, `__kvm_gmem_create`). */
  checkedIn: string;
  /** The flags the base accepts. */
  flags: string[];
  /** The capability whose KVM_CHECK_EXTENSION answer is the mask (6.18: KVM_CAP_GUEST_MEMFD_FLAGS); none before. */
  reportedBy?: string;
  source: string;
}

/** Whether one arch's setter flushes the kernel TLB itself (set_direct_map_*(), set_memory_*()). */
export interface SetterFlush {
  arch: string;
  symbol: string;
  file: string;
  /** It flushes what it changed on every CPU: callers need no flush of their own. */
  flushes: boolean;
  /** It flushes the calling CPU only (x86 __kernel_map_pages()): other CPUs keep stale entries. */
  local?: true;
  source: string;
}

/** Where a function is installed as an address_space operation in the base. */
export interface InstalledAop {
  variable: string;
  file: string;
  op: string;
  /** `#if` condition the field sits under, if any. */
  guard?: string;
}

/** The facts of the selected base kernel with the questions rules ask of them. */
export interface BaseFacts extends KernelFacts {
  /** The number `symbol` has in the base. */
  number(symbol: string): BaseNumber | undefined;
  /** Base symbols of `registry` with this number. */
  claimants(registry: string, numeric: bigint): BaseNumber[];
  /** The highest number the base has taken in a sequential registry, if it is one. */
  highestTaken(registry: string): bigint | undefined;
  /** The operation a function is installed as, e.g. `kvm_gmem_free_folio` → free_folio of kvm_gmem_aops. */
  installedAs(fn: string): InstalledAop | undefined;
  /** Whether `symbol` flushes inside on `arch`; undefined when the facts do not say. */
  setterFlushes(symbol: string, arch: string): boolean | undefined;
  /**
   * The flags masks to look for in a series: this base's first, then those of
   * the other known kernels (a series is often written on a newer base than
   * the one selected).
   */
  flagsMasks: FlagsMask[];
}

/** The model selected for one kernel version. */
export interface Model {
  /** Kernel version facts were selected for, e.g. `6.12`. */
  kernel: string;
  entries: ModelEntry[];
  bySymbol: ReadonlyMap<string, ModelEntry>;
  claims: RegistryClaim[];
  facts: ReadonlyMap<string, Fact>;
  /**
   * Facts of the base kernel (issue 10 §2): those of the nearest known kernel
   * at or before `kernel`, or of the tree given with --tree. Undefined for a
   * kernel older than every known one.
   */
  base?: BaseFacts;
  /** The same model with the base facts of a tree instead of the known ones. */
  withBase(facts: KernelFacts): Model;
  /** True when the line mentions any design symbol (not the general `kernel` vocabulary): the cheap prefilter. */
  mentions(text: string): boolean;
  /** Whether a patch's diff is reviewed: it names a design symbol or touches mm, KVM or their arch code and headers (scope.ts). */
  inScope(diffText: string): boolean;
  /** Whether a symbol exists in the selected kernel (mainline at or before `kernel`). */
  inKernel(symbol: string): boolean;
  /** What a call does: the one question rules ask of the model (see query.ts). */
  meaning(callee: string, args: readonly string[], file: string): CallMeaning | undefined;
  /** The same model with more entries (wrappers the series defines, facts of a tree); the base is not changed. */
  extend(entries: readonly ModelEntry[]): Model;
}
