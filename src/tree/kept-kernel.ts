import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel } from '../model/index.js';
import { renderFactsModule } from './facts-module.js';
import { extractKernelFacts, factFiles, type Extracted } from './kernel-facts.js';
import { kernelVersionFromMakefile } from './makefile.js';

/** Where the generated module lives, relative to the repository. */
export const KEPT_FACTS_MODULE = 'src/model/data/kernels/linux-6.12.ts';

/**
 * Facts of the Linux 6.12 files kept in the repository (fixtures/kernel/6.12,
 * listed in fixtures/kernel/FILES) and the module that holds them. Used by
 * scripts/extract-facts.mjs to write the module and by the staleness test to
 * compare it with the committed one.
 */
export async function keptKernelFacts(repo: string): Promise<{ extracted: Extracted; module: string }> {
  const dir = path.join(repo, 'fixtures/kernel/6.12');
  const manifest = readFileSync(path.join(repo, 'fixtures/kernel/6.12.manifest'), 'utf8');
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(path.join(dir, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const full = kernelVersionFromMakefile(read('Makefile') ?? '') ?? '6.12';
  const debian = /^debian (\S+)$/m.exec(manifest)?.[1] ?? 'unknown';
  const kernel = full.split('.').slice(0, 2).join('.');
  const origin = `tree:debian/linux-source-${kernel} (Linux ${full}, Debian ${debian}; the files kept in fixtures/kernel/${kernel})`;
  const source = (file: string): string => `tree:debian/linux-source-${kernel} ${file}`;
  const extracted = await extractKernelFacts(read, { kernel, origin, source, model: loadModel(kernel) });
  const missing = factFiles().filter((f) => read(f) === undefined);
  if (missing.length) throw new Error(`fixtures/kernel/${kernel} lacks ${missing.join(', ')}: add them to fixtures/kernel/FILES and run scripts/kernel-subset.sh`);
  const module = renderFactsModule(extracted.facts, {
    from: `fixtures/kernel/${kernel} (Linux ${full}, Debian ${debian})`,
    name: `LINUX_${kernel.replace('.', '_')}`,
    sourceCall: { name: 'deb612', from: '../sources.js' },
  });
  return { extracted, module };
}
