import type { FindingDraft, Rule } from './types.js';
import { addedLines, locationOf, patchLevelLocation, touchedPaths } from './lib/index.js';

const MM = /^(mm\/|include\/linux\/(mm|pagemap|set_memory|gfp|secretmem)\w*\.h$)/;
const KVM = /^(virt\/kvm\/|arch\/[^/]+\/kvm\/|include\/linux\/kvm\w*\.h$)/;
const MERGE_PATH = /mm[- ]tree|kvm[- ]tree|kvm-x86|mm-unstable|mm-new|topic branch|merge (?:path|plan)|through the (?:mm|kvm)|via the (?:mm|kvm)|based on|base-commit|applies on/i;

export const rule: Rule = {
  meta: {
    id: 'R30',
    name: 'cross-tree-and-rfc-dependency',
    category: 'series-hygiene',
    scope: 'series',
    severity: 'info',
    concepts: ['guest-memfd', 'direct-map', 'asi', 'kpe-2020'],
    summary: 'The series spans the mm and KVM trees without stating its merge path, or uses identifiers that exist only in RFCs or in-flight series.',
    fix: 'Say in the cover letter which tree takes which patches (or ask for a topic branch), and name the series this one depends on with its version and link.',
    refs: ['DM-11', 'ASI-06', 'S15', 'S22'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const s = ctx.series;
    const paths = touchedPaths(ctx);
    const first = s.patches[0];
    if (!first) return out;
    const text = [s.cover?.body ?? '', s.baseCommit ? 'base-commit' : '', first.commitMessage].join('\n');
    if (paths.some((p) => MM.test(p)) && paths.some((p) => KVM.test(p)) && !MERGE_PATH.test(text)) {
      out.push({ location: patchLevelLocation(first), message: 'the series changes both mm and KVM code but does not say which tree should take it (mm, kvm, or a shared topic branch).' });
    }
    const defined = new Set<string>();
    for (const p of s.patches) {
      for (const pl of addedLines(p)) {
        const t = pl.line.text;
        const m = /^\s*#\s*define\s+(\w+)/.exec(t) ?? /^\s*(\w+)\s*=/.exec(t) ?? (/^[A-Za-z_]/.test(t) && !/;\s*$/.test(t) ? /\b(\w+)\s*\(/.exec(t) : null);
        if (m) defined.add(m[1]!);
      }
    }
    const seen = new Set<string>();
    for (const patch of s.patches) {
      for (const pl of addedLines(patch)) {
        if (!ctx.model.mentions(pl.line.text)) continue;
        for (const word of pl.line.text.match(/\b[A-Za-z_]\w{3,}\b/g) ?? []) {
          if (seen.has(word) || defined.has(word)) continue;
          const entry = ctx.model.bySymbol.get(word);
          if (!entry || (entry.status.kind !== 'rfc-only' && entry.status.kind !== 'series')) continue;
          seen.add(word);
          const st = entry.status;
          out.push({
            location: locationOf(patch, pl),
            message: `${word} exists only in ${st.kind === 'series' ? `an in-flight series (${st.series} ${st.version})` : `an RFC (${st.year})`}, not in Linux ${ctx.model.kernel}: this patch depends on that series landing first.`,
            refs: [entry.source],
          });
        }
      }
    }
    return out;
  },
};
