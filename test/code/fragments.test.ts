import { beforeAll, describe, expect, it } from 'vitest';
import { buildFileView, ensureParser, type FileView, type FunctionView } from '../../src/code/index.js';
import { fixtureFiles } from './helpers.js';

let view: FileView;
const post = (name: string): FunctionView => {
  const fn = view.post.find((f) => f.name === name);
  if (!fn) throw new Error(`no post function ${name}: ${view.post.map((f) => f.name).join(', ')}`);
  return fn;
};

beforeAll(async () => {
  await ensureParser();
  view = buildFileView(fixtureFiles('mid-function.diff')[0]!);
});

describe('a hunk that starts mid-function', () => {
  it('is named and typed by the hunk header, and is not complete', () => {
    const fn = post('kvm_gmem_zap_folio');
    expect(fn.params).toEqual(['struct kvm_gmem *gmem', 'struct folio *folio']);
    expect(fn.complete).toBe(false);
    expect(fn.startLine).toBe(120);
    expect(fn.endLine).toBe(146);
    expect(fn.side).toBe('post');
  });

  it('finds the call inside `for (... i < folio_nr_pages(folio) ...)` with the loop bound and assignment', () => {
    const call = post('kvm_gmem_zap_folio').calls.find((c) => c.callee === 'set_direct_map_invalid_noflush')!;
    expect(call.loops.map((l) => l.bound)).toEqual(['i < folio_nr_pages(folio)']);
    expect(call.loops[0]!.kind).toBe('for');
    expect(call.loops[0]!.header).toBe('for (i = 0; i < folio_nr_pages(folio); i++)');
    expect(call.assignedTo).toBe('r');
    expect(call.discarded).toBe(false);
    expect(call.args).toEqual(['folio_page(folio, i)']);
    expect(call.line).toMatchObject({ line: 125, kind: 'add', text: '\t\tr = set_direct_map_invalid_noflush(folio_page(folio, i));' });
  });

  it('keeps a guard(mutex) statement and reports one call for it', () => {
    const fn = post('kvm_gmem_zap_folio');
    const guards = fn.calls.filter((c) => c.callee === 'guard');
    expect(guards).toHaveLength(1);
    expect(guards[0]!.args).toEqual(['&gmem->lock']);
    expect(guards[0]!.line.kind).toBe('context');
  });

  it('recognises list_for_each_entry as a loop and if/else guards inside it', () => {
    const fn = post('kvm_gmem_zap_folio');
    const mark = fn.calls.find((c) => c.callee === 'kvm_gmem_mark')!;
    expect(mark.loops.map((l) => [l.kind, l.bound])).toEqual([['iterator', 'list_for_each_entry']]);
    expect(mark.loops[0]!.header).toBe('list_for_each_entry(entry, &gmem->entries, list)');
    expect(mark.guards).toEqual(['entry->flags & KVM_GMEM_NO_DIRECT_MAP']);
    expect(mark.discarded).toBe(true);
    const check = fn.calls.find((c) => c.callee === 'kvm_gmem_check')!;
    expect(check.guards).toEqual(['!(entry->flags & KVM_GMEM_NO_DIRECT_MAP)']);
    expect(check.wrappedBy).toBe('WARN_ON_ONCE');
    expect(check.discarded).toBe(false);
  });

  it('sees BUG_ON(set_direct_map_default_noflush(...)) in the while loop of the error path', () => {
    const fn = post('kvm_gmem_zap_folio');
    const call = fn.calls.find((c) => c.callee === 'set_direct_map_default_noflush')!;
    expect(call.wrappedBy).toBe('BUG_ON');
    expect(call.loops.map((l) => [l.kind, l.bound])).toEqual([['while', 'i--']]);
    expect(call.line.line).toBe(144);
  });

  it('lists goto targets, labels, returns and the statement of each call', () => {
    const fn = post('kvm_gmem_zap_folio');
    expect(fn.labels).toEqual(['out_restore']);
    const gotoStmt = fn.statements.find((s) => s.kind === 'goto')!;
    expect(gotoStmt.target).toBe('out_restore');
    expect(gotoStmt.guards).toEqual(['r']);
    expect(gotoStmt.loops[0]!.bound).toBe('i < folio_nr_pages(folio)');
    expect(fn.statements.filter((s) => s.kind === 'return').map((s) => s.target)).toEqual(['0', 'r']);
    const label = fn.statements.find((s) => s.kind === 'label')!;
    expect(label).toMatchObject({ target: 'out_restore', line: { line: 141, kind: 'add' } });
    for (const c of fn.calls) expect(fn.statements[c.statement]!.line.line).toBeLessThanOrEqual(c.line.line);
    const bug = fn.calls.find((c) => c.callee === 'BUG_ON')!;
    expect(fn.statements[bug.statement]!.text).toBe('BUG_ON(set_direct_map_default_noflush(folio_page(folio, i)));');
  });

  it('splits comments by style', () => {
    const fn = post('kvm_gmem_zap_folio');
    expect(fn.comments.map((c) => [c.style, c.line.line])).toEqual([['line', 139], ['block', 142]]);
  });

  it('records assignments with their operator', () => {
    const fn = post('kvm_gmem_zap_folio');
    expect(fn.assignments).toContainEqual(expect.objectContaining({ target: 'r', operator: '=', value: 'set_direct_map_invalid_noflush(folio_page(folio, i))' }));
  });

  it('joins a function split over two close hunks, and recognises a one-line xa_for_each', () => {
    const fns = view.post.filter((f) => f.name === 'kvm_gmem_free_folio');
    expect(fns).toHaveLength(1);
    const fn = fns[0]!;
    expect(fn.complete).toBe(false);
    expect(fn.params).toEqual(['struct folio *folio']);
    expect([fn.startLine, fn.endLine]).toEqual([148, 164]);
    const one = fn.calls.find((c) => c.callee === 'kvm_gmem_free_one')!;
    expect(one.loops.map((l) => l.bound)).toEqual(['xa_for_each']);
    expect(one.guards).toEqual(['entry']);
    const restore = fn.calls.find((c) => c.callee === 'set_direct_map_default_noflush')!;
    expect(restore).toMatchObject({ assignedTo: 'r', args: ['page'], line: { line: 160, kind: 'add' } });
    expect(fn.statements[restore.statement]!.text).toBe('r = set_direct_map_default_noflush(page);');
  });

  it('builds the pre image from context and deleted lines', () => {
    const fn = view.pre.find((f) => f.name === 'kvm_gmem_zap_folio')!;
    const call = fn.calls.find((c) => c.callee === 'set_direct_map_invalid_noflush')!;
    expect(call.discarded).toBe(true);
    expect(call.line).toMatchObject({ line: 125, kind: 'del' });
    expect(call.loops[0]!.bound).toBe('i < folio_nr_pages(folio)');
    expect(fn.calls.some((c) => c.callee === 'BUG_ON')).toBe(false);
  });
});
