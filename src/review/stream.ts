import { RecentMap, RECENT_SERIES, type Diagnostic } from '../common/index.js';
import type { Source } from '../source/index.js';
import { versionKeys, type Series } from '../series/index.js';
import { compareFindings, type Finding } from '../rules/index.js';
import { placeFindings, placeTouches } from './place.js';
import { assembleSources } from './read.js';
import { diagnosticsOf, isRelevant, reviewOne, type SeriesContext } from './series.js';
import type { InputOptions, ReviewCallbacks } from './types.js';

/**
 * Line-mode review (`--format rdjsonl`): each series is reviewed as soon as
 * the assembler completes it and handed to `on.onPart` with its findings,
 * then dropped, so memory stays flat however large the archive. Every version
 * is reported as it arrives, its findings marked against the previous version
 * seen. Returns the number of messages read.
 */
export async function streamSources(sources: Source[], ctx: SeriesContext, input: InputOptions, on: ReviewCallbacks): Promise<number> {
  const previous = new RecentMap<string, Finding[]>(RECENT_SERIES);
  const note = (d: Diagnostic): void => {
    if (d.severity !== 'info') on.onDiagnostic?.(d);
  };
  const keyOf = versionKeys();
  const review = async (s: Series): Promise<void> => {
    const r = await reviewOne(s, ctx, isRelevant(s, ctx));
    const key = keyOf(s);
    const before = previous.get(key);
    const findings = before ? compareFindings(before, r.findings).findings : r.findings;
    previous.set(key, r.findings);
    const diagnostics = diagnosticsOf(r);
    diagnostics.forEach(note);
    on.onSeries?.(r.series, findings, r.touches);
    on.onPart?.({ series: [r.series], findings: placeFindings(findings, r.series, 0), diagnostics, touches: placeTouches(r.touches, r.series, 0), messages: 0 });
  };
  return assembleSources(sources, input, on, review, note);
}
