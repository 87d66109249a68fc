/** The fixed finding categories of ../shared/design/ARCHITECTURE.md. */
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

/** Where in a patch something is. Shared by touches and findings. */
export interface Location {
  /** 1-based patch index in its series (0 for the cover letter). */
  patchIndex: number;
  messageId?: string;
  subject: string;
  file: string;
  /** New-side line for added/context lines, old-side for deleted lines. */
  line: number;
  side: 'new' | 'old';
  /** Enclosing C function, when known. */
  function?: string;
  /** The line's text (without diff marker). */
  text: string;
  /** 1-based line in the input mbox, when known. */
  inputLine?: number;
}

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
  | { kind: 'local'; where: string };

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

/** The model selected for one kernel version. */
export interface Model {
  /** Kernel version facts were selected for, e.g. `6.12`. */
  kernel: string;
  entries: ModelEntry[];
  bySymbol: ReadonlyMap<string, ModelEntry>;
  claims: RegistryClaim[];
  facts: ReadonlyMap<string, Fact>;
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
