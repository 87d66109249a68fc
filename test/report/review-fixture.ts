import type { Person } from '../../src/common/index.js';
import type { DiffLine, DiffPatch, DiffSeries, FileDiff, Hunk } from '../../src/diff/index.js';
import type { Location, Touch } from '../../src/model/index.js';
import type { ReportOptions } from '../../src/report/index.js';
import { placeFindings, placeTouches } from '../../src/review/index.js';
import type { Finding, Review, RuleMeta } from '../../src/rules/index.js';
import { parseSubject } from '../../src/series/index.js';

/*
 * A hand-built Review: one two-patch RFC series with findings on both patches
 * (a line on the new side, a deleted line, a patch-level point), evidence
 * across patches, text that needs escaping everywhere, a non-ASCII author and
 * an input diagnostic.
 */

export const AUTHOR: Person = { name: 'Patrick Röy', address: 'roypat@amazon.co.uk' };
export const REVIEWER: Person = { name: 'Rev Iewer', address: 'rev@example.org' };
export const COVER_ID = 'cover.1@amazon.co.uk';

/** Hunk lines from ` `/`+`/`-` prefixed text, numbered from the hunk start. */
export function hunk(oldStart: number, newStart: number, header: string, text: string[]): Hunk {
  let o = oldStart;
  let n = newStart;
  const lines: DiffLine[] = text.map((t, i) => {
    const kind = t[0] === '+' ? 'add' : t[0] === '-' ? 'del' : 'context';
    const l: DiffLine = { kind, text: t.slice(1), diffLine: i + 4 };
    if (kind !== 'add') l.oldLine = o++;
    if (kind !== 'del') l.newLine = n++;
    return l;
  });
  return {
    oldStart, newStart, header, lines,
    oldLines: lines.filter((l) => l.kind !== 'add').length,
    newLines: lines.filter((l) => l.kind !== 'del').length,
  };
}

export function file(path: string, hunks: Hunk[], status: FileDiff['status'] = 'modified'): FileDiff {
  const all = hunks.flatMap((h) => h.lines);
  return {
    oldPath: status === 'added' ? null : path, newPath: path, path, status, binary: false, hunks,
    added: all.filter((l) => l.kind === 'add').length, removed: all.filter((l) => l.kind === 'del').length,
  };
}

function patch(index: number, title: string, files: FileDiff[], commitMessage: string): DiffPatch {
  const subject = `[RFC PATCH ${index}/2] ${title}`;
  return {
    index, total: 2, subject, subjectInfo: parseSubject(subject), messageId: `patch.${index}@amazon.co.uk`,
    author: AUTHOR, date: '2024-07-09T13:20:30.000Z', commitMessage, trailers: [], diffText: '', diffBodyLine: 0,
    input: 'thread.mbox', line: index * 100, ordinal: index + 1, to: [{ name: 'KVM list', address: 'kvm@vger.kernel.org' }],
    cc: [AUTHOR, { name: 'Sean Christopherson', address: 'seanjc@google.com' }, REVIEWER], replies: [], diagnostics: [],
    files, added: files.reduce((s, f) => s + f.added, 0), removed: files.reduce((s, f) => s + f.removed, 0),
  };
}

export const P1_FILE = 'mm/direct_map.c';
export const P2_FILE = 'virt/kvm/guest_memfd.c';

export function makeSeries(): DiffSeries {
  const p1 = patch(1, 'mm: add folio_zap_direct_map()', [
    file(P1_FILE, [
      hunk(10, 10, 'int folio_zap_direct_map(struct folio *folio)', [
        ' {',
        ' \tint ret;',
        ' \tif (a < b && c > d) /* <script>alert(1)</script> */',
        '+\tret = set_direct_map_invalid_noflush(folio_page(folio, 0));',
        '+\tif (ret)',
        '+\t\treturn ret;',
        ' \treturn 0;',
        '-\tBUG_ON(!folio);',
        ' }',
        ' ',
        ' int other(void)',
        ' {',
        '+\tsomething_else();',
        ' }',
      ]),
    ]),
    file('include/linux/set_memory.h', [hunk(5, 5, '', [' #include <x.h>', '+int folio_zap_direct_map(struct folio *folio);', ' '])]),
  ], 'mm: add folio_zap_direct_map()\n\nFrom now on guest_memfd can take folios out of the direct map.\nSecond line.\n\nMore text.');
  const p2 = patch(2, 'KVM: guest_memfd: use folio_zap_direct_map()', [
    file(P2_FILE, [
      hunk(300, 300, 'static int kvm_gmem_prepare_folio(struct kvm *kvm)', [
        ' \tint r;',
        '+\t// zap it',
        '+\tr = folio_zap_direct_map(folio);',
        ' \treturn r;',
      ]),
    ], 'modified'),
  ], 'KVM: guest_memfd: use folio_zap_direct_map()\n\nUse it.');
  return {
    id: 'direct map v1', title: 'direct map removal for guest_memfd', version: 1, rfc: true,
    cover: { messageId: COVER_ID, subject: '[RFC PATCH 0/2] direct map removal for guest_memfd', subjectInfo: parseSubject('[RFC PATCH 0/2] direct map removal for guest_memfd'), author: AUTHOR, date: '2024-07-09T13:20:00.000Z', body: 'Hello,\n\nthis series removes guest memory from the direct map.\n', input: 'thread.mbox', line: 1, replies: [] },
    patches: [p1, p2], total: 2, missing: [], baseCommit: 'abc123', prerequisitePatchIds: [], author: AUTHOR, diagnostics: [],
  };
}

export function loc(p: DiffPatch, file: string, line: number, side: 'new' | 'old', text: string, fn?: string): Location {
  return { patchIndex: p.index, messageId: p.messageId, subject: p.subject, file, line, side, text, function: fn };
}

export function makeReview(): Review {
  const series = makeSeries();
  const [p1, p2] = series.patches as [DiffPatch, DiffPatch];
  const zapLine = loc(p1, P1_FILE, 13, 'new', '\tret = set_direct_map_invalid_noflush(folio_page(folio, 0));', 'folio_zap_direct_map');
  const findings: Finding[] = [
    {
      ruleId: 'R03', category: 'tlb-flush-missing', severity: 'error',
      message: 'The folio is removed from the direct map <without> a TLB flush | stale & wrong entries stay usable.',
      fix: 'Call flush_tlb_kernel_range() over the folio after set_direct_map_invalid_noflush().',
      refs: ['DM-03'], fingerprint: 'fp-r03-1', location: zapLine,
      evidence: [loc(p2, P2_FILE, 302, 'new', '\tr = folio_zap_direct_map(folio);', 'kvm_gmem_prepare_folio')],
    },
    {
      ruleId: 'R26', category: 'crash-on-error', severity: 'warning',
      message: 'From here on a BUG_ON() was removed; say why in the commit message.',
      fix: '', refs: [], fingerprint: 'fp-r26-1', location: loc(p1, P1_FILE, 14, 'old', '\tBUG_ON(!folio);', 'folio_zap_direct_map'), evidence: [],
    },
    {
      ruleId: 'R27', category: 'kernel-style', severity: 'info',
      message: 'C++ comment in new kernel code.', fix: 'Use /* */ comments.', refs: [], fingerprint: 'fp-r27-1',
      location: loc(p2, P2_FILE, 301, 'new', '\t// zap it', 'kvm_gmem_prepare_folio'), evidence: [],
    },
    {
      ruleId: 'R17', category: 'series-hygiene', severity: 'warning',
      message: 'The patch enables the feature on x86 in the same patch that adds it.',
      fix: 'Split the arch enablement into its own patch.', refs: ['SER-02'], fingerprint: 'fp-r17-1',
      location: { patchIndex: 2, messageId: p2.messageId, subject: p2.subject, file: '', line: 0, side: 'new', text: p2.subject, inputLine: 200 }, evidence: [],
    },
  ];
  const touches: Touch[] = [
    { concept: 'direct-map', symbol: 'set_direct_map_invalid_noflush', role: 'remove', location: zapLine },
    { concept: 'folio', symbol: 'folio_page', role: 'use', location: zapLine, detail: 'one page' },
    { concept: 'guest-memfd', symbol: 'kvm_gmem_prepare_folio', role: 'allocate', location: findings[2]!.location },
    { concept: 'direct-map', symbol: 'folio_zap_direct_map', role: 'remove', location: findings[0]!.evidence[0]! },
  ];
  // As the review stage hands them over: each finding and touch knows its input, series and patch.
  return {
    series: [series], findings: placeFindings(findings, series, 0), touches: placeTouches(touches, series, 0), messages: 5,
    diagnostics: [{ severity: 'warning', message: 'undecodable base64 part skipped', input: 'thread.mbox', inputLine: 42, messageId: 'odd.1@example.org' }],
  };
}

export const RULE_METAS: RuleMeta[] = [
  { id: 'R03', name: 'direct-map-zap-without-flush', category: 'tlb-flush-missing', scope: 'line', severity: 'error', concepts: ['direct-map', 'tlb'], summary: 'Direct-map removal without a TLB flush.', fix: 'Flush the kernel TLB range.', refs: ['DM-03'] },
  { id: 'R26', name: 'bug-on-in-new-code', category: 'crash-on-error', scope: 'line', severity: 'warning', concepts: [], summary: 'BUG_ON() in new code.', fix: 'Use WARN_ON_ONCE() and return an error.', refs: [] },
  { id: 'R27', name: 'cxx-comment', category: 'kernel-style', scope: 'line', severity: 'info', concepts: [], summary: 'C++ comment.', fix: 'Use /* */.', refs: [] },
];

export const OPTS: ReportOptions = {
  tool: { name: 'pmreview', version: '0.1.0' },
  rules: RULE_METAS,
  // an organisation's mirror (--docs-url) and a home page, as a configured run has them
  docsUrl: (id) => `https://docs.example.org/pmreview/rules/${id}.md`,
  homeUrl: 'https://pmreview.example.org/',
};

/** A run with no web page configured or declared: the pages shipped with the package. */
export const SHIPPED_OPTS: ReportOptions = {
  tool: { name: 'pmreview', version: '0.1.0' },
  rules: RULE_METAS,
  docsUrl: () => undefined,
  docsFile: (id) => ({ url: `file:///opt/pmreview/docs/rules/${id}.md`, text: `# ${id} <page>\n\nWhy & how.\n` }),
};
