import { CATEGORIES, type Category } from '../../model/index.js';

/** One point a human reviewer made, as `fixtures/corpus/README.md` defines it. */
export interface TruthEntry {
  id: string;
  messageId?: string;
  subject?: string;
  file?: string;
  line?: number;
  text?: string;
  category: Category;
  reviewer?: string;
  says?: string;
}

export interface TruthFile {
  sources: string[];
  findings: TruthEntry[];
}

export function parseTruth(text: string, file: string): TruthFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const obj = raw as { sources?: unknown; findings?: unknown };
  if (!obj || !Array.isArray(obj.findings)) throw new Error(`${file}: no "findings" list`);
  const findings = obj.findings.map((f, i) => {
    const e = f as Partial<TruthEntry>;
    if (!e.category || !(CATEGORIES as readonly string[]).includes(e.category)) {
      throw new Error(`${file}: findings[${i}]: unknown category "${String(e.category)}"`);
    }
    return { ...e, id: e.id ?? `#${i + 1}` } as TruthEntry;
  });
  return { sources: Array.isArray(obj.sources) ? (obj.sources as string[]) : [], findings };
}
