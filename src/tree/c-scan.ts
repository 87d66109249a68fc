/**
 * Line-level scanning of kernel headers for numbered symbols. Headers are
 * regular enough that this is more robust than a C parse (kernel macros give
 * tree-sitter ERROR nodes), and it keeps line numbers.
 */

import { defineOn, evaluateConstant, stripC, type StripOptions } from '../code/index.js';

export interface ScannedValue {
  name: string;
  /** Source text of the value; for an implicit enum member, `<previous> + 1`. */
  value: string;
  /** Absolute value when it is a constant (`1 << 19` → 524288n). */
  absolute?: bigint;
  line: number;
  enumName?: string;
}

/** Comments blanked to their width, so line numbers and columns survive; strings stay. */
const HEADER_CODE: StripOptions = { comments: 'blank', unclosed: 'text', literals: 'keep', lineComments: 'after-blocks' };

export function stripComments(text: string): string {
  return stripC(text.split('\n'), HEADER_CODE).code.join('\n');
}

/** Constant integer expressions as headers write them: 234, 0x80000, 1UL << 2, BIT(3), (1ULL << 2). */
export function evalConstant(text: string): bigint | undefined {
  return evaluateConstant(text);
}

const OBJECT_LIKE = /^(?!\()\s*(.*)$/;

/** Object-like `#define NAME value` lines (continuations joined). */
export function scanDefines(text: string): ScannedValue[] {
  const out: ScannedValue[] = [];
  const lines = stripComments(text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i]!;
    const d = defineOn(line);
    const m = d && OBJECT_LIKE.exec(d.rest);
    if (!m) continue;
    const value = m[1]!.trim();
    out.push({ name: d.name, value, absolute: evalConstant(value), line: start + 1 });
  }
  return out;
}

/** Members of every `enum [name] { … }` with implicit values counted on. */
export function scanEnums(text: string): ScannedValue[] {
  const clean = stripComments(text);
  const out: ScannedValue[] = [];
  const re = /\benum\s+(\w+\s*)?\{([^{}]*)\}/g;
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    const enumName = m[1]?.trim() || undefined;
    const bodyStart = m.index + m[0].indexOf('{') + 1;
    const known = new Map<string, bigint>();
    let next: bigint | undefined = 0n;
    let offset = bodyStart;
    for (const part of m[2]!.split(',')) {
      const line = clean.slice(0, offset + (part.length - part.trimStart().length)).split('\n').length;
      offset += part.length + 1;
      const member = /^\s*([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+?))?\s*$/.exec(part);
      if (!member) continue;
      const name = member[1]!;
      const valueText = member[2]?.replace(/\s+/g, ' ');
      let absolute: bigint | undefined;
      if (valueText !== undefined) absolute = evaluateConstant(valueText, (name) => known.get(name));
      else absolute = next;
      if (absolute !== undefined) known.set(name, absolute);
      next = absolute === undefined ? undefined : absolute + 1n;
      out.push({ name, value: valueText ?? (absolute !== undefined ? String(absolute) : ''), absolute, line, enumName });
    }
  }
  return out;
}


export interface ScannedInitializer {
  variable: string;
  line: number;
  fields: { field: string; value: string; line: number; guardedBy?: string }[];
}

/** `struct <type> name = { .field = value, … };` with the #ifdef each field sits under. */
export function scanInitializers(text: string, type: string): ScannedInitializer[] {
  const clean = stripComments(text);
  const out: ScannedInitializer[] = [];
  const re = new RegExp(`struct\\s+${type}\\s+(\\w+)\\s*=\\s*\\{`, 'g');
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    const startLine = clean.slice(0, m.index).split('\n').length;
    const end = clean.indexOf('};', m.index);
    if (end < 0) continue;
    const body = clean.slice(m.index + m[0].length, end).split('\n');
    const guards: string[] = [];
    const fields: ScannedInitializer['fields'] = [];
    body.forEach((raw, i) => {
      const pp = /^\s*#\s*(ifdef|ifndef|if|else|elif|endif)\b\s*(.*)$/.exec(raw);
      if (pp) {
        const [, kw, cond] = pp;
        if (kw === 'endif') guards.pop();
        else if (kw === 'else') guards.push(`!(${guards.pop() ?? ''})`);
        else if (kw === 'elif') { guards.pop(); guards.push(cond!.trim()); }
        else guards.push(kw === 'ifndef' ? `!defined(${cond!.trim()})` : kw === 'ifdef' ? cond!.trim() : cond!.trim());
        return;
      }
      const f = /^\s*\.(\w+)\s*=\s*([^,]+?)\s*,?\s*$/.exec(raw);
      if (f) fields.push({ field: f[1]!, value: f[2]!, line: startLine + i, guardedBy: guards.length ? guards.join(' && ') : undefined });
    });
    out.push({ variable: m[1]!, line: startLine, fields });
  }
  return out;
}
