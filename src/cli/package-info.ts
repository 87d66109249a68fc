import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root: dist/cli/ → ../../ (also src/cli/ under vitest). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const VERSION: string = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export const TOOL = { name: 'pmreview', version: VERSION };

/** Where the rule docs live, for SARIF helpUri and links in reports. */
export const DOCS_BASE_URL = 'https://github.com/pmreview/pmreview/blob/main/docs/rules';

export function docsUrl(ruleId: string): string {
  return ruleId.startsWith('checkpatch/') ? 'https://docs.kernel.org/dev-tools/checkpatch.html' : `${DOCS_BASE_URL}/${ruleId}.md`;
}
