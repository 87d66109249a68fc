import { createRequire } from 'node:module';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

/**
 * One tree-sitter parser per process, loaded lazily: most patches never
 * need it (the prefilter drops them), and the wasm load costs ~tens of ms.
 */
let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** The C grammar's wasm, resolved through the package so it works from dist/ too. */
export function grammarPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('tree-sitter-c/package.json')), 'tree-sitter-c.wasm');
}

async function load(): Promise<void> {
  await Parser.init();
  const language = await Language.load(grammarPath());
  const p = new Parser();
  p.setLanguage(language);
  parser = p;
}

/** Loads the parser once; later calls return the same promise. */
export function ensureParser(): Promise<void> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined;
    throw new Error(`pmreview: cannot load the tree-sitter C grammar (${grammarPath()})`, { cause: err });
  });
  return loading;
}

export function parserReady(): boolean {
  return parser !== undefined;
}

/** The loaded parser; the synchronous API needs ensureParser() to have been awaited. */
export function getParser(): Parser {
  if (!parser) throw new Error('pmreview code view: await ensureParser() before buildFileView()');
  return parser;
}
