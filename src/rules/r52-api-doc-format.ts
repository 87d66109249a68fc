import type { FindingDraft, Rule } from './types.js';
import { locationOf, patchLines, type PatchLine } from './lib/index.js';

const KVM_DOC = /^Documentation\/virt\/kvm\/.*\.rst$/;
/** `4.141 KVM_CREATE_GUEST_MEMFD`: an ioctl section of api.rst (chapter 4). */
const IOCTL_SECTION = /^4\.\d+\s+(KVM_[A-Z0-9_]+)/;
const FIELD = /^:([A-Za-z]+):\s*(.*)$/;
/** The fields every ioctl section of api.rst starts with (132 of 132 in 6.12 but three). */
const REQUIRED = ['Capability', 'Architectures', 'Type', 'Parameters', 'Returns'];
/** `struct foo(in)`: the direction glued to the type. */
const GLUED = /\b([A-Za-z_]\w*)\((in|out|in\/out)\)/;
const REPEATED = /\b([A-Za-z]{2,})\s+\1\b/i;

export const rule: Rule = {
  meta: {
    id: 'R52',
    name: 'api-doc-format',
    category: 'kernel-style',
    scope: 'line',
    severity: 'warning',
    concepts: ['registry'],
    summary: 'A KVM api.rst entry that breaks the file\'s conventions: `struct foo(in)` without the space, a repeated word in a field, or a new ioctl section without one of :Capability:, :Architectures:, :Type:, :Parameters:, :Returns:.',
    fix: 'Write the fields as the rest of api.rst does: `:Parameters: struct kvm_foo (in)`, and give a new ioctl section all five fields.',
    refs: ['KAPI-01', 'lore:ZT9lQ9c7Bik6FIpw@chao-email', 'lore:CA+EHjTx1LR5ncsbtis89GZiEcpCFvLBW0G8EuzbyjUNNZiqxxQ@mail.gmail.com'],
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const patch of ctx.series.patches) {
      const lines = [...patchLines(patch)].filter((pl) => KVM_DOC.test(pl.file.path) && pl.line.kind !== 'del');
      for (const [i, pl] of lines.entries()) {
        if (pl.line.kind !== 'add') continue;
        const field = FIELD.exec(pl.line.text);
        if (field) {
          const glued = GLUED.exec(field[2]!);
          if (glued) out.push({ location: locationOf(patch, pl), message: `:${field[1]}: writes "${glued[0]}": api.rst separates the direction from the type, "${glued[1]} (${glued[2]})".`, fix: `Write "${glued[1]} (${glued[2]})".` });
          const twice = REPEATED.exec(field[2]!);
          if (twice) out.push({ location: locationOf(patch, pl), message: `:${field[1]}: repeats "${twice[1]}" ("${twice[0]}").` });
          continue;
        }
        const section = IOCTL_SECTION.exec(pl.line.text);
        if (section && /^-{4,}\s*$/.test(lines[i + 1]?.line.text ?? '')) {
          const missing = missingFields(lines, i + 2);
          if (missing.length) out.push({ location: locationOf(patch, pl), message: `the new api.rst section for ${section[1]} has no ${missing.map((f) => `:${f}:`).join(', ')} field${missing.length > 1 ? 's' : ''}; every ioctl section starts with ${REQUIRED.map((f) => `:${f}:`).join(' ')}.` });
        }
      }
    }
    return out;
  },
};

/** The required fields absent from the field block after a section heading (only when the patch shows the whole block). */
function missingFields(lines: PatchLine[], from: number): string[] {
  const seen = new Set<string>();
  let started = false;
  for (let j = from; j < lines.length && j < from + 12; j++) {
    const text = lines[j]!.line.text;
    if (lines[j]!.hunk !== lines[from - 2]!.hunk) return [];
    const f = FIELD.exec(text);
    if (f) {
      seen.add(f[1]!);
      started = true;
      continue;
    }
    if (started && text.trim() === '') return REQUIRED.filter((r) => !seen.has(r));
    if (started || text.trim() !== '') break;
  }
  return started ? REQUIRED.filter((r) => !seen.has(r)) : [];
}
