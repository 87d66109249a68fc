import type { Diagnostic } from '../common/index.js';
import type { DiffSeries } from '../diff/index.js';
import type { Severity } from '../common/index.js';
import type { Category, Location, Touch } from '../model/index.js';

export type RuleScope = 'line' | 'function' | 'patch' | 'series';

export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  /** What is wrong, one sentence, as a reviewer would say it. */
  message: string;
  /** What to do instead. */
  fix: string;
  /** Model fact ids and sources (lore Message-IDs, kernel paths). */
  refs: string[];
  /** Stable across rebases: rule id + file + function + normalised line text. */
  fingerprint: string;
  location: Location;
  /** Other lines that support the finding (context, deleted lines, other patches). */
  evidence: Location[];
  /** Set by version comparison. */
  status?: 'new' | 'present' | 'fixed';
}

/** Everything one run found: the input of every report format and publisher. */
export interface Review {
  series: DiffSeries[];
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** Design touches per series (from the model matcher), for `map` and the HTML report. */
  touches: Touch[];
  /** Messages read from all inputs. */
  messages: number;
  /** Findings of an earlier version that are gone in this one (version comparison). */
  fixed?: Finding[];
}
