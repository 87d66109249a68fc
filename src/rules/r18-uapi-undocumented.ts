import type { FindingDraft, Rule } from './types.js';
import { addedLines, locationOf, newUapiNumbers, wholeSeries } from './lib/index.js';

const API_DOC = /^Documentation\/virt\/kvm\//;
/** Identifiers written like C constants: what api.rst names when it documents uAPI. */
const DOC_IDENT = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

export const rule: Rule = {
  meta: {
    id: 'R18',
    name: 'uapi-undocumented',
    category: 'new-flag',
    scope: 'series',
    severity: 'warning',
    concepts: ['guest-memfd', 'registry'],
    summary: 'New KVM uAPI (guest_memfd flag, capability, memory attribute, ioctl) without a hunk in Documentation/virt/kvm/api.rst, or documentation naming an identifier the header does not define.',
    fix: 'Add an api.rst entry for every new flag/capability/ioctl, with its limitations, spelled exactly as in the header.',
    refs: ['GM-04', 'GM-05', 'S16'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const docLines = ctx.series.patches.flatMap((patch) => [...addedLines(patch)].filter((pl) => API_DOC.test(pl.file.path)).map((pl) => ({ patch, pl })));
    const documented = new Set(docLines.flatMap(({ pl }) => pl.line.text.match(DOC_IDENT) ?? []));
    const fresh = newUapiNumbers(ctx);
    // Documentation may be in a patch of the series that is not in the input.
    for (const n of wholeSeries(ctx) ? fresh : []) {
      if (documented.has(n.name)) continue;
      out.push({ location: n.location, message: `${n.name} is new uAPI but Documentation/virt/kvm/api.rst does not describe it${docLines.length ? ' (the series edits api.rst but not for this name)' : ''}.` });
    }
    const defined = new Set(fresh.map((n) => n.name));
    for (const { patch, pl } of docLines) {
      for (const ident of pl.line.text.match(DOC_IDENT) ?? []) {
        if (defined.has(ident) || ctx.model.bySymbol.has(ident) || ctx.model.inKernel(ident)) continue;
        const near = [...defined].find((d) => editDistance(d, ident) <= 2);
        if (!near) continue;
        out.push({ location: locationOf(patch, pl), message: `api.rst names ${ident}, which the header does not define; the series defines ${near}.`, fix: `Spell it ${near}.` });
      }
    }
    return out;
  },
};
