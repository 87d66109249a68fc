/**
 * Facts of a base kernel read from its own files (issue 10 §2): the numbers
 * of the registries series claim, the address_space_operations guest_memfd
 * and secretmem install, where guest_memfd accepts creation flags, and which
 * arch's direct-map / set_memory_*() setters flush the TLB inside. One
 * reader for the two places kernel files come from: a git tree (--tree,
 * facts.ts) and the Linux 6.12 files kept in the repository
 * (scripts/extract-facts.mjs, which writes src/model/data/base/linux-6.12.ts).
 */
import type { CallSite, FileView, FunctionView } from '../code/index.js';
import { buildFileView, ensureParser } from '../code/index.js';
import { parseDiff } from '../diff/index.js';
import { BIT_REGISTRIES, flagsMaskIn, registryOf, type BaseAops, type BaseNumber, type BitmapRegistry, type FlagsMask, type KernelFacts, type Model, type SetterFlush } from '../model/index.js';
import { scanDefines, scanEnums, scanInitializers, type ScannedValue } from './c-scan.js';

/** Headers whose numbered symbols are the base a series' new numbers are compared with. */
export const NUMBER_SOURCES: readonly { file: string; kind: 'defines' | 'enums' }[] = [
  { file: 'include/uapi/linux/kvm.h', kind: 'defines' }, // KVM_CAP_*, ioctls, guest_memfd, memslot and attribute flags
  { file: 'include/uapi/linux/kvm_para.h', kind: 'defines' }, // KVM_HC_*
  { file: 'include/linux/kvm_host.h', kind: 'defines' }, // in-kernel guest_memfd flags of later kernels
  { file: 'arch/x86/include/uapi/asm/kvm.h', kind: 'defines' }, // VM types KVM_X86_*_VM
  { file: 'arch/x86/include/uapi/asm/kvm_para.h', kind: 'defines' }, // KVM_FEATURE_* CPUID bits
  { file: 'include/linux/pagemap.h', kind: 'enums' }, // enum mapping_flags (AS_*)
  { file: 'include/linux/mm_types.h', kind: 'enums' }, // public FOLL_*
  { file: 'mm/internal.h', kind: 'enums' }, // internal FOLL_* (FOLL_PIN, FOLL_FAST_ONLY…)
];

/** The initialisers whose operations the lifecycle rules need. */
export const AOPS_SOURCES: readonly { file: string; variable: string }[] = [
  { file: 'virt/kvm/guest_memfd.c', variable: 'kvm_gmem_aops' },
  { file: 'mm/secretmem.c', variable: 'secretmem_aops' },
];

/** guest_memfd's creation check, and the headers a mask helper may live in. */
export const MASK_SOURCES: readonly string[] = ['virt/kvm/guest_memfd.c', 'include/linux/kvm_host.h'];

/** Where each arch implements its direct-map and set_memory_*() setters. */
export const SETTER_SOURCES: readonly { arch: string; file: string }[] = [
  { arch: 'x86', file: 'arch/x86/mm/pat/set_memory.c' },
  { arch: 'arm64', file: 'arch/arm64/mm/pageattr.c' },
  { arch: 'riscv', file: 'arch/riscv/mm/pageattr.c' },
  { arch: 's390', file: 'arch/s390/mm/pageattr.c' },
  { arch: 'loongarch', file: 'arch/loongarch/mm/pageattr.c' },
  { arch: 'powerpc', file: 'arch/powerpc/mm/pageattr.c' },
];

/** Every kernel file the extraction reads. */
export function factFiles(): string[] {
  return [...new Set([...NUMBER_SOURCES.map((s) => s.file), ...AOPS_SOURCES.map((s) => s.file), ...MASK_SOURCES, CAPABILITY_SOURCE, API_DOC, ...SETTER_SOURCES.map((s) => s.file)])];
}

/** Registries every base answers for, even when empty (6.12 has no guest_memfd flags yet). */
export const ALWAYS_REGISTRIES: readonly string[] = ['gmem-flags', 'kvm-cap', 'kvm-ioctl', 'as-flags', 'foll'];

/** Registries numbered in sequence: every number up to the highest is taken. */
const SEQUENTIAL: readonly string[] = ['kvm-cap'];

export interface ExtractOptions {
  /** The version the facts are for, e.g. `6.12` or `6.12.118`. */
  kernel: string;
  /** Where the kernel files come from, as a whole (`fixtures/kernel/6.12 (Linux 6.12.118 …)`, `tree:<dir>@<commit>`). */
  origin: string;
  /** Source string of a fact read from `file`. */
  source: (file: string) => string;
  /** The model: which setters exist and which calls flush the TLB. */
  model: Model;
}

export interface Extracted {
  facts: KernelFacts;
  /** What could not be read, one line each (a missing file, an initialiser not found). */
  notes: { file: string; message: string }[];
}

/** Reads the facts from kernel files; `read` returns a file's text or undefined when the kernel has no such file. */
export async function extractKernelFacts(read: (file: string) => string | undefined, opts: ExtractOptions): Promise<Extracted> {
  await ensureParser();
  const notes: Extracted['notes'] = [];
  const cache = new Map<string, string | undefined>();
  const text = (file: string): string | undefined => {
    if (!cache.has(file)) {
      const t = read(file);
      cache.set(file, t);
      if (t === undefined) notes.push({ file, message: `${file} is not in the kernel; its facts are not known` });
    }
    return cache.get(file);
  };
  const numbers = readNumbers(text, opts);
  const facts: KernelFacts = { kernel: opts.kernel, source: opts.origin, numbers, aops: readAops(text, opts, notes), setters: readSetters(text, opts) };
  const mask = readFlagsMask(text, opts);
  if (mask) facts.flagsMask = mask;
  const highest: NonNullable<KernelFacts['highest']> = {};
  for (const registry of SEQUENTIAL) {
    const own = numbers.filter((n) => n.registry === registry);
    if (own.length === 0) continue;
    const top = own.reduce((a, b) => (b.numeric > a.numeric ? b : a));
    highest[registry] = { numeric: top.numeric, source: top.source };
  }
  if (Object.keys(highest).length) facts.highest = highest;
  const bitmaps = readBitmaps(text, opts);
  if (bitmaps.length) facts.bitmaps = bitmaps;
  return { facts, notes };
}

/** The KVM API documentation: which capabilities answer with a bitmap of a registry's numbers. */
export const API_DOC = 'Documentation/virt/kvm/api.rst';

/**
 * `8.41 KVM_CAP_VM_TYPES … returns a bitmap … bit @n means the VM type with
 * value @n …  #define KVM_X86_DEFAULT_VM 0`: the numbers of a registry listed
 * in a capability's section that says it returns a bitmap. KVM_CHECK_EXTENSION
 * returns "0 if unsupported; … a positive integer": 31 usable bits.
 */
function readBitmaps(text: (file: string) => string | undefined, opts: ExtractOptions): BitmapRegistry[] {
  const doc = text(API_DOC);
  if (doc === undefined) return [];
  const out: BitmapRegistry[] = [];
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heading = /^\d+\.\d+\s+(KVM_CAP_[A-Z0-9_]+)\s*$/.exec(lines[i]!);
    if (!heading || !/^-{3,}\s*$/.test(lines[i + 1] ?? '')) continue;
    let end = i + 2;
    while (end < lines.length && !(/^\d+(\.\d+)*\.?\s+\S/.test(lines[end]!) && /^[-=]{3,}\s*$/.test(lines[end + 1] ?? ''))) end++;
    const section = lines.slice(i, end).join('\n');
    if (!/returns a bitmap/i.test(section)) continue;
    const registries = new Set(scanDefines(section).map((v) => registryOf(v.name, v.value)).filter((r): r is string => r !== undefined));
    if (registries.size === 1) out.push({ registry: [...registries][0]!, capability: heading[1]!, bits: 31, source: opts.source(API_DOC) });
  }
  return out;
}

function readNumbers(text: (file: string) => string | undefined, opts: ExtractOptions): BaseNumber[] {
  const out = new Map<string, BaseNumber>();
  for (const src of NUMBER_SOURCES) {
    const t = text(src.file);
    if (t === undefined) continue;
    for (const v of src.kind === 'defines' ? scanDefines(t) : scanEnums(t)) {
      const n = baseNumber(v, src.file, opts.source(src.file));
      if (n && !out.has(n.symbol)) out.set(n.symbol, n);
    }
  }
  return [...out.values()];
}

/** Same numbering as the model's claims: bit index for flag registries, the nr for ioctls, the value otherwise. */
function baseNumber(v: ScannedValue, file: string, source: string): BaseNumber | undefined {
  const registry = registryOf(v.name, v.value);
  if (!registry) return undefined;
  const ioctl = /^_IO(?:R|W|WR)?\s*\(\s*KVMIO\s*,\s*(0x[0-9a-f]+|\d+)/i.exec(v.value);
  let numeric: bigint | undefined = ioctl ? BigInt(ioctl[1]!) : v.absolute;
  if (!ioctl && numeric !== undefined && BIT_REGISTRIES.has(registry)) {
    numeric = numeric > 0n && (numeric & (numeric - 1n)) === 0n ? BigInt(numeric.toString(2).length - 1) : undefined;
  }
  if (numeric === undefined) return undefined;
  return { registry, symbol: v.name, value: v.value.replace(/\s+/g, ' '), numeric, file, source };
}

function readAops(text: (file: string) => string | undefined, opts: ExtractOptions, notes: Extracted['notes']): BaseAops[] {
  const out: BaseAops[] = [];
  for (const src of AOPS_SOURCES) {
    const t = text(src.file);
    if (t === undefined) continue;
    const init = scanInitializers(t, 'address_space_operations').find((i) => i.variable === src.variable);
    if (!init) {
      notes.push({ file: src.file, message: `${src.variable} not found in ${src.file}` });
      continue;
    }
    const ops: Record<string, string> = {};
    const guards: Record<string, string> = {};
    for (const f of init.fields) {
      ops[f.field] = f.value.replace(/^&/, '').trim();
      if (f.guardedBy) guards[f.field] = f.guardedBy;
    }
    const view = wholeFileView(src.file, t);
    const calls: NonNullable<BaseAops['calls']> = {};
    for (const fn of new Set(Object.values(ops))) {
      const def = view.post.find((f) => f.name === fn && f.complete);
      if (def) calls[fn] = def.calls.map((c) => ({ callee: c.callee, args: c.args }));
    }
    out.push({ variable: src.variable, file: src.file, ops, guards, calls, source: opts.source(src.file) });
  }
  return out;
}

/** A whole kernel file as the code stage sees an added file: every function, with calls, guards and loops. */
export function wholeFileView(file: string, text: string): FileView {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const diff = `diff --git a/${file} b/${file}\nnew file mode 100644\n--- /dev/null\n+++ b/${file}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
  return buildFileView(parseDiff(diff).files[0]!);
}

function readFlagsMask(text: (file: string) => string | undefined, opts: ExtractOptions): FlagsMask | undefined {
  const views = new Map<string, FileView>();
  const view = (file: string): FileView | undefined => {
    if (!views.has(file)) {
      const t = text(file);
      if (t !== undefined) views.set(file, wholeFileView(file, t));
    }
    return views.get(file);
  };
  const gmem = view(MASK_SOURCES[0]!);
  if (!gmem) return undefined;
  for (const fn of gmem.post) {
    for (const s of fn.statements) {
      const m = s.kind === 'if' ? flagsMaskIn(s.text) : undefined;
      if (!m) continue;
      const name = m.name;
      if (!m.call) {
        const flags = gmemFlags(fn.statements.filter((x) => new RegExp(`\\b${name}\\b`).test(x.text)).map((x) => x.text));
        return { kind: 'variable', name, function: fn.name, file: gmem.file, checkedIn: fn.name, flags, source: opts.source(gmem.file) };
      }
      const mask: FlagsMask = { kind: 'function', name, function: name, file: gmem.file, checkedIn: fn.name, flags: [], source: opts.source(gmem.file) };
      for (const file of MASK_SOURCES) {
        const helper = view(file)?.post.find((f) => f.name === name && f.complete);
        if (!helper) continue;
        Object.assign(mask, { file, flags: gmemFlags(helper.statements.map((x) => x.text)), source: opts.source(file) });
        break;
      }
      const cap = reportingCapability(text(CAPABILITY_SOURCE), name);
      if (cap) mask.reportedBy = cap;
      return mask;
    }
  }
  return undefined;
}

/** Where KVM_CHECK_EXTENSION answers for the generic capabilities. */
export const CAPABILITY_SOURCE = 'virt/kvm/kvm_main.c';

/** The capability whose `case` returns what the mask helper computes (`case KVM_CAP_GUEST_MEMFD_FLAGS: … return kvm_gmem_get_supported_flags(kvm);`). */
function reportingCapability(text: string | undefined, helper: string): string | undefined {
  if (text === undefined) return undefined;
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const label = /^\s*(?:case\s+([A-Z_][A-Z0-9_]*)\s*:|default\s*:)/.exec(line);
    if (label) current = label[1];
    else if (current && /^KVM_CAP_/.test(current) && new RegExp(`\\b${helper}\\s*\\(`).test(line)) return current;
  }
  return undefined;
}

/** guest_memfd creation flags named in some statements, in order. */
function gmemFlags(texts: string[]): string[] {
  const out: string[] = [];
  for (const t of texts) for (const m of t.matchAll(/\b[A-Z_][A-Z0-9_]+\b/g)) if (registryOf(m[0]) === 'gmem-flags' && !out.includes(m[0])) out.push(m[0]);
  return out;
}

function readSetters(text: (file: string) => string | undefined, opts: ExtractOptions): SetterFlush[] {
  // The setters are the model's: direct-map and set_memory_*() functions whose flushing it records.
  const setters = new Set(opts.model.entries.filter((e) => e.kind === 'function' && (e.concept === 'direct-map' || e.concept === 'set-memory') && e.flushes && !e.derivedFrom).map((e) => e.symbol));
  const out: SetterFlush[] = [];
  for (const { arch, file } of SETTER_SOURCES) {
    const t = text(file);
    if (t === undefined) continue;
    const view = wholeFileView(file, t);
    const flushes = flushAnalysis(view, opts.model);
    const seen = new Set<string>();
    for (const fn of view.post) {
      if (!setters.has(fn.name) || seen.has(fn.name) || !fn.complete) continue;
      seen.add(fn.name);
      const scope = flushes(fn.name);
      out.push(scope === 'local' ? { arch, symbol: fn.name, file, flushes: false, local: true, source: opts.source(file) } : { arch, symbol: fn.name, file, flushes: scope === 'all', source: opts.source(file) });
    }
  }
  return out;
}

/**
 * Whether a function of the file flushes the kernel TLB whenever it changes
 * something: a flush (the model's kernel flushes) or a call of a function of
 * the file that does, not under a condition or under both branches of one
 * (`if (many) flush_tlb_all(); else on_each_cpu(…)`), and no return that ends
 * a branch which did work before it flushed (x86's 4 KiB path of
 * __change_page_attr() returns without the flush its split path does).
 * A return that ends a branch doing nothing (`if (!numpages) return 0;`) is
 * a no-op, not a missed flush. A flush on some paths only does not count:
 * callers still have to flush.
 */
export function flushAnalysis(view: FileView, model: Model): (name: string) => 'all' | 'local' | undefined {
  const defs = new Map<string, FunctionView[]>();
  for (const fn of view.post) if (fn.complete) defs.set(fn.name, [...(defs.get(fn.name) ?? []), fn]);
  const analyse = (scopes: ReadonlySet<string>): ((name: string) => boolean) => {
    const memo = new Map<string, boolean>();
    const local = (name: string): boolean => {
      const known = memo.get(name);
      if (known !== undefined) return known;
      memo.set(name, false); // a recursive path does not prove a flush
      const result = defs.get(name)!.every((fn) => alwaysFlushes(fn, flushingCall));
      memo.set(name, result);
      return result;
    };
    const flushingCall = (c: CallSite): boolean => {
      if (defs.has(c.callee)) return local(c.callee);
      // Only the model's flushes: what a setter of another file does is that file's fact, not an input of this one.
      const m = model.meaning(c.callee, c.args, view.file);
      if (m?.role === 'flush' && m.flushTarget === 'kernel') return scopes.has(m.flushScope ?? 'all');
      // A flush of the file handed over as a callback is run on other CPUs (on_each_cpu(__cpa_flush_tlb, cpa, 1)).
      return c.args.some((a) => defs.has(a.trim()) && (local(a.trim()) || anyScope(a.trim())));
    };
    return local;
  };
  const allCpus = analyse(new Set(['all']));
  const anyScope = analyse(new Set(['all', 'local']));
  return (name) => (!defs.has(name) ? undefined : allCpus(name) ? 'all' : anyScope(name) ? 'local' : undefined);
}

const CONDITION = new Set(['if', 'while']);

function alwaysFlushes(fn: FunctionView, flushing: (c: CallSite) => boolean): boolean {
  const flushes = fn.calls.filter(flushing);
  if (flushes.length === 0) return false;
  // Statements after an unconditional return are not reached.
  const last = fn.statements.findIndex((s) => s.kind === 'return' && s.guards.length === 0);
  const end = last < 0 ? fn.statements.length : last;
  const work = (c: CallSite): boolean => !CONDITION.has(c.wrappedBy ?? '');
  const returned: number[] = [];
  for (let i = 0; i < end; i++) {
    const r = fn.statements[i]!;
    if (r.kind !== 'return') continue;
    returned.push(i);
    // Work done in this branch must be flushed before it returns; a bare `return 0;` changed nothing.
    if (!fn.calls.some((c) => c.statement < i && work(c) && same(c.guards, r.guards))) continue;
    const before = closure(flushes.filter((c) => c.statement <= i).map((c) => c.guards));
    if (!before.some((g) => isSuffix(g, r.guards))) return false;
  }
  // The way out at the end: work done outside the branches that returned must be flushed on the paths it was done on.
  const inReturned = (c: CallSite): boolean => returned.some((i) => i > c.statement && isSuffix(fn.statements[i]!.guards, c.guards) && fn.statements[i]!.guards.length > 0);
  const tail = fn.calls.filter((c) => c.statement <= end && !inReturned(c));
  const cover = closure(tail.filter(flushing).map((c) => c.guards));
  return tail.filter(work).every((w) => cover.some((g) => isSuffix(g, w.guards)));
}

const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const isSuffix = (outer: string[], of: string[]): boolean => outer.length <= of.length && same(outer, of.slice(of.length - outer.length));

/** The guard lists flushes hold under, with `[c, …rest]` and `[!(c), …rest]` merged into `rest`. */
function closure(guards: string[][]): string[][] {
  const known = new Set(guards.map((g) => JSON.stringify(g)));
  const list = [...guards];
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    for (const b of list) {
      if (b.length !== a.length || a.length === 0 || b === a || !same(a.slice(1), b.slice(1))) continue;
      if (a[0] !== `!(${b[0]})` && b[0] !== `!(${a[0]})`) continue;
      const key = JSON.stringify(a.slice(1));
      if (!known.has(key)) {
        known.add(key);
        list.push(a.slice(1));
      }
    }
  }
  return list;
}
