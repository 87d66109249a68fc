import type { FindingDraft, Rule } from './types.js';
import { patchLevelLocation } from './lib/index.js';

/** Lines that open a version changelog: `v2:`, `v1 -> v2:`, `Changes since v1`, `Changes in v3:`, `Changelog:`. */
const VERSION_NOTES = [
  /^\s*\[?v\d+\]?\s*(?::|->|→|-\s)/i,
  /^\s*v\d+\s*(?:->|→|to)\s*v\d+\b/i,
  /^\s*changes?\s+(?:since|from|in|for|vs\.?)\s+(?:v\d+|version\s+\d+|(?:the\s+)?(?:last|previous)\s+(?:version|revision|posting))/i,
  /^\s*change\s*log\s*:?\s*$/i,
];

export const rule: Rule = {
  meta: {
    id: 'R58',
    name: 'changelog-above-fold',
    category: 'series-hygiene',
    scope: 'patch',
    severity: 'warning',
    concepts: ['registry'],
    summary: 'The commit message carries the version changelog ("v2: …", "Changes since v1") that belongs below the --- line.',
    fix: 'Move the per-version notes below the --- line (or into the cover letter); git keeps only what is above it.',
    refs: ['SUB-01', 'lore:c549a9af-cd5f-fd77-1af6-a10b30dd3256@google.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      const line = patch.commitMessage.split('\n').find((l) => VERSION_NOTES.some((re) => re.test(l)));
      if (!line) continue;
      out.push({ location: patchLevelLocation(patch), message: `the commit message carries version notes ("${line.trim()}"): they belong below the --- line, where git does not record them.` });
    }
    return out;
  },
};
