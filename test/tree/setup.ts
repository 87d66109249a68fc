import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const KERNEL_TREE = path.join(REPO, 'build/kernel-6.12');
const TARBALL = process.env.KERNEL_TARBALL ?? '/usr/src/linux-source-6.12.tar.xz';

/**
 * Builds (or reuses) the Debian 6.12 test tree. Missing tarball fails the
 * run loudly: these tests are never skipped.
 */
export function ensureKernelTree(): string {
  if (!existsSync(TARBALL)) {
    throw new Error(`test/tree: ${TARBALL} is missing; install it with: apt-get install -y linux-source-6.12`);
  }
  execFileSync(path.join(REPO, 'scripts/kernel-tree.sh'), [KERNEL_TREE], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  return KERNEL_TREE;
}

/** vitest globalSetup entry (`globalSetup: ['test/tree/setup.ts']`); each test file also calls ensureKernelTree (cheap once built). */
export default function setup(): void {
  ensureKernelTree();
}
