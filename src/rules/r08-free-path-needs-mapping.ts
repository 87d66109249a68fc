import type { FindingDraft, Rule } from './types.js';
import { boundAops, locateCode, postFunctions } from './lib/index.js';

const MAPPING = /folio->mapping|folio_inode\s*\(|mapping->host|folio_mapping\s*\(|folio_file_mapping\s*\(/;

export const rule: Rule = {
  meta: {
    id: 'R08',
    name: 'free-path-needs-mapping',
    category: 'direct-map-lifecycle',
    scope: 'function',
    severity: 'warning',
    concepts: ['guest-memfd', 'folio'],
    summary: 'A free_folio implementation dereferences folio->mapping, folio_inode() or mapping->host, or free_folio is changed to take the address_space.',
    fix: 'Keep the state free_folio needs in the folio itself (a bit in folio->private); the mapping may already be gone when free_folio runs.',
    refs: ['GM-17', 'DM-07', 'S11'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const bound = boundAops(ctx);
    for (const { patch, view, fn } of postFunctions(ctx)) {
      const isFree = bound.get(fn.name) === 'free_folio' || /_free_folio$/.test(fn.name);
      if (!isFree) continue;
      if (fn.params.some((p) => /address_space/.test(p))) {
        const s = fn.statements[0];
        if (s) out.push({ location: locateCode(patch, view.file, s.line, fn.name), message: `${fn.name}() takes the address_space: passing it to ->free_folio was dropped from the series because it races with freeing of the address_space.` });
      }
      for (const s of fn.statements) {
        if (s.line.kind !== 'add' || !MAPPING.test(s.text)) continue;
        out.push({ location: locateCode(patch, view.file, s.line, fn.name), message: `${fn.name}() is the free_folio operation but reaches the folio's mapping (${MAPPING.exec(s.text)![0]}); by the time free_folio runs the mapping can be gone.` });
        break;
      }
    }
    return out;
  },
};
