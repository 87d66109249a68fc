import type { Row } from './image.js';

/**
 * #if conditions in force per row, from the text alone: tree-sitter nests
 * preprocessor blocks only when they wrap whole statements, and rules need
 * the condition of any line (an initializer field, a call).
 */
export function preprocessorConditions(rows: Row[]): (string | undefined)[] {
  const stack: string[] = [];
  const out: (string | undefined)[] = [];
  for (const row of rows) {
    out.push(stack.length ? stack.join(' && ') : undefined);
    const m = /^\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b\s*(.*?)\s*(?:\/\*.*|\/\/.*)?$/.exec(row.text);
    if (!m) continue;
    const [, what, rest] = m;
    const cond = rest!.trim();
    switch (what) {
      case 'ifdef': stack.push(cond); break;
      case 'ifndef': stack.push(`!${cond}`); break;
      case 'if': stack.push(cond); break;
      case 'elif': if (stack.length) stack[stack.length - 1] = cond; break;
      case 'else': if (stack.length) stack[stack.length - 1] = `!(${stack[stack.length - 1]})`; break;
      case 'endif': stack.pop(); break;
    }
  }
  return out;
}

const MODULE_PARAM = /^\s*(?:module_param(?:_named|_cb|_unsafe|_array)?|core_param)\s*\(\s*([A-Za-z_]\w*)/;

export function moduleParamName(text: string): string | undefined {
  return MODULE_PARAM.exec(text)?.[1];
}
