import type { FindingDraft, Rule } from './types.js';
import { addedLines, entriesIn, locationOf } from './lib/index.js';

const GENERIC = /^(virt\/kvm\/|include\/linux\/|include\/uapi\/|mm\/)/;
const ARCH = /^arch\/([^/]+)\//;
/** Lines that switch a feature on for an architecture: KVM arch-hook overrides, Kconfig selects of HAVE_/ARCH_ symbols. */
const ENABLE = /#\s*define\s+kvm_arch_\w+|^\s*select\s+(HAVE|ARCH)_\w+|ARCH_HAS_\w+/;
const DEFINE = /^\s*#\s*define\s+(\w+)\s+(.+?)\s*$/;

export const rule: Rule = {
  meta: {
    id: 'R17',
    name: 'arch-enablement-bundled',
    category: 'series-hygiene',
    scope: 'patch',
    severity: 'warning',
    concepts: ['guest-memfd', 'direct-map'],
    summary: 'A generic KVM/mm patch also switches the feature on for an architecture, or its generic default enables it on every architecture.',
    fix: 'Make the generic default return false and add one "KVM: x86: …" / "KVM: arm64: …" patch per architecture once it is known to work.',
    refs: ['S16', 'S12'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      const paths = patch.files.map((f) => f.path);
      const generic = paths.some((p) => GENERIC.test(p));
      const arches = new Set(paths.map((p) => ARCH.exec(p)?.[1]).filter((a): a is string => Boolean(a)));
      for (const pl of addedLines(patch)) {
        const arch = ARCH.exec(pl.file.path)?.[1];
        // The model names the arch opt-in hooks (kvm_arch_gmem_supports_no_direct_map()…).
        if (arch && generic && (ENABLE.test(pl.line.text) || entriesIn(ctx, pl.line.text).some((e) => e.archHook))) {
          out.push({ location: locationOf(patch, pl), message: `this generic patch also enables the feature for ${arch}${arches.size > 1 ? ` (and ${[...arches].filter((a) => a !== arch).join(', ')})` : ''}; reviewers ask for a separate patch per architecture.` });
          break;
        }
        const def = DEFINE.exec(pl.line.text);
        const hook = def && ctx.model.bySymbol.get(def[1]!)?.archHook;
        const on = def && (/^\(?\s*(true|1)\s*\)?$/.test(def[2]!) || entriesIn(ctx, def[2]!).some((e) => e.role === 'check-capability' && e.kind === 'function'));
        if (!arch && /^include\/linux\//.test(pl.file.path) && hook && on) {
          out.push({ location: locationOf(patch, pl), message: 'the generic default enables the feature on every architecture; default to false and let each architecture opt in.' });
        }
      }
    }
    return out;
  },
};
