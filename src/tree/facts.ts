import type { Diagnostic } from '../common/index.js';
import { BIT_REGISTRIES, registryOf } from '../model/index.js';
import { scanDefines, scanEnums, scanInitializers, type ScannedValue } from './c-scan.js';
import { gitAt, resolveRev, showBlob } from './git.js';
import { kernelVersionFromMakefile } from './makefile.js';
import type { AopsFact, KernelTree, KernelTreeFacts } from './types.js';

/** Headers whose numbered symbols are the base a series' new numbers are compared with. */
const NUMBER_SOURCES: { file: string; kind: 'defines' | 'enums' | 'both' }[] = [
  { file: 'include/uapi/linux/kvm.h', kind: 'defines' }, // KVM_CAP_*, ioctls, guest_memfd and memslot flags
  { file: 'include/uapi/linux/kvm_para.h', kind: 'defines' }, // KVM_HC_*
  { file: 'include/linux/kvm_host.h', kind: 'defines' }, // in-kernel guest_memfd flags of later kernels
  { file: 'include/linux/pagemap.h', kind: 'enums' }, // enum mapping_flags (AS_*)
  { file: 'include/linux/mm_types.h', kind: 'enums' }, // public FOLL_*
  { file: 'mm/internal.h', kind: 'enums' }, // internal FOLL_* (FOLL_PIN, FOLL_FAST_ONLY…)
];

/** Registries every tree answers for, even when empty (6.12 has no guest_memfd flags yet). */
const ALWAYS: readonly string[] = ['gmem-flags', 'kvm-cap', 'kvm-ioctl', 'as-flags', 'foll'];

const AOPS_SOURCES: { file: string; variable: string }[] = [
  { file: 'virt/kvm/guest_memfd.c', variable: 'kvm_gmem_aops' },
  { file: 'mm/secretmem.c', variable: 'secretmem_aops' },
];

/** Kernel version, registry numbers and the aops guest_memfd/secretmem install, as the tree has them at `rev`. */
export async function readTreeFacts(tree: KernelTree, rev: string = tree.base): Promise<KernelTreeFacts> {
  const git = gitAt(tree.dir);
  const diagnostics: Diagnostic[] = [];
  const input = `tree:${tree.dir}`;
  const commit = await resolveRev(git, rev);
  const registries = new Map<string, Map<string, bigint>>(ALWAYS.map((r) => [r, new Map()]));
  if (!commit) {
    diagnostics.push({ severity: 'error', input, message: `${rev}: not a commit; no tree facts read` });
    return { rev, registries, aops: [], diagnostics };
  }
  const read = async (file: string): Promise<string | undefined> => {
    const text = await showBlob(git, commit, file);
    if (text === undefined) diagnostics.push({ severity: 'info', input, message: `${file} is not in ${rev}; its facts are not known` });
    return text;
  };

  const makefile = await read('Makefile');
  const kernel = makefile === undefined ? undefined : kernelVersionFromMakefile(makefile);
  if (makefile !== undefined && !kernel) diagnostics.push({ severity: 'warning', input: `${input}:Makefile`, message: 'no VERSION/PATCHLEVEL in the top Makefile' });

  for (const src of NUMBER_SOURCES) {
    const text = await read(src.file);
    if (text === undefined) continue;
    const values = src.kind === 'defines' ? scanDefines(text) : src.kind === 'enums' ? scanEnums(text) : [...scanDefines(text), ...scanEnums(text)];
    for (const v of values) addNumber(registries, v);
  }

  const aops: AopsFact[] = [];
  for (const src of AOPS_SOURCES) {
    const text = await read(src.file);
    if (text === undefined) continue;
    const init = scanInitializers(text, 'address_space_operations').find((i) => i.variable === src.variable);
    if (!init) {
      diagnostics.push({ severity: 'info', input: `${input}:${src.file}`, message: `${src.variable} not found` });
      continue;
    }
    const ops = new Map<string, string>();
    const guardedBy = new Map<string, string>();
    for (const f of init.fields) {
      ops.set(f.field, f.value);
      if (f.guardedBy) guardedBy.set(f.field, f.guardedBy);
    }
    aops.push({ variable: src.variable, file: src.file, ops, guardedBy });
  }
  return { kernel, rev, registries, aops, diagnostics };
}

/** Same numbering as the model's claims: bit index for flag registries, value otherwise. */
function addNumber(registries: Map<string, Map<string, bigint>>, v: ScannedValue): void {
  const registry = registryOf(v.name, v.value);
  if (!registry) return;
  const ioctl = /^_IO(?:R|W|WR)?\s*\(\s*KVMIO\s*,\s*(0x[0-9a-f]+|\d+)/i.exec(v.value);
  let numeric: bigint | undefined = ioctl ? BigInt(ioctl[1]!) : v.absolute;
  if (!ioctl && numeric !== undefined && BIT_REGISTRIES.has(registry)) {
    numeric = numeric > 0n && (numeric & (numeric - 1n)) === 0n ? BigInt(numeric.toString(2).length - 1) : undefined;
  }
  if (numeric === undefined) return;
  let map = registries.get(registry);
  if (!map) registries.set(registry, (map = new Map()));
  map.set(v.name, numeric);
}
