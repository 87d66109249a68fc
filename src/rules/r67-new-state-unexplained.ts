import type { DiffPatch } from '../diff/index.js';
import type { Location } from '../model/index.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';
import { addedLines, escapeRe, isErrorValue, locateCode, locationOf, type PatchLine } from './lib/index.js';

const STRUCT_OPEN = /^\s*(?:typedef\s+)?(?:struct|union)\s+\w*\s*\{\s*(?:\/[*/].*)?$/;
const STRUCT_CLOSE = /^\s*\}\s*[\w\s]*;/;
/** A member declaration: `type [*]name[;[N]][: bits];` with an optional trailing comment. */
const MEMBER = /^\s*(?:const\s+|volatile\s+|unsigned\s+|signed\s+|struct\s+|union\s+|enum\s+)*[A-Za-z_]\w*\s+\**\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*(?::\s*\d+)?\s*;\s*(?:\/[*/].*)?$/;

/** Struct members a patch adds to an existing file: the new state it introduces. */
function addedMembers(patch: DiffPatch): { name: string; pl: PatchLine }[] {
  const out: { name: string; pl: PatchLine }[] = [];
  for (const file of patch.files) {
    // A file added whole is a new feature: its state is what the patch is about.
    // uAPI structs hold what userspace passes in, not kernel state.
    if (file.status === 'added' || file.oldPath === null || !/\.[ch]$/.test(file.path) || /(^|\/)uapi\//.test(file.path)) continue;
    for (const hunk of file.hunks) {
      // git names the enclosing struct in the hunk header when its opening line is above the hunk.
      let inStruct = STRUCT_OPEN.test(hunk.header.trim());
      for (const line of hunk.lines) {
        if (line.kind === 'del') continue;
        // Only members added to a struct the base kernel has: a new struct is the change itself.
        if (STRUCT_OPEN.test(line.text)) inStruct = line.kind === 'context';
        else if (STRUCT_CLOSE.test(line.text)) inStruct = false;
        else if (inStruct && line.kind === 'add') {
          const m = MEMBER.exec(line.text);
          if (m && m[1]!.length >= 4) out.push({ name: m[1]!, pl: { file, hunk, line } });
        }
      }
    }
  }
  return out;
}

/** The words of an identifier a changelog would use for it (`need_init` → need, init). */
const wordsOf = (name: string): string[] => name.toLowerCase().split(/_+|(?<=[a-z])(?=[A-Z])/).filter((w) => w.length >= 3);

/** The refusals the patch builds on a member: an errno returned under a condition that reads it. */
function refusalsOn(ctx: RuleContext, patch: DiffPatch, name: string): Location[] {
  const access = new RegExp(`(?:->|\\.)\\s*${escapeRe(name)}\\b`);
  const out: Location[] = [];
  for (const view of ctx.views(patch)) {
    for (const fn of view.post) {
      for (const s of fn.statements) {
        if (s.kind !== 'return' || s.line.kind !== 'add' || !isErrorValue(s.target) || !s.guards[0] || !access.test(s.guards[0])) continue;
        out.push(locateCode(patch, view.file, s.line, fn.name));
      }
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'R67',
    name: 'new-state-unexplained',
    category: 'series-hygiene',
    scope: 'patch',
    severity: 'info',
    concepts: ['kernel'],
    summary: 'A patch adds a struct member and refuses an operation with it (new state and new behaviour) while neither its subject nor its changelog mentions it: a second logical change hidden in the patch.',
    fix: 'Put the new state and the behaviour built on it in a patch of their own, with a changelog that says what it refuses and why (submitting-patches.rst "Separate your changes").',
    refs: ['SUB-03', 'lore:20240215011957.4bidufstf4mp5jij@amd.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      const told = `${patch.subject}\n${patch.commitMessage}`.toLowerCase();
      for (const { name, pl } of addedMembers(patch)) {
        const words = wordsOf(name);
        if (!words.length || words.some((w) => new RegExp(`\\b${escapeRe(w)}`).test(told))) continue;
        // State the kernel keeps: the patch sets it somewhere (an input would be copied in, not assigned).
        const set = new RegExp(`(?:->|\\.)\\s*${escapeRe(name)}\\s*=[^=]`);
        if (![...addedLines(patch)].some((a) => set.test(a.line.text))) continue;
        const refusals = refusalsOn(ctx, patch, name);
        if (!refusals.length) continue;
        const first = refusals[0]!;
        out.push({
          location: locationOf(patch, pl),
          message: `the patch adds ${name} and makes ${first.function ?? 'a function'}() fail with it (${first.file}:${first.line}), but neither the subject nor the changelog says so: new state with its own behaviour is a logical change of its own and belongs in a separate patch that explains it.`,
          evidence: refusals,
        });
      }
    }
    return out;
  },
};
