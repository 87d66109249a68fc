import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root: dist/cli/ → ../../ (also src/cli/ under vitest). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The fields of package.json that name the project's home (both optional; see rule-links.ts). */
export interface PackageHome {
  homepage?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
}

export const PACKAGE = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageHome & { version: string };

export const VERSION: string = PACKAGE.version;

export const TOOL = { name: 'pmreview', version: VERSION };
