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
