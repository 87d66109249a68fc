import { formatPerson } from '../../src/common/index.js';
import type { DiffPatch, DiffSeries } from '../../src/diff/index.js';
import type { Source } from '../../src/source/index.js';

/*
 * Renders a hand-built series back into the thread git send-email would have
 * sent (cover letter, then patches answering it), so replies can be read back
 * with the project's own mail and series stages.
 */

function diffText(p: DiffPatch): string {
  const out: string[] = [];
  for (const f of p.files) {
    const a = f.oldPath ?? f.path;
    const b = f.newPath ?? f.path;
    out.push(`diff --git a/${a} b/${b}`, 'index 1111111..2222222 100644', `--- ${f.oldPath ? `a/${a}` : '/dev/null'}`, `+++ ${f.newPath ? `b/${b}` : '/dev/null'}`);
    for (const h of f.hunks) {
      out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@${h.header ? ` ${h.header}` : ''}`);
      for (const l of h.lines) out.push((l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ') + l.text);
    }
  }
  return out.join('\n');
}

function mail(headers: string[], body: string): string {
  return ['From git@z Thu Jan  1 00:00:00 1970', ...headers, 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit', '', body, ''].join('\n') + '\n';
}

export function threadMbox(s: DiffSeries): string {
  const cover = s.cover!;
  const parts = [
    mail([`From: ${formatPerson(cover.author)}`, `Subject: ${cover.subject}`, `Date: ${new Date(cover.date!).toUTCString()}`, `Message-ID: <${cover.messageId}>`, 'To: kvm@vger.kernel.org'], cover.body),
  ];
  for (const p of s.patches) {
    parts.push(
      mail(
        [`From: ${formatPerson(p.author)}`, `Subject: ${p.subject}`, `Date: ${new Date(p.date!).toUTCString()}`, `Message-ID: <${p.messageId}>`, `In-Reply-To: <${cover.messageId}>`, `References: <${cover.messageId}>`, 'To: kvm@vger.kernel.org'],
        `${p.commitMessage.split('\n').slice(2).join('\n')}\n\nSigned-off-by: ${formatPerson(p.author)}\n---\n${diffText(p)}\n-- \n2.45.2\n`,
      ),
    );
  }
  return parts.join('');
}

export function textSource(name: string, text: string): Source {
  return {
    name,
    kind: 'mbox',
    async *stream() {
      yield new TextEncoder().encode(text);
    },
  };
}
