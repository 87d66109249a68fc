import { argsAfter, defineOn, enumMemberOn, stripC, type CallSite, type FileView, type FunctionView, type StripOptions } from '../code/index.js';
import type { DiffPatch, FileDiff } from '../diff/index.js';
import type { Concept, Model, ModelEntry, Role, Touch } from './types.js';
import { callRole, functionNotes, granularityText } from './call-detail.js';
import { registryNumber, registryNumberText, registryOf } from './numbers.js';
import { locationIn, pathKind, touchedLines, type TouchedLine } from './patch-lines.js';
import { REGISTRY_PREFIXES } from './prefilter.js';
import { statusText } from './version.js';

const FLAG_KINDS = new Set(['flag', 'mapping-flag', 'vma-flag', 'attribute']);
const CONDITION = /\bif\s*\(|\bwhile\s*\(|[^&]&[^&=]|[^|]\|[^|=]|[!=]=|\?|\breturn\b|\bvalid|\bsupported|\bmask\b|\bcase\b/;
const IDENT = /[A-Za-z_]\w*/g;
/** Roles for which the granularity of the call is worth saying. */
const GRANULAR_ROLES: ReadonlySet<Role> = new Set(['remove', 'restore', 'access', 'flush']);

interface Ctx {
  patch: DiffPatch;
  model: Model;
  out: Touch[];
  seen: Set<string>;
}

/**
 * The design touches of one patch: which model symbols its added and deleted
 * lines call, define, check, register or document, with the role and the
 * detail a reviewer needs. C files are read through their FileView when there
 * is one; everything else, and C lines no view covers, line by line.
 */
export function matchTouches(patch: DiffPatch, views: FileView[], model: Model): Touch[] {
  const ctx: Ctx = { patch, model, out: [], seen: new Set() };
  for (const file of patch.files) {
    if (file.binary) continue;
    const kind = pathKind(file.path);
    const view = kind === 'c' ? views.find((v) => v.file === file.path) : undefined;
    if (view) fromView(ctx, file, view);
    for (const tl of touchedLines(file)) {
      if (!model.mentions(tl.line.text)) continue;
      fromLine(ctx, tl, kind, view);
    }
  }
  return ctx.out.sort((a, b) => fileOrder(patch, a.location.file) - fileOrder(patch, b.location.file) || a.location.line - b.location.line || (a.location.side === b.location.side ? 0 : a.location.side === 'old' ? -1 : 1));
}

function fileOrder(patch: DiffPatch, file: string): number {
  return patch.files.findIndex((f) => f.path === file);
}

function push(ctx: Ctx, concept: Concept, symbol: string, role: Role, file: string, side: 'new' | 'old', line: number, text: string, fn: string | undefined, detail: string[]): void {
  const key = `${file}\u0000${side}\u0000${line}\u0000${symbol}`;
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  const touch: Touch = { concept, symbol, role, location: locationIn(ctx.patch, file, side, line, text, fn) };
  const d = detail.filter(Boolean).join(' · ');
  if (d) touch.detail = d;
  ctx.out.push(touch);
}

function fromView(ctx: Ctx, file: FileDiff, view: FileView): void {
  const sides: [FunctionView[], 'new' | 'old', string][] = [[view.post, 'new', 'add'], [view.pre, 'old', 'del']];
  for (const [fns, side, kind] of sides) {
    for (const fn of fns) {
      for (const call of fn.calls) {
        if (call.line.kind !== kind) continue;
        const entry = ctx.model.bySymbol.get(call.callee);
        // The general kernel vocabulary is not part of the design map.
        if (!entry || entry.kind === 'aop' || entry.concept === 'kernel' || (entry.scope && !new RegExp(entry.scope).test(file.path))) continue;
        touchCall(ctx, file.path, side, fn, call, entry, view);
      }
    }
  }
  for (const init of view.initializers) {
    for (const f of init.fields) {
      if (f.line.kind !== 'add') continue;
      const field = f.field.replace(/^\./, '');
      const entry = ctx.model.bySymbol.get(field);
      if (!entry && !/address_space_operations/.test(init.type)) continue;
      const concept = aopsConcept(ctx.model, init.name, entry);
      const detail = [`${init.name}.${field} = ${f.value.trim()}`, f.guardedBy ? `under ${f.guardedBy}` : ''];
      push(ctx, concept, entry ? entry.symbol : field, 'register-aop', file.path, 'new', f.line.line, f.line.text, undefined, detail);
    }
  }
  for (const d of [...view.defines.map((x) => ({ name: x.name, value: x.value, line: x.line })), ...view.enumMembers.map((x) => ({ name: x.name, value: x.value ?? '', line: x.line }))]) {
    if (d.line.kind !== 'add') continue;
    defineTouch(ctx, file.path, 'new', d.line.line, d.line.text, d.name, d.value);
  }
}

function aopsConcept(model: Model, structName: string, field: ModelEntry | undefined): Concept {
  const owner = model.bySymbol.get(structName);
  if (owner) return owner.concept;
  if (/gmem/.test(structName)) return 'guest-memfd';
  if (/secretmem/.test(structName)) return 'secretmem';
  return field?.concept ?? 'folio';
}

function touchCall(ctx: Ctx, file: string, side: 'new' | 'old', fn: FunctionView, call: CallSite, entry: ModelEntry, view: FileView): void {
  const role = callRole(entry, call.args);
  const detail = [GRANULAR_ROLES.has(role) ? (granularityText(ctx.model, file, entry, call.args, call.loops) ?? '') : '', ...functionNotes(call, role, entry, fn, view, ctx.model)];
  push(ctx, entry.concept, entry.symbol, role, file, side, call.line.line, call.line.text, fn.name, detail);
}

function functionOf(view: FileView | undefined, side: 'new' | 'old', line: number): string | undefined {
  const fns = side === 'new' ? view?.post : view?.pre;
  return fns?.find((f) => f.startLine <= line && line <= f.endLine)?.name;
}

/**
 * A line read alone: a closed comment is a space, strings are code (a
 * symbol in a message is still named), and `//` counts only outside comments.
 */
const LINE_CODE: StripOptions = { comments: 'space', literals: 'keep', lineComments: 'after-blocks' };

/** The code of a C line without comments: a symbol named in a comment is not a touch. */
export function codeOf(text: string): string {
  if (/^\s*(\*|\/\*)/.test(text) && !/\*\/\s*\S/.test(text)) return '';
  return stripC([text], LINE_CODE).code[0]!;
}

const DEFINITION = /^[A-Za-z_][^;=]*?\b([A-Za-z_]\w*)\s*\([^;]*$/;
const DEFINED_VALUE = /^\s*(.*?)\s*$/;

/** The name a `#define` (any, function-like too: its value starts with the parameters) or an enum member line defines, with its value. */
export function definedOn(text: string): { name: string; value: string } | undefined {
  const d = defineOn(text);
  if (!d) return enumMemberOn(text);
  const value = DEFINED_VALUE.exec(d.rest)?.[1];
  return value === undefined ? undefined : { name: d.name, value };
}

function fromLine(ctx: Ctx, tl: TouchedLine, kind: ReturnType<typeof pathKind>, view: FileView | undefined): void {
  const text = kind === 'c' ? codeOf(tl.line.text) : tl.line.text;
  if (!text.trim()) return;
  const file = tl.file.path;
  const fn = functionOf(view, tl.side, tl.number);
  const defined = kind === 'c' ? DEFINITION.exec(text)?.[1] : undefined;
  if (kind === 'c') {
    const def = definedOn(text);
    // The defined name is pushed first; other names on the line (its value) are matched below.
    if (def && tl.side === 'new') defineTouch(ctx, file, tl.side, tl.number, text, def.name, def.value);
  }
  for (const m of text.matchAll(IDENT)) {
    const word = m[0];
    const found = ctx.model.bySymbol.get(word);
    const entry = found && found.concept !== 'kernel' && (!found.scope || new RegExp(found.scope).test(file)) ? found : undefined;
    if (!entry) {
      if ((kind === 'doc' || kind === 'selftest') && REGISTRY_PREFIXES.some((p) => word.startsWith(p) && word.length > p.length) && registryOf(word)) {
        push(ctx, 'registry', word, kind === 'doc' ? 'document' : 'test', file, tl.side, tl.number, text, fn, [registryOf(word)!]);
      }
      continue;
    }
    if (kind === 'doc') {
      push(ctx, entry.concept, word, 'document', file, tl.side, tl.number, text, fn, []);
      continue;
    }
    if (kind === 'selftest') {
      push(ctx, entry.concept, word, 'test', file, tl.side, tl.number, text, fn, []);
      continue;
    }
    if (word === defined) {
      push(ctx, entry.concept, word, 'use', file, tl.side, tl.number, text, word, ['defined here']);
      continue;
    }
    const after = text.slice(m.index! + word.length);
    const call = /^\s*\(/.test(after) && entry.kind !== 'aop' && entry.kind !== 'struct';
    if (call) {
      const args = argsAfter(after);
      const role = callRole(entry, args);
      push(ctx, entry.concept, word, role, file, tl.side, tl.number, text, fn, [GRANULAR_ROLES.has(role) ? (granularityText(ctx.model, file, entry, args) ?? '') : '']);
      continue;
    }
    // `.free_folio = kvm_gmem_free_folio,` is the register-aop touch already.
    if ((entry.kind === 'function' || entry.kind === 'struct') && /^\s*\.\w+\s*=/.test(text)) continue;
    push(ctx, entry.concept, word, textRole(entry, text, m.index!), file, tl.side, tl.number, text, fn, []);
  }
}

/** Role of a symbol named (not called) on a C line. */
function textRole(entry: ModelEntry, text: string, at: number): Role {
  // A function or struct named without a call: a reference (function pointer, a_ops comparison).
  if (entry.kind === 'function' || entry.kind === 'struct') return 'use';
  if (entry.kind === 'aop') return /^\s*\.\w+\s*=/.test(text) && text.trimStart().startsWith(`.${entry.symbol}`) ? 'register-aop' : 'use';
  if (entry.kind === 'capability') return CONDITION.test(text) ? 'check-capability' : 'use';
  if (FLAG_KINDS.has(entry.kind) || entry.kind === 'hypercall') {
    if (entry.role === 'check-flag' || entry.role === 'use') return CONDITION.test(text) || /=\s*[^;]*$/.test(text.slice(0, at + 1)) ? 'check-flag' : 'use';
  }
  return entry.role;
}

/** A `#define`/enum member of a model flag or of a registry prefix: returns whether it was one. */
function defineTouch(ctx: Ctx, file: string, side: 'new' | 'old', line: number, text: string, name: string, value: string): boolean {
  const entry = ctx.model.bySymbol.get(name);
  const registry = entry?.registry ?? registryOf(name, value);
  if (!entry && !registry) return false;
  if (entry && !registry && !FLAG_KINDS.has(entry.kind)) return false;
  const detail: string[] = [];
  if (registry) {
    const numeric = registryNumber(registry, value);
    detail.push(numeric === undefined ? `${registry} ${value}`.trim() : `${registry} ${registryNumberText(registry, numeric, value)} = ${value}`);
    if (numeric !== undefined) {
      const others = ctx.model.claims.filter((c) => c.registry === registry && c.numeric === numeric && c.symbol !== name);
      if (others.length) detail.push(`also ${others.map((c) => `${c.symbol} (${statusText(c.status)})`).join(', ')}`);
    }
  }
  push(ctx, entry?.concept ?? 'registry', name, 'define-flag', file, side, line, text, undefined, detail);
  return true;
}
