/**
 * `#define` and enum member lines read from text, for the readers that have
 * a line and no parse: diff lines no view covers, whole headers of a tree.
 * The view's `defines`/`enumMembers` are the same items from the parse.
 */

const DEFINE = /^\s*#\s*define\s+([A-Za-z_]\w*)/;

/**
 * `#define NAME …`: the name and the text after it, as it stands (a
 * function-like macro's `(params)` included). Readers take the value from
 * `rest` by their own needs: trimmed, required, object-like only.
 */
export function defineOn(text: string): { name: string; rest: string } | undefined {
  const m = DEFINE.exec(text);
  return m ? { name: m[1]!, rest: text.slice(m[0].length) } : undefined;
}

const ENUM_MEMBER = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*([^,]+?)\s*,?\s*(?:\/\*.*)?$/;

/** `NAME = value,` alone on a line, as the kernel writes numbered enum members (upper-case names). */
export function enumMemberOn(text: string): { name: string; value: string } | undefined {
  const m = ENUM_MEMBER.exec(text);
  return m ? { name: m[1]!, value: m[2]! } : undefined;
}
