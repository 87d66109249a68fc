import type { Concept, Model, ModelEntry, RegistryClaim } from './types.js';
import { CONCEPTS } from './types.js';
import { presentIn, statusText } from './version.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string): string => (s ? `\`${s}\`` : '');

const TITLES: Record<Concept, string> = {
  gup: 'GUP flags and refusal paths',
  'guest-memfd': 'guest_memfd',
  'direct-map': 'Direct-map manipulation',
  tlb: 'Kernel TLB flushes',
  folio: 'Folio API',
  asi: 'Address Space Isolation (RFC only)',
  'kpe-2020': 'KVM protected memory extension 2020 (RFC only)',
  secretmem: 'secretmem',
  registry: 'Registries',
  'set-memory': 'set_memory_*(): permissions and encryption of kernel mappings',
  kernel: 'General kernel vocabulary (resources, assertions, sleeping calls, user copies)',
};

/** What `pmreview map` means by each role (src/model/match.ts). */
const ROLE_NOTES = [
  '`remove` / `restore`: a call that takes memory out of / puts it back into the direct map; `set_direct_map_valid_noflush` and `__kernel_map_pages` by their valid/enable argument. Detail: granularity (`one page` for `&folio->page` or `folio_page(f, 0)`), `tlb: no flush in function` when no flushing call follows, how the result is used, and the aop the function implements.',
  '`flush`: a kernel TLB flush. `access`: the kernel reads or writes memory through the direct map (folio_address, kmap, clear/copy). `pin`: a GUP call. `refuse`: a secretmem / no-direct-map / inaccessible test.',
  '`protect`: a permission change of a kernel mapping (set_memory_ro/rw/x/nx). `decrypt` / `encrypt`: memory shared with the host / made private again (set_memory_decrypted/encrypted). `acquire` / `release`, `assert`, `user-copy`: general kernel vocabulary the memory-safety rules use (concept `kernel`; it makes no series relevant on its own).',
  '`allocate` / `free`: lifecycle functions. `annotate`: ASI annotations and GFP sensitivity flags. `enter` / `exit`: ASI critical sections.',
  '`define-flag`: a `#define` or enum member of a model flag, or a new one with a registry prefix (`GUEST_MEMFD_FLAG_`, `KVM_CAP_`, `AS_`, `FOLL_`…), with its number and the other claims of it. `check-flag` / `check-capability`: a flag or capability in a mask or condition.',
  '`register-aop`: an address_space_operations field (kvm_gmem_aops, secretmem_aops). `document`: a symbol named under Documentation/. `test`: under tools/testing/selftests/. `use`: any other reference.',
  'Only added and deleted lines are touches; symbols named in C comments are not.',
];

function flushText(e: ModelEntry): string {
  if (!e.flushes) return '';
  return Object.entries(e.flushes).map(([arch, yes]) => `${arch}: ${yes ? 'yes' : 'no'}`).join(', ');
}

function entryRow(e: ModelEntry, model: Model): string {
  const api = [e.granularity ?? '', flushText(e), e.returns ?? ''].filter(Boolean).join('; ');
  return `| ${code(e.symbol)} | ${e.kind} | ${e.role} | ${statusText(e.status)}${e.confidence === 'K' ? ' [K]' : ''} | ${model.inKernel(e.symbol) ? 'yes' : 'no'} | ${cell(e.value ? `${e.value}` : '')} | ${cell(api)} | ${cell(e.semantics)} | ${e.facts.join(', ')} | ${cell(e.source)} |`;
}

function byRegistry(claims: RegistryClaim[]): Map<string, RegistryClaim[]> {
  const out = new Map<string, RegistryClaim[]>();
  for (const c of claims) out.set(c.registry, [...(out.get(c.registry) ?? []), c]);
  for (const list of out.values()) list.sort((a, b) => (a.numeric < b.numeric ? -1 : a.numeric > b.numeric ? 1 : a.symbol.localeCompare(b.symbol)));
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/** docs/model.md: every symbol by concept, the registries with their claims, the facts. */
export function renderModelMarkdown(model: Model): string {
  const out: string[] = [
    '# The protected-memory design model',
    '',
    '<!-- Generated from src/model by `node scripts/gen-model-doc.mjs`. Do not edit by hand. -->',
    '',
    `Selected for Linux ${model.kernel}: the column "in ${model.kernel}" says whether a diff against that kernel can rely on the symbol.`,
    'Statuses follow MODEL.md §0: `mainline <version>` (release that has it), `queued`, `series vN`, `rfc-only <year>`, `removed`.',
    '`[K]` marks background knowledge (versions or values to re-check against the base tree); everything else was read in the cited source.',
    '',
    `${model.entries.length} symbols, ${model.claims.length} registry claims, ${model.facts.size} facts.`,
    '',
  ];
  for (const concept of CONCEPTS) {
    const entries = model.entries.filter((e) => e.concept === concept);
    if (!entries.length) continue;
    out.push(`## ${TITLES[concept]}`, '');
    out.push(`| symbol | kind | role | status | in ${model.kernel} | value | granularity; flushes; returns | semantics | facts | source |`);
    out.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const e of entries) out.push(entryRow(e, model));
    out.push('');
  }
  out.push('## How the matcher assigns roles', '', ...ROLE_NOTES.map((r) => `- ${r}`), '');
  out.push('## Registries', '', 'Numbers claimed per registry by mainline, queues, series and RFCs. Flag registries count bits. Several claims of one number are the collisions rule R20 reports.', '');
  for (const [registry, all] of byRegistry(model.claims)) {
    // The base kernel's own numbers are listed in docs/kernel-facts.md's source, src/model/data/kernels.
    const claims = all.filter((c) => c.status.kind !== 'base');
    const base = all.length - claims.length;
    out.push(`### ${registry}`, '');
    if (base) out.push(`${base} more numbers of this registry are read in Linux ${model.base?.kernel} (the base facts, [kernel-facts.md](kernel-facts.md)).`, '');
    out.push(`| number | symbol | value | status | in ${model.kernel} | note | source |`, '|---|---|---|---|---|---|---|');
    for (const c of claims) {
      out.push(`| ${c.numeric} | ${code(c.symbol)} | ${code(c.value)} | ${statusText(c.status)} | ${presentIn(c.status, model.kernel) ? 'yes' : 'no'} | ${cell(c.note ?? '')} | ${cell(c.source)} |`);
    }
    out.push('');
  }
  out.push('## Facts', '', '| id | fact | sources |', '|---|---|---|');
  for (const f of model.facts.values()) out.push(`| ${f.id} | ${cell(f.text)} | ${cell(f.sources.join('; '))} |`);
  out.push('');
  return out.join('\n');
}

/** The same content as JSON-safe data (bigints as strings). */
export function renderModelJson(model: Model): object {
  return {
    kernel: model.kernel,
    entries: model.entries.map((e) => ({ ...e, status: { ...e.status, text: statusText(e.status) }, inKernel: model.inKernel(e.symbol) })),
    claims: model.claims.map((c) => ({ ...c, numeric: c.numeric.toString(), status: { ...c.status, text: statusText(c.status) }, inKernel: presentIn(c.status, model.kernel) })),
    facts: [...model.facts.values()],
  };
}
