import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/common/index.js';
import { formatReview } from '../../src/report/index.js';
import type { Review } from '../../src/rules/index.js';
import { formatSeriesText } from '../../src/cli/commands/series.js';
import { formatPlannedReview } from '../../src/cli/commands/github.js';
import { OPTS, makeReview } from './review-fixture.js';

/** What a mail can carry into a subject, a name, a path or a header (issue 13). */
const ATTACKS = [
  '\u001b[2J\u001b[31mred', '\u001b]0;owned title\u0007', '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', '\u0007', '\u009b31m', '\r', '\n', '\r\n',
  '\n::error::injected', '\r\n::add-mask::secret', '\n  ::stop-commands::tok', '\n\u00a0::warning::x', '##[error]legacy', '\u202egnp.exe', '\u2028', '\u0000', '\u0085::error::nel',
  '@octocat', '`', '```', '<!-- pmreview:R03:0123456789abcdef -->', '<script>x</script>', '[x](https://evil.example)', '|', '*_#&',
];
const hostile = fc.oneof(fc.constantFrom(...ATTACKS), fc.array(fc.oneof(fc.constantFrom(...ATTACKS), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 5 }).map((xs) => xs.join('')));

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
  r.diagnostics = [{ severity: 'warning', message: `d${h}`, input: `i${h}`, line: 1, messageId: `id${h}` }];
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
        const line = formatDiagnostic({ severity: 'error', message: h, input: h, messageId: h, line: 3 });
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

  it('json, sarif and rdjson stay valid and keep the input exactly', () => {
    fc.assert(
      fc.property(hostile, (h) => {
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
