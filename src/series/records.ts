import type { Message } from '../mail/index.js';
import type { PatchBodyParts } from './body.js';
import type { PreparedMessage } from './prepare.js';
import type { CoverLetter, Patch, Reply, SubjectInfo } from './types.js';

/** What a mail becomes in a series: a patch, a cover letter or a reply. */
export function patchOf(m: Message, info: SubjectInfo, parts: PatchBodyParts): Patch {
  return {
    index: info.index, total: info.total, subject: m.subject, subjectInfo: info, messageId: m.messageId,
    author: m.from, date: m.date, commitMessage: parts.commitMessage, trailers: parts.trailers,
    diffText: parts.diffText, diffBodyLine: parts.diffBodyLine, input: m.input, line: m.line,
    ordinal: m.ordinal, bodyLine: m.bodyLine, to: m.to, cc: m.cc, replies: [], diagnostics: [],
  };
}

export function coverOf(m: Message, info: SubjectInfo): CoverLetter {
  return {
    messageId: m.messageId, subject: m.subject, subjectInfo: info, author: m.from, date: m.date,
    body: m.body, input: m.input, line: m.line, replies: [],
  };
}

export function replyOf(m: Message, parsed: NonNullable<PreparedMessage['reply']>): Reply {
  return {
    messageId: m.messageId, inReplyTo: m.inReplyTo, subject: m.subject, author: m.from, date: m.date,
    input: m.input, line: m.line, comments: parsed.comments, trailers: parsed.trailers, body: m.body,
  };
}

/** The same mail read twice: same Message-ID, or without ids the same subject and diff. */
export function isDuplicate(a: Patch, b: Patch): boolean {
  if (a.messageId && b.messageId) return a.messageId === b.messageId;
  return a.diffText === b.diffText && a.subject === b.subject;
}
