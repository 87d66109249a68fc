import type { KernelFacts } from '../../types.js';
import { LINUX_6_12 } from './linux-6.12.js';
import { LINUX_6_18 } from './linux-6.18.js';
import { LINUX_7_0 } from './linux-7.0.js';

/**
 * Facts of every known base kernel (issue 10 §2): 6.12 extracted from the
 * kernel files kept in the repository (scripts/extract-facts.mjs), later
 * kernels written by hand with a source per fact. The model selects the
 * nearest at or before --kernel; --tree replaces them with the tree's own.
 */
export const KERNELS: readonly KernelFacts[] = [LINUX_6_12, LINUX_6_18, LINUX_7_0];
