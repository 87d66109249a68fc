import type { Diagnostic, Person } from '../common/index.js';

/** What b4 reads from a subject such as `[RFC PATCH v11 12/29] KVM: foo`. */
export interface SubjectInfo {
  /** The subject as received. */
  raw: string;
  /** `Re:`, `RE:`, `Aw:`, `Fwd:` … prefix present. */
  isReply: boolean;
  rfc: boolean;
  resend: boolean;
  /** 1 when not given. */
  version: number;
  versionInferred: boolean;
  /** N of N/M; 1 when no counters. */
  index: number;
  /** M of N/M; 1 when no counters. */
  total: number;
  counterInferred: boolean;
  /** Other bracket tokens, e.g. `net-next`. */
  extraPrefixes: string[];
  /** The subject without reply prefixes and bracket groups. */
  title: string;
}

export interface Trailer {
  /** Canonical spelling, e.g. `Signed-off-by`, `Reviewed-by`, `Fixes`. */
  name: string;
  value: string;
  person?: Person;
  /** 0-based line in the message body. */
  bodyLine: number;
}

/** One block of a reply: lines quoted from the mail it answers, then the reviewer's own text. */
export interface ReplyComment {
  /** Quoted lines, `> ` stripped (one level), in order. */
  quoted: string[];
  /** The reviewer's own lines right after that quote (may be empty). */
  text: string[];
  /** 0-based body line where the reviewer's text starts. */
  bodyLine: number;
}

export interface Reply {
  messageId?: string;
  inReplyTo?: string;
  subject: string;
  author: Person;
  date?: string;
  input: string;
  line: number;
  /** Quote/comment blocks in order; leading unquoted text is a block with no quote. */
  comments: ReplyComment[];
  /** Trailers given in the reply (Reviewed-by: … sent as a follow-up). */
  trailers: Trailer[];
  body: string;
}

export interface Patch {
  index: number;
  total: number;
  subject: string;
  subjectInfo: SubjectInfo;
  messageId?: string;
  author: Person;
  date?: string;
  /** Commit message without trailers, `---` and diffstat. */
  commitMessage: string;
  trailers: Trailer[];
  /** The diff text (from the first `diff --git` / `--- ` line to the end of the last hunk). */
  diffText: string;
  /** 0-based line of the body where diffText starts. */
  diffBodyLine: number;
  /** Input position of the mail. */
  input: string;
  line: number;
  ordinal: number;
  /** 1-based input line of body line 0, when the body is unencoded (see Message.bodyLine). */
  bodyLine?: number;
  to: Person[];
  cc: Person[];
  replies: Reply[];
  diagnostics: Diagnostic[];
}

export interface CoverLetter {
  messageId?: string;
  subject: string;
  subjectInfo: SubjectInfo;
  author: Person;
  date?: string;
  body: string;
  input: string;
  line: number;
  replies: Reply[];
}

export interface Series {
  /** Stable id within one run: `<title> v<version>`. */
  id: string;
  title: string;
  version: number;
  rfc: boolean;
  cover: CoverLetter | null;
  /** In index order. */
  patches: Patch[];
  /** Expected number of patches (M of N/M). */
  total: number;
  /** Indexes 1..total that never arrived. */
  missing: number[];
  baseCommit?: string;
  prerequisitePatchIds: string[];
  changeId?: string;
  author: Person;
  diagnostics: Diagnostic[];
}

export interface AssembleOptions {
  /** Keep every version (default: only the newest of each series). */
  allVersions?: boolean;
}

export interface AssembleResult {
  series: Series[];
  /** Replies that answer nothing in the input, mails that are not patches, etc. */
  diagnostics: Diagnostic[];
  /** Messages read (patches, covers, replies, others). */
  messages: number;
}
