import type { Diagnostic } from '../common/index.js';
import type { LineKind } from '../diff/index.js';

/**
 * A C view of the code a patch touches. Built from hunks (post-image =
 * context + added lines, pre-image = context + deleted lines) or, when a
 * kernel tree is given, from whole functions of the real files. Every node
 * carries the patch line it came from, so rules can report on exact lines.
 */

/** Where a piece of code sits in the patch. */
export interface CodeLine {
  /** New-side line (post image) or old-side line (pre image) in the file. */
  line: number;
  /** The diff line's kind; 'context' for lines that come from a tree, not the patch. */
  kind: LineKind | 'tree';
  text: string;
  /** For patch lines: 0-based line within the patch's diffText (DiffLine.diffLine). */
  diffLine?: number;
  /** For patch lines: 1-based line in the input mbox, when known (DiffLine.inputLine). */
  inputLine?: number;
}

export interface LoopInfo {
  kind: 'for' | 'while' | 'do' | 'iterator';
  /** Loop header text: `for (i = 0; i < nr; i++)`, `xa_for_each(&xa, idx, entry)`. */
  header: string;
  /** Condition or iterator macro name, e.g. `i < folio_nr_pages(folio)` / `for_each_sgtable_page`. */
  bound: string;
  line: CodeLine;
}

export interface CallSite {
  callee: string;
  /** Argument source texts, trimmed. */
  args: string[];
  text: string;
  line: CodeLine;
  /** Innermost first. */
  loops: LoopInfo[];
  /** Conditions of enclosing if/else/ternaries, innermost first; `!(cond)` for else branches. */
  guards: string[];
  /** The call is a whole expression statement: its result is discarded. */
  discarded: boolean;
  /** Variable or lvalue the result is assigned to or initialises. */
  assignedTo?: string;
  /** Name of the call this call is an argument of, e.g. `BUG_ON`, `WARN_ON_ONCE`, `if`. */
  wrappedBy?: string;
  /** Index of the statement containing the call within FunctionView.statements. */
  statement: number;
}

export interface Statement {
  kind: 'expression' | 'declaration' | 'return' | 'goto' | 'if' | 'loop' | 'label' | 'other';
  text: string;
  line: CodeLine;
  /** For goto: the label; for label: its name; for return: the returned expression. */
  target?: string;
  loops: LoopInfo[];
  guards: string[];
}

export interface Comment {
  style: 'line' | 'block';
  text: string;
  line: CodeLine;
}

export interface Assignment {
  /** Left-hand side text. */
  target: string;
  operator: string;
  value: string;
  line: CodeLine;
  statement: number;
}

export interface FunctionView {
  name: string;
  file: string;
  side: 'post' | 'pre';
  /** True when the whole body was seen (hunk covers it, or from a tree). */
  complete: boolean;
  /** Parameters as `type name` strings, when the signature was seen. */
  params: string[];
  /** First and last line of the function's text in this view. */
  startLine: number;
  endLine: number;
  statements: Statement[];
  calls: CallSite[];
  assignments: Assignment[];
  comments: Comment[];
  /** Labels defined in the function (`out_unlock:`). */
  labels: string[];
  /** The parse hit ERROR nodes (kernel macros); results are best effort. */
  hasErrors: boolean;
}

export interface StructInitializer {
  /** Declared type, e.g. `struct address_space_operations`. */
  type: string;
  /** Variable name, e.g. `kvm_gmem_aops`. */
  name: string;
  /** Designated fields: `.invalidate_folio = kvm_gmem_invalidate_folio`. */
  fields: { field: string; value: string; line: CodeLine; guardedBy?: string }[];
}

export interface Define {
  name: string;
  /** Replacement text, trimmed; '' for flag-style defines. */
  value: string;
  /** Numeric value when it is a constant expression pmreview can evaluate (`1ULL << 2`, `0x80000`). */
  numeric?: bigint;
  line: CodeLine;
}

export interface EnumMember {
  enumName?: string;
  name: string;
  value?: string;
  numeric?: bigint;
  line: CodeLine;
}

/** The C view of one file of one patch. */
export interface FileView {
  file: string;
  post: FunctionView[];
  pre: FunctionView[];
  /** Struct initialisers in the post image. */
  initializers: StructInitializer[];
  /** `#define`s added or in context (post image). */
  defines: Define[];
  enumMembers: EnumMember[];
  /** Comments outside functions (post image). */
  comments: Comment[];
  /** Module parameters, Kconfig-like knobs found in the post image. */
  moduleParams: { name: string; line: CodeLine }[];
  /** #if/#ifdef conditions in force at each post-image line, keyed by line. */
  preprocessor: { line: number; condition: string }[];
  /** Problems met while building the view (a tree file that does not match the patch, a parse failure). */
  diagnostics?: Diagnostic[];
}

/** Real files around the patch (a kernel tree); lets the view hold whole functions. */
export interface TreeSource {
  /** The file before ('pre') or after ('post') the patch, or undefined when it is not available. */
  readFile(side: 'pre' | 'post', path: string): string | undefined;
}
