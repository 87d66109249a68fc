import type { Diagnostic } from '../common/index.js';
import { loadModel, type KernelFacts } from '../model/index.js';
import { gitAt, resolveRev, showBlob } from './git.js';
import { extractKernelFacts, factFiles } from './kernel-facts.js';
import { kernelVersionFromMakefile } from './makefile.js';
import type { KernelTree, KernelTreeFacts } from './types.js';

/**
 * Facts of the tree at `rev` (issue 10 §2), read by the same extraction as
 * the facts pmreview ships for 6.12 (kernel-facts.ts): with --tree the review
 * uses these instead of the known ones.
 */
export async function readTreeFacts(tree: KernelTree, rev: string = tree.base): Promise<KernelTreeFacts> {
  const git = gitAt(tree.dir);
  const diagnostics: Diagnostic[] = [];
  const input = `tree:${tree.dir}`;
  const commit = await resolveRev(git, rev);
  if (!commit) {
    diagnostics.push({ severity: 'error', input, message: `${rev}: not a commit; no tree facts read` });
    return { rev, diagnostics };
  }
  // Blobs are read up front: the extraction reads files synchronously.
  const files = new Map<string, string | undefined>();
  for (const file of ['Makefile', ...factFiles()]) files.set(file, await showBlob(git, commit, file));
  const makefile = files.get('Makefile');
  if (makefile === undefined) diagnostics.push({ severity: 'info', input, message: `Makefile is not in ${rev}; its facts are not known` });
  const kernel = makefile === undefined ? undefined : kernelVersionFromMakefile(makefile);
  if (makefile !== undefined && !kernel) diagnostics.push({ severity: 'warning', input: `${input}:Makefile`, message: 'no VERSION/PATCHLEVEL in the top Makefile' });

  const short = commit.slice(0, 12);
  const { facts, notes } = await extractKernelFacts((file) => files.get(file), {
    kernel: kernel ?? rev,
    origin: `tree:${tree.dir}@${short}`,
    source: (file) => `tree:${tree.dir}@${short} ${file}`,
    model: loadModel(),
  });
  for (const n of notes) diagnostics.push({ severity: 'info', input: `${input}:${n.file}`, message: n.message.replace(/ is not in the kernel;/, ` is not in ${rev};`) });
  const base: KernelFacts = facts;
  return kernel ? { kernel, rev, base, diagnostics } : { rev, base, diagnostics };
}
