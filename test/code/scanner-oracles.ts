/**
 * The text scanners of the code stage as they were before they were made
 * faster (character by character, one regex per row), kept as references
 * for the property tests in text-scanners.test.ts.
 */

export function squash(text: string): string {
  return text.replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim();
}

export function splitTopLevel(text: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      cur += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (c === sep && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

export function stripCodeState(rows: string[], startsInComment = false): { code: string[]; endsInComment: boolean } {
  let inBlock = startsInComment;
  const code = rows.map((text) => {
    let out = '';
    let i = 0;
    while (i < text.length) {
      if (inBlock) {
        const end = text.indexOf('*/', i);
        if (end < 0) break;
        inBlock = false;
        i = end + 2;
        continue;
      }
      const c = text[i]!;
      if (c === '/' && text[i + 1] === '*') { inBlock = true; i += 2; continue; }
      if (c === '/' && text[i + 1] === '/') break;
      if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
        out += ' ';
        i = j + 1;
        continue;
      }
      out += c;
      i++;
    }
    return out;
  });
  return { code, endsInComment: inBlock };
}

export function braceDepths(texts: string[], startsInComment = false): number[] {
  const code = stripCodeState(texts, startsInComment).code;
  const depths: number[] = [];
  let depth = 0;
  const skipping: boolean[] = [];
  for (const line of code) {
    const pp = /^\s*#\s*(\w+)/.exec(line)?.[1];
    if (pp) {
      if (/^if/.test(pp)) skipping.push(false);
      else if (pp === 'else' || pp === 'elif') { if (skipping.length) skipping[skipping.length - 1] = true; }
      else if (pp === 'endif') skipping.pop();
      depths.push(depth);
      continue;
    }
    if (!skipping.includes(true)) {
      for (const ch of line) {
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
      }
    }
    depths.push(depth);
  }
  return depths;
}

export function openBraces(code: string[]): boolean[] {
  const stack: boolean[] = [];
  for (const line of code) {
    if (/^\s*#/.test(line)) continue;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '{') stack.push(/\bdo\s*$/.test(line.slice(0, i)));
      else if (line[i] === '}') stack.pop();
    }
  }
  return stack.reverse();
}

/*
 * The other comment strippers the stages kept before they shared stripC,
 * verbatim: rules' scanC, the model's codeOf and registry-value strip, and
 * the header scan's stripComments.
 */

export function scanC(lines: string[]): { code: string; lineComment?: string }[] {
  let inBlock = false;
  return lines.map((line) => {
    let code = '';
    let lineComment: string | undefined;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      const next = line[i + 1];
      if (inBlock) {
        if (ch === '*' && next === '/') {
          inBlock = false;
          i++;
        }
        continue;
      }
      if (ch === '/' && next === '*') {
        inBlock = true;
        i++;
        continue;
      }
      if (ch === '/' && next === '/') {
        lineComment = line.slice(i);
        break;
      }
      if (ch === '"' || ch === "'") {
        const quote = ch;
        code += ' ';
        for (i++; i < line.length && line[i] !== quote; i++) if (line[i] === '\\') i++;
        continue;
      }
      code += ch;
    }
    return { code, lineComment };
  });
}

export function codeOf(text: string): string {
  if (/^\s*(\*|\/\*)/.test(text) && !/\*\/\s*\S/.test(text)) return '';
  return text.replace(/\/\*.*?\*\//g, ' ').replace(/\/\*.*$/, '').replace(/\/\/.*$/, '');
}

/** The comment part of the model's registry-value strip (it then trims and unwraps parentheses). */
export function registryValueComments(text: string): string {
  return text.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '');
}

export function headerComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

export function bareValue(text: string): string {
  let v = text.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').trim();
  while (/^\(.*\)$/.test(v) && balanced(v.slice(1, -1))) v = v.slice(1, -1).trim();
  return v;
}

/* The `#define`/enum line readers before they shared defineOn and enumMemberOn, verbatim. */

const ENUM_MEMBER = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*([^,]+?)\s*,?\s*(?:\/\*.*)?$/;

/** The model's line reader (match.ts): the defined name and its value. */
export function modelDefine(text: string): [string, string] | undefined {
  const def = /^\s*#\s*define\s+([A-Za-z_]\w*)\s*(.*?)\s*$/.exec(text) ?? (ENUM_MEMBER.test(text) ? ENUM_MEMBER.exec(text) : null);
  return def ? [def[1]!, def[2] ?? ''] : undefined;
}

/** The rules' number reader (lib/defines.ts). */
export function rulesNumber(text: string): [string, string] | undefined {
  const m = /^\s*#\s*define\s+([A-Z_][A-Z0-9_]*)\s+(.+?)\s*$/.exec(text) ?? ENUM_MEMBER.exec(text);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** R16's defined-name test. */
export function definedName(text: string): string | undefined {
  return /^\s*#\s*define\s+([A-Za-z_]\w*)/.exec(text)?.[1];
}

/** The header scan's object-like define (tree/c-scan.ts, after it stopped cutting names before `(`). */
export function headerDefine(line: string): [string, string] | undefined {
  const m = /^\s*#\s*define\s+([A-Za-z_]\w*)(?![\w(])\s*(.*)$/.exec(line);
  return m ? [m[1]!, m[2]!.trim()] : undefined;
}

export function scanDefines(text: string, evaluate: (v: string) => bigint | undefined): { name: string; value: string; absolute?: bigint; line: number }[] {
  const out: { name: string; value: string; absolute?: bigint; line: number }[] = [];
  const lines = headerComments(text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i]!;
    const m = headerDefine(line);
    if (!m) continue;
    out.push({ name: m[0], value: m[1], absolute: evaluate(m[1]), line: start + 1 });
  }
  return out;
}

/* The argument splitters before they shared splitTopLevel, verbatim: the model's argsOf and the rules' splitTop. */

export function argsOf(after: string): string[] {
  const open = after.indexOf('(');
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of after.slice(open + 1)) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) break;
      depth--;
    }
    if (ch === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) args.push(cur.trim());
  return args;
}

export function splitTop(text: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(' || c === '[' || c === '{') depth++;
    if (c === ')' || c === ']' || c === '}') depth--;
    if (c === sep && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
