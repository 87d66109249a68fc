import type { SubjectInfo } from './types.js';

// b4 (LoreSubject) treats `Re:`, `Aw:`, `Fwd:` and any 2–3 letter `xx:` before `[` as a reply marker.
const REPLY_PREFIX = /^\s*(?:re|aw|fwd?|sv|antw|vs)\s*:\s*/i;
const SHORT_PREFIX_BEFORE_BRACKET = /^\s*[a-z]{2,3}\s*:\s*(?=\[)/i;

/** Takes one leading `[...]` group (brackets nested inside it flattened); null when none. */
function takeBracketGroup(s: string): { content: string; rest: string } | null {
  const start = s.search(/\S/);
  if (start < 0 || s[start] !== '[') return null;
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    if (s[i] === '[') depth++;
    else if (s[i] === ']') {
      depth--;
      if (depth === 0) {
        const content = s.slice(start + 1, i).replace(/[[\]]/g, ' ');
        return { content, rest: s.slice(i + 1) };
      }
    }
  }
  return null;
}

function stripReplyPrefixes(s: string): { text: string; isReply: boolean } {
  let text = s;
  let isReply = false;
  for (;;) {
    const m = REPLY_PREFIX.exec(text) ?? SHORT_PREFIX_BEFORE_BRACKET.exec(text);
    if (!m) return { text, isReply };
    text = text.slice(m[0].length);
    isReply = true;
  }
}

/** b4's subject grammar, plus patchwork's `PATCH n of m`, `PATCH1/8` and comma-separated prefixes. */
export function parseSubject(subject: string): SubjectInfo {
  const raw = subject;
  const info: SubjectInfo = {
    raw, isReply: false, rfc: false, resend: false, version: 1, versionInferred: true,
    index: 1, total: 1, counterInferred: true, extraPrefixes: [], title: '',
  };
  const stripped = stripReplyPrefixes(subject.replace(/\s+/g, ' '));
  let text = stripped.text;
  info.isReply = stripped.isReply;
  let sawCounter = false;
  let sawVersion = false;
  for (let group = takeBracketGroup(text); group; group = takeBracketGroup(text)) {
    text = group.rest;
    // `[PATCHv3]`, `[RFCv2]` → `PATCH v3`, `RFC v2`; Mercurial `1 of 3` → `1/3`.
    const content = group.content
      .replace(/\b(patch|rfc|resend)v(\d+)\b/gi, '$1 v$2')
      .replace(/\b(\d{1,4})\s+of\s+(\d{1,4})\b/gi, '$1/$2');
    for (const chunk of content.split(/[\s,]+/).filter(Boolean)) {
      const counter = /^(?:patch)?(\d{1,4})\/(\d{1,4})$/i.exec(chunk);
      const version = /^v(\d{1,4})$/i.exec(chunk);
      if (counter && !sawCounter) {
        info.index = Number(counter[1]);
        info.total = Number(counter[2]);
        info.counterInferred = false;
        sawCounter = true;
      } else if (version && !sawVersion) {
        info.version = Number(version[1]);
        info.versionInferred = false;
        sawVersion = true;
      } else if (/^rfc/i.test(chunk)) info.rfc = true;
      else if (/^resend/i.test(chunk)) info.resend = true;
      else if (/^patch/i.test(chunk)) continue;
      else info.extraPrefixes.push(chunk);
    }
    // `[PATCH 1/2] Re: foo` is still a patch, but a reply prefix after the groups marks a reply.
    const again = stripReplyPrefixes(text);
    if (again.isReply && !takeBracketGroup(again.text)) break;
    text = again.text;
    info.isReply ||= again.isReply;
  }
  // Mercurial patchbomb without brackets: `PATCH 2 of 5: title`.
  const hg = sawCounter ? null : /^\s*PATCH\s+(\d{1,4})\s+of\s+(\d{1,4})\b/i.exec(text);
  if (hg) {
    info.index = Number(hg[1]);
    info.total = Number(hg[2]);
    info.counterInferred = false;
    text = text.slice(hg[0].length);
  }
  info.title = text.replace(/^\s*:\s*/, '').trim();
  return info;
}

/** Whether a subject carries patch markers at all (a `PATCH`/`RFC` token or N/M counters). */
export function looksLikePatchSubject(info: SubjectInfo): boolean {
  // `[^\][]`, not `[^\]]`: the same answer (the last `[` before the token matches), but a run of `[` is
  // no longer scanned to its end once per bracket (38,725 of them took 8 s)
  return !info.counterInferred || info.rfc || /\[[^\][]*\b(patch|rfc)/i.test(info.raw) || /^\s*(?:[a-z]{2,4}:\s*)*patch\b/i.test(info.raw);
}
