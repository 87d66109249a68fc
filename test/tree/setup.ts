import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const KERNEL_TREE = path.join(REPO, 'build/kernel-6.12');

/**
 * Builds (or reuses) the 6.12 test tree from fixtures/kernel/6.12, the kernel
 * files kept in the repository: nothing outside the clone is needed.
 */
export function ensureKernelTree(): string {
  execFileSync(path.join(REPO, 'scripts/kernel-tree.sh'), [KERNEL_TREE], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  return KERNEL_TREE;
}

/** vitest globalSetup entry (`globalSetup: ['test/tree/setup.ts']`); each test file also calls ensureKernelTree (cheap once built). */
export default function setup(): void {
  ensureKernelTree();
}
