import type { FindingDraft, Rule } from './types.js';
import { registryNumber, statusText } from '../model/index.js';
import { baseNumbers, seriesNumbers } from './lib/index.js';

export const rule: Rule = {
  meta: {
    id: 'R20',
    name: 'uapi-number-collision',
    category: 'new-flag',
    scope: 'series',
    severity: 'error',
    concepts: ['registry', 'guest-memfd', 'gup'],
    summary: 'A new flag bit, capability number, ioctl number, AS_* or FOLL_* value is already used in the base kernel (error) or claimed by a known in-flight series (info).',
    fix: "Take the next free value in the maintainer's queue, rebase on it, and name the dependency in the cover letter.",
    refs: ['REG-01', 'REG-02', 'REG-03', 'REG-04', 'REG-05', 'S19'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    const added = seriesNumbers(ctx).filter((n) => n.registry && n.numeric !== undefined);
    const addedNames = new Set(added.map((n) => n.name));
    const deleted = new Set(ctx.series.patches.flatMap((p) => baseNumbers(p).filter((b) => b.location.side === 'old').map((b) => b.name)));
    const visibleBase = ctx.series.patches.flatMap(baseNumbers).filter((b) => b.registry && b.numeric !== undefined && !addedNames.has(b.name) && !deleted.has(b.name));
    for (const n of added) {
      const reg = n.registry!;
      const shown = visibleBase.find((b) => b.registry === reg && b.numeric === n.numeric && b.location.file === n.location.file);
      if (shown) {
        out.push({ location: n.location, message: `${n.name} = ${n.value} collides with ${shown.name} = ${shown.value}, defined a few lines away in the base.`, evidence: [shown.location] });
        continue;
      }
      // The base: the tree's headers when --tree is given, else the model's mainline claims for the kernel version.
      const treeReg = ctx.tree?.registries.get(reg);
      if (treeReg) {
        for (const [symbol, value] of treeReg) {
          if (symbol !== n.name && !addedNames.has(symbol) && value === n.numeric) {
            out.push({ location: n.location, message: `${n.name} = ${n.value} collides with ${symbol} in the base tree (same value).` });
          }
        }
      }
      for (const claim of ctx.model.claims) {
        if (claim.symbol === n.name || addedNames.has(claim.symbol) || claim.registry !== reg) continue;
        const value = registryNumber(reg, claim.value) ?? claim.numeric;
        if (value !== n.numeric) continue;
        const inBase = claim.status.kind === 'mainline' && ctx.model.inKernel(claim.symbol);
        if (inBase && treeReg) continue; // the tree is the better witness for the base
        // Removed numbers and abandoned RFCs claim nothing any more; in-flight series and later mainline do.
        if (claim.status.kind === 'removed' || claim.status.kind === 'rfc-only') continue;
        out.push({
          location: n.location,
          severity: inBase ? 'error' : 'info',
          message: inBase
            ? `${n.name} = ${n.value} collides with ${claim.symbol} (${statusText(claim.status)}) in Linux ${ctx.model.kernel}.`
            : `${n.name} = ${n.value} is also claimed by ${claim.symbol} (${statusText(claim.status)}); whichever lands second must move.`,
          refs: [claim.source],
        });
      }
      for (const other of added) {
        if (other === n || other.registry !== reg || other.numeric !== n.numeric || other.name === n.name) continue;
        if (other.location.file !== n.location.file && !/^include\/uapi\//.test(n.location.file)) continue;
        if (other.location.patchIndex > n.location.patchIndex || (other.location.patchIndex === n.location.patchIndex && other.location.line > n.location.line)) continue;
        out.push({ location: n.location, message: `${n.name} = ${n.value} reuses the value of ${other.name}, defined earlier in this series.` });
      }
    }
    return out;
  },
};
