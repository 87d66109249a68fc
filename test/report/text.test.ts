import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReview } from '../../src/report/index.js';
import { makeReview, OPTS, P1_FILE, P2_FILE } from './review-fixture.js';

// Vim's default 'errorformat' starts with %f:%l:%c:%m and emacs' compile mode reads FILE:LINE:COL: as well.
const EFM = /^([^:\s]+):(\d+):(\d+): (error|warning|info): (.*) \[([\w/-]+)\]$/;

describe('text', () => {
  const text = formatReview(makeReview(), 'text', OPTS);
  const lines = text.trimEnd().split('\n');

  it('prints one errorformat line per finding with file, line and column 1', () => {
    const hits = lines.filter((l) => EFM.test(l)).map((l) => EFM.exec(l)!.slice(1, 5).concat(EFM.exec(l)![6]!));
    expect(hits).toEqual([
      [P1_FILE, '13', '1', 'error', 'R03'],
      [P1_FILE, '14', '1', 'warning', 'R26'],
      // The patch-level point goes to the mail in the input mbox.
      ['thread.mbox', '200', '1', 'warning', 'R17'],
      [P2_FILE, '301', '1', 'info', 'R27'],
    ]);
  });

  it('groups under the patch subject and puts the fix on an indented line below', () => {
    const h1 = lines.indexOf('[RFC PATCH 1/2] mm: add folio_zap_direct_map()');
    const h2 = lines.indexOf('[RFC PATCH 2/2] KVM: guest_memfd: use folio_zap_direct_map()');
    expect(h1).toBe(0);
    expect(h2).toBeGreaterThan(h1);
    const r03 = lines.findIndex((l) => l.endsWith('[R03]'));
    expect(r03).toBeGreaterThan(h1);
    expect(r03).toBeLessThan(h2);
    expect(lines[r03 + 1]).toMatch(/^ {4}fix: Call flush_tlb_kernel_range\(\)/);
    // R26 has no fix text: the next line is the next finding, not an empty fix.
    expect(lines[lines.findIndex((l) => l.endsWith('[R26]')) + 1]).not.toMatch(/fix:/);
  });

  it('lists diagnostics as input:line and ends with the summary line', () => {
    expect(lines).toContain('thread.mbox:42: warning: undecodable base64 part skipped (message odd.1@example.org)');
    expect(lines.at(-1)).toBe('1 error, 2 warnings, 1 info in 2 patches of 1 series');
  });

  it('uses ANSI colour only when asked', () => {
    expect(text).not.toContain('\u001b[');
    const colored = formatReview(makeReview(), 'text', { ...OPTS, color: true });
    expect(colored).toContain('\u001b[1;31merror\u001b[0m');
    expect(colored.replace(/\u001b\[[\d;]*m/g, '')).toBe(text);
  });

  it('says so when there is nothing to report', () => {
    const r = { ...makeReview(), findings: [], diagnostics: [] };
    expect(formatReview(r, 'text', OPTS)).toBe('0 errors, 0 warnings, 0 infos in 2 patches of 1 series\n');
  });

  it('marks findings of a compared version and lists the fixed ones', () => {
    const r = makeReview();
    r.findings[0]!.status = 'present';
    r.fixed = [{ ...r.findings[2]!, status: 'fixed' }];
    const out = formatReview(r, 'text', OPTS);
    expect(out).toMatch(/\[R03\] \(present\)$/m);
    expect(out).toContain('Fixed since the older version\n    [R27] virt/kvm/guest_memfd.c: C++ comment in new kernel code.');
  });
});

const VIM = '/usr/bin/vim';
const HAVE_VIM = existsSync(VIM);
if (!HAVE_VIM && process.env.CI) throw new Error(`${VIM} is missing: .ci/run installs Debian's vim for the errorformat test`);
if (!HAVE_VIM) console.warn(`test/report/text.test.ts: errorformat test skipped, ${VIM} is missing (apt-get install vim)`);

describe.skipIf(!HAVE_VIM)("text read by vim's default errorformat", () => {
  it('turns every finding line into a valid quickfix entry with file, line and column', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pmreview-efm-'));
    const errors = path.join(dir, 'errors.txt');
    const out = path.join(dir, 'qf.txt');
    writeFileSync(errors, formatReview(makeReview(), 'text', OPTS));
    const script = `call writefile(map(filter(getqflist(), 'v:val.valid'), 'bufname(v:val.bufnr) . ":" . v:val.lnum . ":" . v:val.col'), '${out}')`;
    spawnSync(VIM, ['-u', 'NONE', '-N', '-es', '-c', 'set efm&', '-c', `cgetfile ${errors}`, '-c', script, '-c', 'qa!'], { timeout: 20_000 });
    const entries = readFileSync(out, 'utf8').trim().split('\n');
    // The four findings and the diagnostic line (file:line: message is in the default format too).
    expect(entries).toEqual([`${P1_FILE}:13:1`, `${P1_FILE}:14:1`, 'thread.mbox:200:1', `${P2_FILE}:301:1`, 'thread.mbox:42:0']);
  });
});
