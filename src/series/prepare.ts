import type { Message } from '../mail/index.js';
import { splitPatchBody, type PatchBodyParts } from './body.js';
import { isPullRequest, readSeriesMeta, type SeriesMeta } from './meta.js';
import { parseReplyBody } from './reply.js';
import { parseSubject } from './subject.js';
import type { SubjectInfo } from './types.js';

/**
 * The per-message text work of assembling (subject, body parts, reply
 * blocks, series metadata), done apart from the threading that needs every
 * message: `--jobs` runs it on worker threads and hands the result to
 * SeriesAssembler.push with the message. Plain data, so it can be cloned.
 */
export interface PreparedMessage {
  info: SubjectInfo;
  /** Absent for a reply by subject (nothing else is read from it). */
  parts?: PatchBodyParts;
  reply?: ReturnType<typeof parseReplyBody>;
  meta?: SeriesMeta;
  pullRequest?: boolean;
}

export function prepareMessage(m: Message): PreparedMessage {
  const info = parseSubject(m.subject);
  if (info.isReply) return { info, reply: parseReplyBody(m.body) };
  const parts = splitPatchBody(m.body);
  const meta = readSeriesMeta(m.body);
  if (parts.diffText) return { info, parts, meta };
  // no diff: a cover, a pull request, a reply without "Re:" or a naked cover
  return { info, parts, meta, pullRequest: isPullRequest(m.body), reply: parseReplyBody(m.body) };
}
