import type { Diagnostic } from '../common/index.js';
import type { DiffPatch, DiffSeries } from '../diff/index.js';
import type { FileView } from '../code/index.js';
import type { Severity } from '../common/index.js';
import type { Category, Concept, KernelFacts, Location, Model, Touch } from '../model/index.js';

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


export interface RuleMeta {
  /** `R01` … `R30`, or `checkpatch/<TYPE>`. */
  id: string;
  /** Kebab-case name from MODEL.md, e.g. `folio-single-page`. */
  name: string;
  category: Category;
  scope: RuleScope;
  severity: Severity;
  concepts: Concept[];
  /** One line: what the rule detects. */
  summary: string;
  /** Default fix text. */
  fix: string;
  /** Model fact ids and sources the rule rests on. */
  refs: string[];
}

/** What a rule returns; the engine fills rule id, category, fingerprint and defaults. */
export interface FindingDraft {
  location: Location;
  message: string;
  severity?: Severity;
  fix?: string;
  refs?: string[];
  evidence?: Location[];
}

/**
 * Facts read from a kernel tree (issue 6); absent without --tree. The review
 * puts `base` in place of the model's known facts (Model.withBase), so rules
 * read base facts from `ctx.model.base` whether they come from a tree or not.
 */
export interface TreeFacts {
  kernel?: string;
  /** The tree's facts, read by the extraction pmreview ships 6.12's with. */
  base?: KernelFacts;
  /** Whole post-image C views by patch index, when the series applied. */
  views?: Map<number, FileView[]>;
}

export interface RuleContext {
  series: DiffSeries;
  model: Model;
  /** The C views of one patch (lazy, parsed once, only files whose hunks mention model symbols). */
  views(patch: DiffPatch): FileView[];
  /** Design touches of the whole series, from the matcher. */
  touches: Touch[];
  tree?: TreeFacts;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): FindingDraft[];
}
