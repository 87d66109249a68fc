import { quote, type Diagnostic, type Severity } from '../../common/index.js';
import type { Finding, FindingDraft, Rule, RuleContext } from '../types.js';
import type { Config } from './config.js';
import { fingerprintOf } from './fingerprint.js';
import { lineAt } from '../lib/locate.js';

export interface RunResult {
  findings: Finding[];
  diagnostics: Diagnostic[];
}

/** Runs every enabled rule on one series; a rule that throws becomes a diagnostic, not a crash. */
export function runRules(rules: readonly Rule[], ctx: RuleContext, config: Config): RunResult {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id] ?? config.rules[rule.meta.name];
    if (setting === 'off') continue;
    let drafts: FindingDraft[];
    try {
      drafts = rule.check(ctx);
    } catch (e) {
      // Named like every diagnostic (input, message, line); the error may quote input, so it is cut like a quote.
      const first = ctx.series.patches[0];
      diagnostics.push({
        severity: 'error',
        message: `rule ${rule.meta.id} failed on series ${quote(`"${ctx.series.id}"`)}: ${quote((e as Error).message)}`,
        input: first?.input,
        messageId: first?.messageId,
        inputLine: first?.line,
      });
      continue;
    }
    for (const draft of drafts) {
      if (!onReportableLine(rule, draft, ctx)) continue;
      const finding = complete(rule, draft, setting);
      const key = `${finding.ruleId}|${finding.location.patchIndex}|${finding.location.file}|${finding.location.line}|${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  findings.sort(byLocation);
  return { findings, diagnostics };
}

function complete(rule: Rule, draft: FindingDraft, setting: Severity | undefined): Finding {
  const refs = [...new Set([...(draft.refs ?? []), ...rule.meta.refs])];
  return {
    ruleId: rule.meta.id,
    category: rule.meta.category,
    severity: setting ?? draft.severity ?? rule.meta.severity,
    message: draft.message,
    fix: draft.fix ?? rule.meta.fix,
    refs,
    fingerprint: fingerprintOf(rule.meta.id, draft.location),
    location: draft.location,
    evidence: draft.evidence ?? [],
  };
}

/**
 * Line and function rules report on added lines only: context and deleted
 * lines are evidence, never the place a reviewer comments on.
 */
function onReportableLine(rule: Rule, draft: FindingDraft, ctx: RuleContext): boolean {
  if (rule.meta.scope !== 'line' && rule.meta.scope !== 'function') return true;
  const loc = draft.location;
  if (loc.side !== 'new') return false;
  const patch = ctx.series.patches.find((p) => p.index === loc.patchIndex);
  if (!patch) return false;
  const pl = lineAt(patch, loc.file, loc.line, 'new');
  return pl?.line.kind === 'add';
}

export function byLocation(a: Finding, b: Finding): number {
  return (
    a.location.patchIndex - b.location.patchIndex ||
    a.location.file.localeCompare(b.location.file) ||
    a.location.line - b.location.line ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
