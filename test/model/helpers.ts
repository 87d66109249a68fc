/**
 * Test helpers: a DiffPatch read from a format-patch mail, and a small
 * line-based FileView so the matcher can be tested before src/code exists.
 * They are deliberately simple; the matcher must not depend on their quirks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CallSite, CodeLine, FileView, FunctionView, LoopInfo, StructInitializer } from '../../src/code/index.js';
import { parseDiff, type DiffPatch, type DiffSeries, type FileDiff } from '../../src/diff/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/model');
export const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/corpus');

/** One mail of a format-patch file or mbox: its headers' subject/id and its diff. */
export function patchFromMail(text: string, index = 1, firstLine = 1): DiffPatch {
  const lines = text.split('\n');
  const subject = /^Subject: (.*)$/m.exec(text)?.[1]?.trim() ?? '';
  const messageId = /^Message-ID: <([^>]+)>/im.exec(text)?.[1];
  const diffStart = Math.max(0, lines.findIndex((l) => l.startsWith('diff --git ')));
  const files = parseDiff(lines.slice(diffStart).join('\n'), { inputLineOfFirst: firstLine + diffStart }).files;
  const patch = { index, total: 1, subject, messageId, files, added: 0, removed: 0, diffText: '', commitMessage: '', trailers: [], diffBodyLine: 0, input: 'test', line: firstLine, ordinal: index, to: [], cc: [], replies: [], diagnostics: [], author: { name: '', address: '' } } as unknown as DiffPatch;
  return patch;
}

export function readPatch(name: string): DiffPatch {
  return patchFromMail(readFileSync(path.join(FIXTURES, name), 'utf8'));
}

/** The patch mails of an mbox (subjects with N/M, N ≥ 1), in input order, with mbox line numbers. */
export function patchesFromMbox(file: string): DiffPatch[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const starts = lines.flatMap((l, i) => (/^From \S+ /.test(l) ? [i] : []));
  const out: DiffPatch[] = [];
  starts.forEach((s, k) => {
    const mail = lines.slice(s + 1, starts[k + 1] ?? lines.length).join('\n');
    const subj = /^Subject: (\[[^\]]*?(\d+)\/(\d+)\].*)$/m.exec(mail);
    if (!subj || /^Subject: Re:/im.test(mail) || subj[2] === '0') return;
    out.push(patchFromMail(mail, Number(subj[2]), s + 2));
  });
  return out;
}

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'return', 'sizeof', 'typeof', 'defined']);
const DEFINITION = /^[A-Za-z_][^;=]*?\b([A-Za-z_]\w*)\s*\([^;]*$/;

/** A line-based view of one file: functions from column-0 definitions and braces, calls by regex. */
export function viewOf(file: FileDiff): FileView {
  const build = (side: 'post' | 'pre'): { fns: FunctionView[]; image: CodeLine[] } => {
    const image: CodeLine[] = [];
    const fns: FunctionView[] = [];
    for (const h of file.hunks) {
      let fn: FunctionView | undefined;
      const headerFn = /([A-Za-z_]\w*)\s*\(/.exec(h.header)?.[1];
      let loops: LoopInfo[] = [];
      let headerOpen = true;
      for (const l of h.lines) {
        if (side === 'post' ? l.kind === 'del' : l.kind === 'add') continue;
        const cl: CodeLine = { line: (side === 'post' ? l.newLine : l.oldLine)!, kind: l.kind, text: l.text };
        image.push(cl);
        const def = DEFINITION.exec(l.text);
        if (def && !KEYWORDS.has(def[1]!) && !l.text.startsWith('#')) {
          headerOpen = false;
          fn = { name: def[1]!, file: file.path, side, complete: true, params: [], startLine: cl.line, endLine: cl.line, statements: [], calls: [], assignments: [], comments: [], labels: [], hasErrors: false };
          fns.push(fn);
          loops = [];
          continue;
        }
        if (/^\S/.test(l.text)) headerOpen = false;
        if (!fn && headerOpen && headerFn && /^\s/.test(l.text)) {
          fn = { name: headerFn, file: file.path, side, complete: false, params: [], startLine: cl.line, endLine: cl.line, statements: [], calls: [], assignments: [], comments: [], labels: [], hasErrors: false };
          fns.push(fn);
        }
        if (!fn) continue;
        fn.endLine = cl.line;
        if (/^}/.test(l.text)) { fn = undefined; continue; }
        const indent = /^\t*/.exec(l.text)![0].length;
        loops = loops.filter((lp) => /^\t*/.exec(lp.line.text)![0].length < indent);
        const loop = /^\s*for\s*\((.*)\)\s*{?\s*$/.exec(l.text);
        if (/\/\/|\/\*/.test(l.text)) fn.comments.push({ style: /\/\//.test(l.text) ? 'line' : 'block', text: l.text.trim(), line: cl });
        for (const c of callsOn(l.text, cl, loops, fn.statements.length)) fn.calls.push(c);
        fn.statements.push({ kind: 'other', text: l.text, line: cl, loops: [...loops], guards: [] });
        if (loop) loops = [{ kind: 'for', header: `for (${loop[1]})`, bound: loop[1]!.split(';')[1]?.trim() ?? '', line: cl }, ...loops];
      }
    }
    return { fns, image };
  };
  const post = build('post');
  const pre = build('pre');
  const initializers: StructInitializer[] = [];
  let init: StructInitializer | undefined;
  let guard: string | undefined;
  const defines: FileView['defines'] = [];
  const enumMembers: FileView['enumMembers'] = [];
  let inEnum = false;
  for (const cl of post.image) {
    const st = /^(?:static\s+)?(?:const\s+)?(struct\s+\w+)\s+(\w+)\s*=\s*{/.exec(cl.text);
    if (st) { init = { type: st[1]!, name: st[2]!, fields: [] }; initializers.push(init); continue; }
    if (/^#ifdef\s+(\w+)/.test(cl.text)) guard = /^#ifdef\s+(\w+)/.exec(cl.text)![1];
    if (/^#endif/.test(cl.text)) guard = undefined;
    const field = /^\s*(\.\w+)\s*=\s*([^,]+),?/.exec(cl.text);
    if (init && field) init.fields.push(guard ? { field: field[1]!, value: field[2]!.trim(), line: cl, guardedBy: guard } : { field: field[1]!, value: field[2]!.trim(), line: cl });
    if (/^};/.test(cl.text)) { init = undefined; inEnum = false; }
    const d = /^#\s*define\s+(\w+)\s*(.*)$/.exec(cl.text);
    if (d) defines.push({ name: d[1]!, value: d[2]!.trim(), line: cl });
    if (/^enum\s+\w*\s*{/.test(cl.text)) inEnum = true;
    const em = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*([^,]+?),/.exec(cl.text);
    if ((inEnum || em) && em) enumMembers.push({ name: em[1]!, value: em[2]!, line: cl });
  }
  return { file: file.path, post: post.fns, pre: pre.fns, initializers, defines, enumMembers, comments: [], moduleParams: [], preprocessor: [] };
}

function callsOn(text: string, line: CodeLine, loops: LoopInfo[], statement: number): CallSite[] {
  const out: CallSite[] = [];
  const re = /([A-Za-z_]\w*)\s*\(/g;
  for (const m of text.matchAll(re)) {
    if (KEYWORDS.has(m[1]!)) continue;
    const start = m.index! + m[0].length;
    let depth = 0;
    let end = start;
    for (; end < text.length; end++) {
      if (text[end] === '(') depth++;
      else if (text[end] === ')') { if (depth === 0) break; depth--; }
    }
    const args = splitArgs(text.slice(start, end));
    const before = text.slice(0, m.index!);
    const wrapped = /([A-Za-z_]\w*)\s*\(\s*$/.exec(before)?.[1];
    const assigned = /([\w>.-]+)\s*=\s*$/.exec(before)?.[1];
    const call: CallSite = { callee: m[1]!, args, text: text.slice(m.index!, end + 1), line, loops: [...loops], guards: [], discarded: before.trim() === '' && /\)\s*;\s*$/.test(text), statement };
    if (wrapped) call.wrappedBy = wrapped;
    if (assigned) call.assignedTo = assigned;
    out.push(call);
  }
  return out;
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function viewsOf(patch: DiffPatch): FileView[] {
  return patch.files.filter((f) => /\.[ch]$/.test(f.path)).map(viewOf);
}

/** A DiffSeries around patches, for summary and map tests. */
export function seriesOf(title: string, patches: DiffPatch[], version = 1): DiffSeries {
  for (const p of patches) (p as { total: number }).total = patches.length;
  return { id: `${title} v${version}`, title, version, rfc: false, cover: null, patches, total: patches.length, missing: [], prerequisitePatchIds: [], author: { name: '', address: '' }, diagnostics: [] };
}
