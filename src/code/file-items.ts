import { declaratorName } from './calls.js';
import { evaluateConstant } from './constant.js';
import type { Row } from './image.js';
import type { NodeIndex } from './node-index.js';
import type { Syntax } from './syntax.js';
import { squash } from './text.js';
import type { Define, EnumMember, StructInitializer } from './types.js';

/** Items outside functions, from one parsed post image. `keep` says which rows belong in the view. */
export interface FileItems {
  defines: Define[];
  enumMembers: EnumMember[];
  initializers: StructInitializer[];
}

export function collectFileItems(index: NodeIndex, rows: Row[], conditions: (string | undefined)[], keep: (row: number) => boolean, s: Syntax): FileItems {
  const defines: Define[] = [];
  const known = new Map<string, bigint>();
  for (const d of index.ofType('preproc_def')) {
    const nameNode = s.field(d, 'name');
    const name = nameNode ? s.parsedText(nameNode) : undefined;
    const line = rows[d.startPosition.row]?.code;
    if (!name) continue;
    const valueNode = s.field(d, 'value');
    const value = valueNode ? squash(s.text(valueNode)) : '';
    const numeric = evaluateConstant(value, (n) => known.get(n));
    if (numeric !== undefined) known.set(name, numeric);
    if (line && keep(d.startPosition.row)) defines.push({ name, value, line, ...(numeric !== undefined ? { numeric } : {}) });
  }

  const enumMembers: EnumMember[] = [];
  for (const list of index.ofType('enumerator_list')) {
    const parent = s.parent(list);
    const enumNameNode = parent && s.type(parent) === 'enum_specifier' ? s.field(parent, 'name') : null;
    const enumName = enumNameNode ? s.parsedText(enumNameNode) : undefined;
    let prev: bigint | undefined;
    // A fragment that starts mid-enum does not know the members above it.
    let first = rows[list.startPosition.row]?.code !== undefined;
    for (const e of s.namedChildren(list)) {
      if (s.type(e) !== 'enumerator') continue;
      const nameNode = s.field(e, 'name');
      const name = nameNode ? s.parsedText(nameNode) : '';
      const valueNode = s.field(e, 'value');
      const value = valueNode ? squash(s.text(valueNode)) : undefined;
      let numeric: bigint | undefined;
      if (value !== undefined) numeric = evaluateConstant(value, (n) => known.get(n));
      else if (prev !== undefined) numeric = prev + 1n;
      else if (first) numeric = 0n;
      first = false;
      prev = numeric;
      if (numeric !== undefined) known.set(name, numeric);
      const line = rows[e.startPosition.row]?.code;
      if (line && keep(e.startPosition.row)) {
        enumMembers.push({ ...(enumName ? { enumName } : {}), name, ...(value !== undefined ? { value } : {}), ...(numeric !== undefined ? { numeric } : {}), line });
      }
    }
  }

  const initializers: StructInitializer[] = [];
  for (const init of index.ofType('init_declarator')) {
    const list = s.field(init, 'value');
    if (!list || s.type(list) !== 'initializer_list') continue;
    const decl = s.parent(init);
    const typeNode = decl ? s.field(decl, 'type') : null;
    const type = typeNode ? squash(s.text(typeNode)) : '';
    const name = declaratorName(s.field(init, 'declarator'), s) ?? '';
    const declCond = conditions[init.startPosition.row];
    const fields: StructInitializer['fields'] = [];
    for (const item of designatedItems(s.text(list), list.startPosition.row)) {
      const line = rows[item.row]?.code;
      if (!line || !keep(item.row)) continue;
      const cond = conditions[item.row];
      fields.push({ field: item.field, value: item.value, line, ...(cond && cond !== declCond ? { guardedBy: cond } : {}) });
    }
    if (fields.length) initializers.push({ type, name, fields });
  }
  initializers.push(...textInitializers(rows, conditions, keep, new Set(initializers.map((i) => i.name))));
  return { defines, enumMembers, initializers };
}

/**
 * `.field = value` items at the top level of an initializer list, with the
 * row each starts on. Done on the text because `#ifdef` inside an
 * initializer list turns the tree-sitter parse into ERROR nodes.
 */
export function designatedItems(text: string, firstRow: number): { field: string; value: string; row: number }[] {
  const lines = text.split('\n').map((l) => (/^\s*#/.test(l) ? ' '.repeat(l.length) : l));
  const body = lines.join('\n');
  const items: { text: string; row: number }[] = [];
  let depth = 0;
  let row = firstRow;
  let cur = '';
  let curRow = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '/' && body[i + 1] === '*') {
      const end = body.indexOf('*/', i + 2);
      const skipped = body.slice(i, end < 0 ? body.length : end + 2);
      row += skipped.split('\n').length - 1;
      i += skipped.length - 1;
      continue;
    }
    if (c === '/' && body[i + 1] === '/') {
      while (i + 1 < body.length && body[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '\n') row++;
    if (c === '{' || c === '(' || c === '[') { depth++; if (depth === 1 && c === '{') continue; }
    if (c === '}' || c === ')' || c === ']') { depth--; if (depth === 0) break; }
    if (depth === 1 && c === ',') { items.push({ text: cur, row: curRow }); cur = ''; curRow = -1; continue; }
    if (depth >= 1) {
      if (curRow < 0 && !/\s/.test(c)) curRow = row;
      cur += c;
    }
  }
  if (cur.trim()) items.push({ text: cur, row: curRow });
  const out: { field: string; value: string; row: number }[] = [];
  for (const it of items) {
    const m = /^\s*\.\s*([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/.exec(it.text);
    if (m) out.push({ field: m[1]!, value: squash(m[2]!), row: it.row });
  }
  return out;
}

const STRUCT_INIT = /^\s*(?:static\s+)?(?:const\s+)?(struct\s+\w+)\s+(?:const\s+)?([A-Za-z_]\w*)\s*=\s*\{/;

/**
 * `static const struct x name = {` declarations tree-sitter lost to an
 * ERROR node (an `#if` right after the brace does that), read from the text.
 */
function textInitializers(rows: Row[], conditions: (string | undefined)[], keep: (row: number) => boolean, seen: Set<string>): StructInitializer[] {
  const out: StructInitializer[] = [];
  rows.forEach((row, i) => {
    const m = STRUCT_INIT.exec(row.text);
    if (!m || seen.has(m[2]!)) return;
    const text = [row.text.slice(row.text.indexOf('{')), ...rows.slice(i + 1).map((r) => r.text)].join('\n');
    const fields: StructInitializer['fields'] = [];
    for (const item of designatedItems(text, i)) {
      const line = rows[item.row]?.code;
      if (!line || !keep(item.row)) continue;
      const cond = conditions[item.row];
      fields.push({ field: item.field, value: item.value, line, ...(cond && cond !== conditions[i] ? { guardedBy: cond } : {}) });
    }
    if (fields.length) out.push({ type: m[1]!.replace(/\s+/g, ' '), name: m[2]!, fields });
  });
  return out;
}
