import { spawnSync } from 'node:child_process';
import path from 'node:path';

const SCRIPT = path.resolve(import.meta.dirname, '../scripts/debian-kernel-tarball.sh');

/**
 * Debian's linux-source-6.12 tarball, for the checks that need the whole tree
 * (the upstream false-positive sweep). Everything else reads fixtures/kernel.
 * In CI a missing package fails the run (.ci/run installs it); elsewhere the
 * test says it was skipped and why.
 */
export function debianKernelTarball(): { tarball?: string; why?: string } {
  const r = spawnSync(SCRIPT, { encoding: 'utf8' });
  if (r.status === 0) return { tarball: r.stdout.trim() };
  const why = (r.stderr || 'linux-source-6.12 not found').trim();
  if (process.env.CI) throw new Error(`${why} (.ci/run installs it)`);
  return { why };
}
