import type { CallSite, FileView, FunctionView } from '../code/index.js';
import type { Model, ModelEntry, Role } from './types.js';
import { firstPageOf } from './first-page.js';
import { flushesItself, flushesKernelEverywhere, removesMapping } from './query.js';

export { archOf, callRole, flushesItself } from './query.js';

/** The granularity as a reviewer says it: `one page`, `folio_nr_pages(folio) pages`, `whole folio`. */
export function granularityText(model: Model, file: string, entry: ModelEntry, args: readonly string[], loops: CallSite['loops'] = []): string | undefined {
  const first = (args[0] ?? '').trim();
  switch (entry.granularity) {
    case 'page': {
      const loop = loops[0];
      if (firstPageOf(model, first, file) !== undefined) return loop ? `one page per iteration of ${loop.header.trim()}` : 'one page';
      return loop ? `page per iteration of ${loop.header.trim()}` : 'one page';
    }
    case 'nr-pages':
      return args[1] ? `${args[1].trim()} pages` : 'n pages';
    case 'folio':
      return 'whole folio';
    case 'range':
      return args.length >= 2 ? `range ${args[0]!.trim()}..${args[1]!.trim()}` : 'range';
    case 'address':
      return 'by address';
    default:
      return undefined;
  }
}

/** Whether a call flushes the kernel TLB on every CPU (a flush primitive, or a zap helper that flushes). */
export function isFlushing(callee: string, file: string, model: Model, args: readonly string[] = []): boolean {
  const m = model.meaning(callee, args, file);
  return flushesKernelEverywhere(m) && (m!.role === 'flush' || removesMapping(m));
}

/** Function-scope notes for a call: missing flush after a removal, the aop the function implements. */
export function functionNotes(call: CallSite, role: Role, entry: ModelEntry, fn: FunctionView, view: FileView, model: Model): string[] {
  const notes: string[] = [];
  if (role === 'remove' && !flushesItself(entry, view.file, model.base)) {
    const flushed = fn.calls.some((c) => c !== call && c.line.line >= call.line.line && isFlushing(c.callee, view.file, model, c.args));
    if (!flushed) notes.push(fn.complete ? 'tlb: no flush in function' : 'tlb: no flush in function (lines shown)');
  }
  if (role === 'remove' || role === 'restore') {
    if (call.wrappedBy && /BUG_ON$/.test(call.wrappedBy)) notes.push(`result under ${call.wrappedBy}`);
    else if (call.discarded && entry.returns === 'int') notes.push('result ignored');
  }
  if (role === 'use' || role === 'check-flag') return notes;
  for (const init of view.initializers) {
    const field = init.fields.find((f) => f.value.trim() === fn.name);
    if (field) notes.push(`in ${field.field.startsWith('.') ? field.field : '.' + field.field} of ${init.name}`);
  }
  return notes;
}
