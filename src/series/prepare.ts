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
  /** Present unless `info.isReply` (nothing else is read from a reply by subject). */
  parts?: PatchBodyParts;
  /** Present for a reply by subject and for a mail without a diff (it may turn out to be a reply). */
  reply?: ReturnType<typeof parseReplyBody>;
  /** Present unless `info.isReply`. */
  meta?: SeriesMeta;
  /** Present for a mail without a diff. */
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
