import { readMessages } from '../mail/index.js';
import { SeriesAssembler, type Series } from '../series/index.js';
import { inboxUrl, loreSearchSource, loreThreadSource, newerQuery, parseLoreInput, threadUrl, type LoreOptions, type LoreTarget, type Source } from '../source/index.js';

/*
 * `--newer`, b4 am's -c: the series of a fetched thread is looked up on the
 * server's search (by change-id, or subject and author, from its day on), and
 * the threads of later revisions are fetched too. Here and not in source/:
 * the query needs the series (mail and series stages), which come after it.
 */

interface Read {
  series: Series[];
  ids: Set<string>;
}

async function readSeries(source: Source): Promise<Read> {
  const assembler = new SeriesAssembler({ allVersions: true });
  const series: Series[] = [];
  const ids = new Set<string>();
  for await (const m of readMessages(source)) {
    if (m.messageId) ids.add(m.messageId);
    series.push(...assembler.push(m));
  }
  series.push(...assembler.finish().series);
  return { series, ids };
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** A later revision of `base`: the same change-id, or the same title by the same author. */
function laterRevision(base: Series, s: Series): boolean {
  if (s.version <= base.version) return false;
  if (base.changeId && s.changeId) return base.changeId === s.changeId;
  return norm(s.title) === norm(base.title) && s.author.address.toLowerCase() === base.author.address.toLowerCase();
}

function rootOf(s: Series): string | undefined {
  return s.cover?.messageId ?? s.patches[0]?.messageId;
}

function label(s: Series): string {
  return `v${s.version} "${s.cover?.subject ?? s.patches[0]?.subject ?? s.title}"`;
}

/**
 * The sources with the threads of later revisions added after each
 * Message-ID input's thread. `note` receives what was found, one line each.
 */
export async function withNewerVersions(inputs: string[], sources: Source[], opts: LoreOptions, allVersions: boolean, note: (line: string) => void): Promise<Source[]> {
  const out = [...sources];
  for (const input of inputs) {
    const target = parseLoreInput(input);
    const source = target && sources.find((s) => s.kind === 'lore' && s.name === threadUrl(target, opts.server));
    if (!target || !source) continue;
    const thread = await readSeries(source);
    const base = thread.series.reduce<Series | undefined>((a, s) => (!a || s.version > a.version || (s.version === a.version && s.patches.length > a.patches.length) ? s : a), undefined);
    if (!base) {
      note(`${source.name}: no patch series in the thread; --newer has nothing to look for`);
      continue;
    }
    const inbox = inboxUrl(target, opts.server);
    const query = newerQuery({ changeId: base.changeId, title: base.title, from: base.author.address, date: base.cover?.date ?? base.patches[0]?.date });
    const search = await loreSearchSource(inbox, query, opts);
    const found = search ? (await readSeries(search)).series.filter((s) => laterRevision(base, s) && rootOf(s)) : [];
    // one thread per revision, oldest first; a revision posted inside a thread already read is there
    const byVersion = new Map<number, Series>();
    for (const s of found.sort((a, b) => a.version - b.version)) if (!byVersion.has(s.version)) byVersion.set(s.version, s);
    const newer = [...byVersion.values()];
    if (!newer.length) {
      note(`${source.name}: no newer version of ${label(base)} on ${inbox}`);
      continue;
    }
    const newest = newer.at(-1)!;
    note(
      `${source.name}: newer version${newer.length > 1 ? 's' : ''} on ${inbox}: ${newer.map((s) => `${label(s)} <${rootOf(s)}>`).join(', ')}; ` +
        (allVersions ? 'reviewing every version' : `reviewing v${newest.version} (--all-versions: every version)`),
    );
    const seen = thread.ids;
    for (const s of newer) {
      const root = rootOf(s)!;
      if (seen.has(root)) continue;
      const next: LoreTarget = { messageId: root, url: target.url };
      const fetched = await loreThreadSource(next, opts);
      for (const id of (await readSeries(fetched)).ids) seen.add(id);
      out.push(fetched);
    }
  }
  return out;
}
