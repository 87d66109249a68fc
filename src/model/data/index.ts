import type { ModelEntry } from '../types.js';
import { ASI } from './asi.js';
import { DIRECT_MAP } from './direct-map.js';
import { FOLIO } from './folio.js';
import { GUEST_MEMFD } from './guest-memfd.js';
import { GUP } from './gup.js';
import { KPE_2020 } from './kpe-2020.js';
import { SECRETMEM } from './secretmem.js';
import { TLB } from './tlb.js';
import { SET_MEMORY } from './set-memory.js';
import { KERNEL } from './kernel.js';
import { PAGES } from './pages.js';
import { KVM_UAPI } from './kvm-uapi.js';

export { FACTS } from './facts.js';
export { buildClaims } from './claims.js';
export { KERNELS } from './kernels/index.js';

/** Every model entry, concept by concept. */
export const ENTRIES: readonly ModelEntry[] = [...GUP, ...GUEST_MEMFD, ...DIRECT_MAP, ...TLB, ...FOLIO, ...ASI, ...KPE_2020, ...SECRETMEM, ...SET_MEMORY, ...KVM_UAPI, ...KERNEL, ...PAGES];
