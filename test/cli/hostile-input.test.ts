import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noStack, pmreview } from './helpers.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pmreview-hostile-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const mail = (n: number, body: string) => `From x Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nSubject: [PATCH] m${n}\nMessage-ID: <m${n}@example.org>\n\n${body}\n\n`;

describe('fatal input errors', () => {
  it('go to stderr as one line naming the input once, never into the text report', () => {
    const file = path.join(dir, 'zeros.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(100_000)));
    const r = pmreview(['check', file, '--max-input-bytes', '1000']);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toMatch(/error: /);
    expect(r.stderr.trim().split('\n')).toEqual([`pmreview: ${file}: error: decompressed size exceeds --max-input-bytes (1000)`]);
    expect(noStack(r.stderr)).toBe(true);
  });
});

describe('--max-message-bytes', () => {
  it('reports a larger message in one line and reads the others', () => {
    const file = path.join(dir, 'big.mbox');
    writeFileSync(file, mail(1, 'hello') + mail(2, 'x'.repeat(5000)) + mail(3, 'bye'));
    const r = pmreview(['check', file, '--max-message-bytes', '1000', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.messages).toBe(2);
    const errors = doc.diagnostics.filter((d: { severity: string }) => d.severity === 'error');
    const size = mail(2, 'x'.repeat(5000)).length - 'From x Mon Sep 17 00:00:00 2001\n'.length;
    expect(errors).toEqual([{ severity: 'error', message: `message of ${size} bytes is over --max-message-bytes: not read`, input: file, line: 9, messageId: '#2' }]);
    expect(r.stderr).toContain(`pmreview: ${file}: message #2: line 9: error: message of`);
  });

  it('an input of nothing but one too large message is unreadable: exit 2', () => {
    const file = path.join(dir, 'one-big.mbox');
    writeFileSync(file, mail(1, 'y'.repeat(5000)));
    const r = pmreview(['check', file, '--max-message-bytes', '1000']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^pmreview: .*one-big\.mbox: message #1: line 2: error: message of \d+ bytes is over --max-message-bytes: not read$/)]);
  });
});

describe('diagnostics quote input in part', () => {
  it('a 1 MB subject is quoted in 200 characters, with the cut said', () => {
    const file = path.join(dir, 'subject.mbox');
    writeFileSync(file, `From x Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nMessage-ID: <s@example.org>\nSubject: ${'s'.repeat(1_000_000)}\n\nno diff\n`);
    const r = pmreview(['check', file, '--format', 'json']);
    expect(r.stdout.length).toBeLessThan(5_000);
    const doc = JSON.parse(r.stdout);
    expect(doc.diagnostics.map((d: { message: string }) => d.message)).toEqual([`"${'s'.repeat(200)}… (999800 more characters)" is not a patch (no patch in the input answers it)`]);
  });
});

describe('--format rdjsonl keeps nothing per message', () => {
  it('reports a message\'s diagnostic while the input is still coming', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('./helpers.js');
    const child = spawn(process.execPath, [CLI, 'check', '-', '--format', 'rdjsonl', '--jobs', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    const seen = new Promise<boolean>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (stderr.includes('unreadable Date')) resolve(true);
      });
      child.on('close', () => resolve(false));
    });
    // More mail than one assembler window (1000 messages), and the input stays open until the warning shows.
    const dated = (n: number) => `From x Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nDate: not a date\nSubject: [PATCH] m${n}\nMessage-ID: <d${n}@example.org>\n\nhi\n\n`;
    let text = '';
    for (let i = 0; i < 3000; i++) text += dated(i);
    child.stdin.write(text);
    const early = await Promise.race([seen, new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
    child.stdin.end();
    await new Promise((r) => child.on('close', r));
    expect(early).toBe(true);
  });
});
