import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RulePage } from '../report/index.js';
import { PACKAGE, PACKAGE_ROOT, type PackageHome } from './package-info.js';
import { UsageError } from '../common/index.js';

/** The kernel's own page for checkpatch's messages: a real page, whatever is configured. */
const CHECKPATCH_DOCS = 'https://docs.kernel.org/dev-tools/checkpatch.html';

/** What the report formats link a rule to (ReportOptions.docsUrl, docsFile, homeUrl). */
export interface RuleLinks {
  docsUrl: (ruleId: string) => string | undefined;
  docsFile: (ruleId: string) => RulePage | undefined;
  homeUrl?: string;
}

/**
 * `--docs-url` / `"docsUrl"`: where an organisation mirrors the rule pages.
 * `{id}` in it is replaced by the rule id; without one, `<id>.md` is
 * appended as a path segment (the layout of docs/rules/).
 */
export function docsTemplate(value: string, from: string): (ruleId: string) => string {
  let url: URL;
  try {
    url = new URL(value.replace(/\{id\}/g, 'R01'));
  } catch {
    throw new UsageError(`${from} must be a URL, e.g. https://docs.example.org/pmreview/rules/{id}.html (got "${value}")`);
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol)) throw new UsageError(`${from} must be an http, https or file URL (got "${value}")`);
  if (value.includes('{id}')) return (id) => value.replace(/\{id\}/g, encodeURIComponent(id));
  const base = value.replace(/\/+$/, '');
  return (id) => `${base}/${encodeURIComponent(id)}.md`;
}

/**
 * The project's pages as package.json names them, read as npm reads them
 * (hosted-git-info: GitHub, GitLab, Bitbucket and their shorthands), and
 * loaded only when there is a `repository` to read: 12 ms of start-up that
 * a package declaring none never pays. A host it does not know gives a home
 * page but no per-rule page: its file layout is not known.
 */
async function fromPackage(pkg: PackageHome): Promise<{ home?: string; page?: (ruleId: string) => string }> {
  const repo = typeof pkg.repository === 'string' ? { url: pkg.repository } : pkg.repository;
  const homepage = typeof pkg.homepage === 'string' && /^https?:\/\//.test(pkg.homepage) ? pkg.homepage : undefined;
  if (!repo?.url) return { home: homepage };
  const { default: hosted } = await import('hosted-git-info');
  const info = hosted.fromUrl(repo.url);
  if (!info) return { home: homepage ?? (/^https?:\/\//.test(repo.url) ? repo.url.replace(/\.git$/, '') : undefined) };
  const dir = repo.directory ? `${repo.directory.replace(/^\/+|\/+$/g, '')}/` : '';
  return { home: homepage ?? info.browse(), page: (id) => info.browseFile(`${dir}docs/rules/${id}.md`) };
}

/**
 * Rule links: a configured docs URL first, then the home package.json
 * declares, and with neither no web page at all (never a guessed one): the
 * formats point at docs/rules/<id>.md of this installation and name
 * `pmreview explain <id>`.
 */
export async function ruleLinks(configured?: { value: string; from: string }, pkg: PackageHome = PACKAGE, root = PACKAGE_ROOT): Promise<RuleLinks> {
  const own = await fromPackage(pkg);
  const web = configured ? docsTemplate(configured.value, configured.from) : own.page;
  const pages = new Map<string, RulePage | undefined>();
  return {
    homeUrl: own.home,
    docsUrl: (id) => (id.startsWith('checkpatch/') ? CHECKPATCH_DOCS : web?.(id)),
    docsFile: (id) => {
      if (!pages.has(id)) {
        const file = path.join(root, 'docs', 'rules', `${id}.md`);
        // ids come from our rules or checkpatch/<TYPE>: nothing outside docs/rules is ever named
        const ok = /^[A-Za-z0-9_-]+$/.test(id) && existsSync(file);
        pages.set(id, ok ? { url: pathToFileURL(file).href, text: readFileSync(file, 'utf8') } : undefined);
      }
      return pages.get(id);
    },
  };
}
