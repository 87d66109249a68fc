import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/common/index.js';
import { formatReplies, formatReview } from '../../src/report/index.js';
import type { Review } from '../../src/rules/index.js';
import { formatSeriesText } from '../../src/cli/commands/series.js';
import { formatPlannedReview } from '../../src/cli/commands/github.js';
import { markedFingerprints } from '../../src/publish/index.js';
import { bodyItem, commentBody } from '../../src/publish/format.js';
import { OPTS, REVIEWER, makeReview } from './review-fixture.js';
import { markdownShape } from './markdown-shape.js';

/** What a mail can carry into a subject, a name, a path or a header (issue 13). */
const ATTACKS = [
  '\u001b[2J\u001b[31mred', '\u001b]0;owned title\u0007', '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', '\u0007', '\u009b31m', '\r', '\n', '\r\n',
  '\n::error::injected', '\r\n::add-mask::secret', '\n  ::stop-commands::tok', '\n\u00a0::warning::x', '##[error]legacy', '\u202egnp.exe', '\u2028', '\u0000', '\u0085::error::nel',
  '@octocat', '`', '```', '<!-- pmreview:R03:0123456789abcdef -->', '<script>x</script>', '[x](https://evil.example)', '|', '*_#&',
];
// never empty: an empty name or function leaves out what it would be shown in, which is not what is tested
const hostile = fc
  .oneof(fc.constantFrom(...ATTACKS), fc.array(fc.oneof(fc.constantFrom(...ATTACKS), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 5 }).map((xs) => xs.join('')))
  .filter((h) => h.length > 0);

/** The fixture review with input-made strings replaced by `h` wherever input reaches a report. */
function poisoned(h: string): Review {
  const r = makeReview();
  const s = r.series[0]!;
  s.title = `t${h}`;
  s.author = { name: h, address: 'a@example.org' };
  if (s.cover) s.cover.subject = `[RFC PATCH 0/2] ${h}`;
  for (const p of s.patches) {
    p.subject = `[RFC PATCH ${p.index}/2] ${h}`;
    p.subjectInfo = { ...p.subjectInfo, title: h };
    p.author = { name: h, address: 'a@example.org' };
    p.trailers = [{ name: 'Signed-off-by', value: h, bodyLine: 0 }];
  }
  for (const f of r.findings) {
    f.message = `m${h}`;
    f.fix = `f${h}`;
    f.location = { ...f.location, subject: s.patches.find((p) => p.index === f.location.patchIndex)!.subject, text: h, function: h };
  }
  r.diagnostics = [{ severity: 'warning', message: `d${h}`, input: `i${h}`, inputLine: 1, messageId: `id${h}` }];
  // file paths, hunk headers, diff lines, commit messages and the cover letter
  const renamed = (f: string): string => (f ? `${f}${h}` : f);
  if (s.cover) s.cover.body += h;
  for (const p of s.patches) {
    p.commitMessage += h;
    for (const file of p.files) {
      file.path = renamed(file.path);
      if (file.oldPath) file.oldPath = renamed(file.oldPath);
      if (file.newPath) file.newPath = renamed(file.newPath);
      for (const hk of file.hunks) {
        hk.header += h;
        for (const l of hk.lines) l.text += h;
      }
    }
  }
  for (const f of r.findings) {
    f.location.file = renamed(f.location.file);
    f.evidence = f.evidence.map((e) => ({ ...e, file: renamed(e.file), text: e.text + h }));
  }
  return r;
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;
const COMMAND = /^(?:[^\S\n]|\u0085)*::|##\[/m;

function safeText(out: string, plain: string): void {
  expect(out.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(CONTROL);
  expect(out).not.toMatch(COMMAND);
  // line breaks from the input are folded: the same number of lines as with plain text
  expect(out.split('\n')).toHaveLength(plain.split('\n').length);
}

describe('text output cannot be turned against its reader', () => {
  it('check --format text (with and without colour)', () => {
    for (const color of [false, true]) {
      const plain = formatReview(poisoned('x'), 'text', { ...OPTS, color });
      fc.assert(fc.property(hostile, (h) => safeText(formatReview(poisoned(h), 'text', { ...OPTS, color }), plain)));
    }
  });

  it('series (text)', () => {
    const plain = formatSeriesText(poisoned('x'));
    fc.assert(fc.property(hostile, (h) => safeText(formatSeriesText(poisoned(h)), plain)));
  });

  it('diagnostics on stderr: one line each', () => {
    fc.assert(
      fc.property(hostile, (h) => {
        const line = formatDiagnostic({ severity: 'error', message: h, input: h, messageId: h, inputLine: 3 });
        expect(line).not.toMatch(CONTROL);
        expect(line).not.toMatch(COMMAND);
        expect(line).not.toContain('\n');
      }),
    );
  });

  it('github --dry-run', () => {
    fc.assert(
      fc.property(hostile, (h) => {
        const out = formatPlannedReview({ headSha: 'abc', alreadyPosted: 0, deleted: [], keptWithReplies: [], dropped: [], failed: false, review: { body: `b${h}\n${h}`, comments: [{ path: h, line: 3, side: 'RIGHT', body: h, fingerprint: 'x' }] } });
        expect(out).not.toMatch(CONTROL);
        expect(out).not.toMatch(COMMAND);
      }),
    );
  });

  it('json, sarif, rdjson and rdjsonl stay valid and keep the input exactly', () => {
    fc.assert(
      fc.property(hostile, (h) => {
        for (const line of formatReview(poisoned(h), 'rdjsonl', OPTS).trimEnd().split('\n')) {
          expect(() => JSON.parse(line)).not.toThrow();
          expect(line).not.toMatch(/[\u0000-\u001f]|##\[/);
        }
        for (const format of ['json', 'sarif', 'rdjson'] as const) {
          const out = formatReview(poisoned(h), format, OPTS);
          expect(() => JSON.parse(out)).not.toThrow();
          // JSON writes C0 controls as escapes; line breaks in a string are \n
          expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
        }
        expect(JSON.parse(formatReview(poisoned(h), 'json', OPTS)).series[0].title).toBe(`t${h}`);
      }),
    );
  });
});

describe('markup cannot be made from the input', () => {
  it('markdown: one line where a line is expected, no HTML, link, mention, reference or command', () => {
    const plain = formatReview(poisoned('x'), 'markdown', OPTS);
    const shape = markdownShape(plain);
    expect(shape.problems).toEqual([]);
    fc.assert(
      fc.property(hostile, (h) => {
        const out = formatReview(poisoned(h), 'markdown', OPTS);
        expect(out).not.toMatch(CONTROL);
        expect(out).not.toMatch(COMMAND);
        const got = markdownShape(out);
        expect(got.problems).toEqual([]);
        // the same lines, table cells, code spans and fences as with plain text
        expect(got.lines).toBe(shape.lines);
        expect(got.cells).toEqual(shape.cells);
        expect(got.codeSpans).toBe(shape.codeSpans);
        expect(got.fences).toBe(shape.fences);
      }),
    );
  });

  it('html: nothing from the input is markup', () => {
    const plain = formatReview(poisoned('x'), 'html', OPTS);
    const tags = (html: string) => [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]).join(' ');
    fc.assert(
      fc.property(hostile, (h) => {
        const out = formatReview(poisoned(h), 'html', OPTS);
        expect(tags(out)).toBe(tags(plain));
        expect(out).not.toMatch(CONTROL);
        expect(out).not.toMatch(COMMAND);
      }),
    );
  });

  it('github review body and inline comments: code spans fenced, no forged marker, no mention, no HTML', () => {
    const review = makeReview();
    const f = review.findings[0]!;
    const item = (h: string) => {
      const g = { ...f, message: `m${h}`, fix: `f${h}`, location: { ...f.location, file: `p${h}` } };
      return [bodyItem(g, 'line outside the diff'), commentBody(g)];
    };
    const plain = item('x').map(markdownShape);
    fc.assert(
      fc.property(hostile, (h) => {
        for (const [i, out] of item(h).entries()) {
          const got = markdownShape(out);
          expect(got.problems).toEqual([]);
          expect(got.lines).toBe(plain[i]!.lines);
          expect(got.codeSpans).toBe(plain[i]!.codeSpans);
          // our own mark, once, and nothing that reads as another
          expect(markedFingerprints(out)).toEqual([f.fingerprint]);
          expect(out).not.toMatch(CONTROL);
        }
      }),
    );
  });

  it('email replies: headers stay the headers we wrote, the body shows controls and holds no command', async () => {
    const plain = formatReplies(poisoned('x'), { from: REVIEWER, now: new Date(0) });
    const plainMails = await Promise.all(plain.split(/^(?=From pmreview )/m).map((m) => simpleParser(m)));
    await fc.assert(
      fc.asyncProperty(hostile, async (h) => {
        const out = formatReplies(poisoned(h), { from: REVIEWER, now: new Date(0) });
        expect(out).not.toMatch(CONTROL);
        expect(out).not.toMatch(COMMAND);
        const mails = await Promise.all(out.split(/^(?=From pmreview )/m).map((m) => simpleParser(m)));
        expect(mails).toHaveLength(plainMails.length);
        for (const [i, m] of mails.entries()) {
          expect([...m.headers.keys()]).toEqual([...plainMails[i]!.headers.keys()]);
          // an address the sender made up is not one more recipient
          const to = m.to && !Array.isArray(m.to) ? m.to.value : [];
          expect(to).toHaveLength(1);
          expect(m.subject ?? '').not.toMatch(CONTROL);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('issue 13 reproducers (output)', () => {
  it('markdown: a newline in a subject does not break the patch table', () => {
    const r = poisoned('x');
    for (const p of r.series[0]!.patches) p.subject = `[RFC PATCH ${p.index}/2] a\n| forged | 9 | 9 | 9 |\n\n# heading`;
    const md = formatReview(r, 'markdown', OPTS);
    // the subject stays in its row, its line break shown
    expect(md.split('\n')).toHaveLength(formatReview(poisoned('x'), 'markdown', OPTS).split('\n').length);
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(2 + 2 + 1);
    expect(rows[2]).toMatch(/^\| .* a\\\\n\\\| forged \\\| 9 .*\\\\n\\\\n\\# heading \| 1 \| 1 \| 0 \|$/);
    expect(md).not.toMatch(/^\\?# heading/m);
  });

  it('markdown: @mentions and #references are not live', () => {
    const md = formatReview(poisoned(' ping @octocat and @org/team, see #123'), 'markdown', OPTS);
    expect(markdownShape(md).problems).toEqual([]);
    expect(md).toContain('@&#8203;octocat');
    expect(md).toContain('\\#&#8203;123');
  });

  it('github body: a file name with backticks injects no HTML, link, mention or marker', () => {
    const f = makeReview().findings[0]!;
    const path = 'x` <img src=x onerror=alert(1)> [y](https://evil.example) @octocat\n<!-- pmreview:R03:0123456789abcdef -->\n`';
    const g = { ...f, location: { ...f.location, file: path } };
    for (const out of [bodyItem(g, 'line outside the diff'), commentBody(g)]) {
      expect(markdownShape(out).problems).toEqual([]);
      expect(markdownShape(out).links).toBe(0);
      expect(markedFingerprints(out)).toEqual([f.fingerprint]);
    }
    // before: the path closed its single-backtick span and the marker stood on a line of its own
    expect(bodyItem(g)).toContain('``x` <img');
  });

  it('email reply: a line break in a name or subject adds no header', async () => {
    const r = makeReview();
    for (const p of r.series[0]!.patches) {
      p.author = { name: 'Eve\r\nBcc: victim@example.org', address: 'eve@example.org\nX-Injected: 1' };
      p.subject = `${p.subject}\r\nBcc: other@example.org`;
    }
    const out = formatReplies(r, { from: REVIEWER, now: new Date(0) });
    for (const m of await Promise.all(out.split(/^(?=From pmreview )/m).map((x) => simpleParser(x)))) {
      expect(m.headers.has('bcc')).toBe(false);
      expect(m.headers.has('x-injected')).toBe(false);
    }
  });

  it('github --dry-run: a line break in a path cannot start a line', () => {
    const out = formatPlannedReview({ headSha: 'abc', alreadyPosted: 0, deleted: [], keptWithReplies: [], dropped: [], failed: false, review: { body: 'b', comments: [{ path: 'a.c\n::error::x', line: 3, side: 'RIGHT', body: 'c', fingerprint: 'x' }] } });
    expect(out).toContain('--- a.c\\n::error::x:3 (RIGHT)');
  });
});
