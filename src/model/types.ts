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
  | { kind: 'rfc-only'; year: number };

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
  /** True when the line mentions any model symbol: the cheap prefilter. */
  mentions(text: string): boolean;
  /** Whether a symbol exists in the selected kernel (mainline at or before `kernel`). */
  inKernel(symbol: string): boolean;
}
