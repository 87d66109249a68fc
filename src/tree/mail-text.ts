import { formatPerson } from '../common/index.js';
import type { Patch } from '../series/index.js';

/** Fallback for mails without a Date header: git am needs one, and a fixed one keeps commits reproducible. */
const NO_DATE = 'Thu, 1 Jan 1970 00:00:00 +0000';

/**
 * A `git format-patch` mail rebuilt from a Patch record, for `git am` and
 * checkpatch: From, Date, Subject, commit message, trailers, `---`, diff.
 * `diffStart` is the 0-based line of the mail where the diff text begins.
 */
export function patchMailText(patch: Patch): { text: string; diffStart: number } {
  const subject = `[PATCH${patch.total > 1 ? ` ${patch.index}/${patch.total}` : ''}] ${oneLine(patch.subjectInfo?.title || patch.subject)}`;
  const head = [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
    `From: ${oneLine(formatPerson(patch.author))}`,
    `Date: ${oneLine(patch.date ?? '') || NO_DATE}`,
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
  ];
  const message = patch.commitMessage.trimEnd();
  const trailers = patch.trailers.map((t) => `${t.name}: ${oneLine(t.value)}`);
  const body = [...(message ? [message, ''] : []), ...trailers, '---', ''];
  const lines = [...head, ...body.join('\n').split('\n')];
  const diffStart = lines.length;
  const diff = patch.diffText.endsWith('\n') ? patch.diffText : `${patch.diffText}\n`;
  return { text: `${lines.join('\n')}\n${diff}-- \n2.39.5\n\n`, diffStart };
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+\s*/g, ' ').trim();
}
