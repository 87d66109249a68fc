import type { Node, Tree } from 'web-tree-sitter';
import type { Diagnostic } from '../common/index.js';
import { isCFile, type DiffLine, type DiffPatch, type FileDiff, type Hunk } from '../diff/index.js';
import { collectFileItems } from './file-items.js';
import { buildFunction, functionNodes, type BuiltFunction } from './functions.js';
import { mergeSplitFunctions } from './merge.js';
import { buildSegments, codeLine, lineNo, sideLines, type Row, type Side } from './image.js';
import { ensureParser, getParser } from './parser.js';
import { NodeIndex } from './node-index.js';
import { tooDeepRow } from './nesting.js';
import { moduleParamName, preprocessorConditions } from './preprocessor.js';
import type { Comment, FileView, FunctionView, TreeSource } from './types.js';
import { OutOfBudgetError, Syntax, TooDeepError, WorkBudget } from './syntax.js';
import { blankAnnotations } from './text.js';
import { wrapSegment } from './wrap.js';

/**
 * Longest line the C view parses. Kernel sources stay under a few hundred
 * characters (330 in the 6.12 parts pmreview reads); a longer line is data or
 * an attack, and one line of operators is a parse tree as deep as it is long.
 */
export const MAX_LINE_CHARS = 4096;

/**
 * The C view's work for one patch (see WorkBudget). Parse steps are hundreds
 * of tree-sitter operations: kernel C takes 5–8 per kB, text that sends the
 * parser into error recovery 25–60 per kB at up to four times the cost per
 * step. Extraction steps are statements and calls read; the rules' work grows
 * with them. The largest patch of fixtures/corpus needs 147 parse and 629
 * extraction steps. Sized so that any mail stays well within the per-message
 * bound of `npm run fuzz` (1 CPU-second up to 1 MiB; measured under load): a
 * 178 kB new C file (6.12's kvm_main.c, 1,125 parse and 4,764 extraction
 * steps) took 0.74 s with the earlier 3,000/8,000 and a 360 kB one 1.3–1.5 s;
 * with these they are cut (said once) and take 0.25 s and 0.5 s.
 */
export const PARSE_STEPS = 1_000;
export const EXTRACT_STEPS = 3_000;
/**
 * With --tree the C view parses whole files, whatever the size of the mail
 * (both sides of kvm_main.c are 2,250 parse steps); a series applied to the
 * 6.12 tree needs up to 508 and 141 per patch. The user asked for that work.
 */
export const TREE_PARSE_STEPS = 3_000;
export const TREE_EXTRACT_STEPS = 8_000;

export interface FileViewOptions {
  treeSource?: TreeSource;
  /** A hunk is parsed only when this accepts its text (all lines and the header). */
  prefilter?: (text: string) => boolean;
  /** The work allowed (default PARSE_STEPS, EXTRACT_STEPS; with a tree TREE_PARSE_STEPS, TREE_EXTRACT_STEPS). */
  budget?: WorkBudget;
}

export interface CodeViewOptions {
  prefilter?: (text: string) => boolean;
  tree?: TreeSource;
  /** The work allowed for the whole patch (default PARSE_STEPS, EXTRACT_STEPS; with a tree TREE_PARSE_STEPS, TREE_EXTRACT_STEPS). */
  budget?: WorkBudget;
}

function defaultBudget(tree?: TreeSource): WorkBudget {
  return tree ? new WorkBudget(TREE_PARSE_STEPS, TREE_EXTRACT_STEPS) : new WorkBudget(PARSE_STEPS, EXTRACT_STEPS);
}

function emptyView(file: string): FileView {
  return { file, post: [], pre: [], initializers: [], defines: [], enumMembers: [], comments: [], moduleParams: [], preprocessor: [] };
}

/** One parse of one text: its rows, whether rows come from a real file, and the header naming a fragment. */
interface Image {
  rows: Row[];
  header: string;
  whole: boolean;
  /** Rows whose functions belong in the view. */
  wanted: (fn: Node) => boolean;
}

function withTree<T>(text: string, budget: WorkBudget, use: (index: NodeIndex, s: Syntax) => T): T {
  const parsed = blankAnnotations(text);
  const deep = tooDeepRow(parsed);
  if (deep !== undefined) throw new TooDeepError(deep);
  const parser = getParser();
  const tree: Tree | null = parser.parse(parsed, null, { progressCallback: () => budget.parseStep() });
  if (!tree) {
    // a cancelled parse would be resumed by the next call
    parser.reset();
    throw new OutOfBudgetError('parsing');
  }
  const syntax = new Syntax(text, parsed, tree.rootNode, budget);
  try {
    return use(new NodeIndex(tree.rootNode, syntax), syntax);
  } finally {
    syntax.dispose();
    tree.delete();
  }
}

/** Images built from the hunks alone: post/pre text of each group of close hunks. */
function hunkImages(file: FileDiff, hunks: Hunk[], side: Side): Image[] {
  return buildSegments(hunks, side).map((seg) => {
    const wrapped = wrapSegment(seg);
    return { rows: wrapped.rows, header: seg.header, whole: false, wanted: () => true };
  });
}

/**
 * The whole real file, with the patch's lines mapped to their diff lines.
 * Undefined (hunks are used instead) when the file is missing or does not
 * match the patch.
 */
function treeImage(file: FileDiff, hunks: Hunk[], side: Side, tree: TreeSource, diags: Diagnostic[]): Image | undefined {
  const path = side === 'post' ? file.newPath : file.oldPath;
  if (!path) return undefined;
  let text: string | undefined;
  try {
    text = tree.readFile(side, path);
  } catch (err) {
    diags.push({ severity: 'warning', input: path, message: `kernel tree: cannot read the ${side}-patch file: ${String(err)}` });
    return undefined;
  }
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const byLine = new Map<number, DiffLine>();
  const ranges: [number, number][] = [];
  for (const h of hunks) {
    const ls = sideLines(h, side);
    for (const l of ls) {
      const n = lineNo(l, side);
      if ((lines[n - 1] ?? '').trimEnd() !== l.text.trimEnd()) {
        diags.push({ severity: 'warning', input: path, inputLine: n, message: `kernel tree: ${side}-patch file does not match the patch at line ${n}; using the patch alone` });
        return undefined;
      }
      byLine.set(n, l);
    }
    if (ls.length) ranges.push([lineNo(ls[0]!, side), lineNo(ls[ls.length - 1]!, side)]);
  }
  const rows: Row[] = lines.map((t, i) => {
    const dl = byLine.get(i + 1);
    return { text: t, code: dl ? codeLine(dl, side) : { line: i + 1, kind: 'tree', text: t } };
  });
  const wanted = (fn: Node): boolean => ranges.some(([a, b]) => fn.startPosition.row + 1 <= b && fn.endPosition.row + 1 >= a);
  return { rows, header: '', whole: true, wanted };
}

function sideImages(file: FileDiff, hunks: Hunk[], side: Side, tree: TreeSource | undefined, diags: Diagnostic[]): Image[] {
  const whole = tree ? treeImage(file, hunks, side, tree, diags) : undefined;
  return whole ? [whole] : hunkImages(file, hunks, side);
}

function functionsOf(index: NodeIndex, s: Syntax, image: Image, file: string, side: Side): BuiltFunction[] {
  const out: BuiltFunction[] = [];
  for (const def of functionNodes(index)) {
    if (!image.wanted(def)) continue;
    const fn = buildFunction(def, { file, side, rows: image.rows, header: image.header, whole: image.whole, syntax: s, index });
    if (fn) out.push(fn);
  }
  return out;
}

/** Post-image file-level items: only rows that are patch lines, so a whole tree file does not flood the view. */
function addFileItems(view: FileView, index: NodeIndex, s: Syntax, image: Image, fns: FunctionView[]): void {
  const patchRow = (row: number): boolean => {
    const k = image.rows[row]?.code?.kind;
    return k !== undefined && k !== 'tree';
  };
  const conditions = preprocessorConditions(image.rows);
  const items = collectFileItems(index, image.rows, conditions, patchRow, s);
  view.defines.push(...items.defines);
  view.enumMembers.push(...items.enumMembers);
  view.initializers.push(...items.initializers);
  const inFunction = (line: number): boolean => fns.some((f) => line >= f.startLine && line <= f.endLine);
  for (const c of index.ofType('comment')) {
    const line = image.rows[c.startPosition.row]?.code;
    if (!line || !patchRow(c.startPosition.row) || inFunction(line.line)) continue;
    const text = s.text(c);
    const comment: Comment = { style: text.startsWith('//') ? 'line' : 'block', text, line };
    view.comments.push(comment);
  }
  image.rows.forEach((r, i) => {
    if (!r.code) return;
    const name = moduleParamName(r.text);
    if (name && patchRow(i)) view.moduleParams.push({ name, line: r.code });
    const condition = conditions[i];
    if (condition && (patchRow(i) || inFunction(r.code.line))) view.preprocessor.push({ line: r.code.line, condition });
  });
}

function hunkText(h: Hunk): string {
  return [h.header, ...h.lines.map((l) => l.text)].join('\n');
}

/**
 * The image's text as the parser gets it: a line over MAX_LINE_CHARS is left
 * out (blank), so one line cannot make the rest of the hunk go unread; the
 * first such line of a file is reported, with the number of the others.
 */
function imageText(image: Image, file: FileDiff, long: LongLines, diags: Diagnostic[]): string {
  return image.rows
    .map((r) => {
      if (r.text.length <= MAX_LINE_CHARS) return r.text;
      const code = r.code;
      const key = code?.diffLine ?? code?.line ?? -1;
      if (code && code.kind !== 'tree' && !long.reported.has(key)) {
        long.reported.add(key);
        const message = `a line of ${r.text.length} characters is left out of the C view (it parses lines of up to ${MAX_LINE_CHARS}); the text rules still read it`;
        if (!long.first) {
          long.first = { diagnostic: { severity: 'warning', input: file.path, inputLine: code.line, message }, message };
          diags.push(long.first.diagnostic);
        } else {
          // One diagnostic per file, with a count: 300 long lines gave 300 diagnostics.
          const more = long.reported.size - 1;
          long.first.diagnostic.message = `${long.first.message} (and ${more} more ${more === 1 ? 'line' : 'lines'} over the cap in this file)`;
        }
      }
      return '';
    })
    .join('\n');
}

/** The lines of one file left out for their length: each reported once, in one diagnostic. */
interface LongLines {
  reported: Set<number>;
  first?: { diagnostic: Diagnostic; message: string };
}

/**
 * The C view of one file of a patch. Synchronous so rules can call it;
 * ensureParser() must have been awaited first.
 */
export function buildFileView(file: FileDiff, opts: FileViewOptions = {}): FileView {
  const hunks = opts.prefilter && !file.binary && isCFile(file.path) ? file.hunks.filter((h) => opts.prefilter!(hunkText(h))) : file.hunks;
  return fileView(file, hunks, opts.treeSource, opts.budget ?? defaultBudget(opts.treeSource));
}

/** Lines [a, b] of the image's side, for a diagnostic. */
function imageSpan(image: Image): string {
  const first = image.rows.find((r) => r.code)?.code?.line;
  const last = image.rows.findLast((r) => r.code)?.code?.line;
  return first !== undefined ? `lines ${first}–${last}` : 'no lines';
}

/** The diagnostic that said a patch's WorkBudget ran out, and how many images were skipped after it. */
const SPENT = new WeakMap<WorkBudget, { diagnostic: Diagnostic; message: string; more: number }>();

/** The view of `hunks`, the file's hunks that passed the prefilter. */
function fileView(file: FileDiff, hunks: Hunk[], treeSource: TreeSource | undefined, budget: WorkBudget): FileView {
  getParser();
  const view = emptyView(file.path);
  if (file.binary || !isCFile(file.path)) return view;
  const diags: Diagnostic[] = [];
  const long: LongLines = { reported: new Set() };
  for (const side of ['post', 'pre'] as const) {
    if (hunks.length === 0) break;
    if (side === 'post' && file.status === 'deleted') continue;
    if (side === 'pre' && file.status === 'added') continue;
    const built: BuiltFunction[] = [];
    for (const image of sideImages(file, hunks, side, treeSource, diags)) {
      const first = image.rows.find((r) => r.code)?.code?.line;
      const at = first ? { inputLine: first } : {};
      const spent = SPENT.get(budget);
      if (spent) {
        // Each further image would fail the same way: one diagnostic for the patch, with a count.
        spent.more++;
        spent.diagnostic.message = `${spent.message} (and ${spent.more} more ${spent.more === 1 ? 'image' : 'images'} of this patch after it)`;
        continue;
      }
      try {
        withTree(imageText(image, file, long, diags), budget, (index, s) => {
          const fns = functionsOf(index, s, image, file.path, side);
          built.push(...fns);
          if (side === 'post') addFileItems(view, index, s, image, fns.map((f) => f.view));
        });
      } catch (err) {
        const skipped = `the C view skips the ${side} image (${imageSpan(image)}); its hunks are reviewed by the text rules only`;
        if (err instanceof TooDeepError) {
          diags.push({ severity: 'warning', input: file.path, inputLine: image.rows[err.row]?.code?.line ?? first, message: `${err.message}: ${skipped}` });
        } else if (err instanceof OutOfBudgetError) {
          const diagnostic: Diagnostic = { severity: 'warning', input: file.path, ...at, message: `${err.message}: ${skipped}` };
          diags.push(diagnostic);
          SPENT.set(budget, { diagnostic, message: diagnostic.message, more: 0 });
        } else {
          diags.push({ severity: 'warning', input: file.path, ...at, message: `code view: cannot parse the ${side} image: ${String(err)}` });
        }
      }
    }
    view[side].push(...mergeSplitFunctions(built));
  }
  if (diags.length) view.diagnostics = diags;
  return view;
}

/** C views of the patch's `.c`/`.h` files whose hunks pass the prefilter; files with none yield no view. */
export async function buildCodeView(patch: DiffPatch, opts: CodeViewOptions = {}): Promise<FileView[]> {
  // Each hunk's text is built and tested once, not once to pick the files and again to pick the hunks.
  const picked: { file: FileDiff; hunks: Hunk[] }[] = [];
  for (const file of patch.files) {
    if (file.binary || !isCFile(file.path)) continue;
    const hunks = opts.prefilter ? file.hunks.filter((h) => opts.prefilter!(hunkText(h))) : file.hunks;
    if (!opts.prefilter || hunks.length > 0) picked.push({ file, hunks });
  }
  if (picked.length === 0) return [];
  await ensureParser();
  const budget = opts.budget ?? defaultBudget(opts.tree);
  return picked.map(({ file, hunks }) => fileView(file, hunks, opts.tree, budget));
}
