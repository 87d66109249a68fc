import type { Series } from './types.js';

/** Versions of one series share title and author. */
function titleKey(s: Series): string {
  return `${s.title.trim().toLowerCase()}\u0000${s.author.address.toLowerCase()}`;
}

/**
 * The version key of one run: a series with the change-id of one seen before
 * is a version of it even when its title changed (b4 keeps the change-id
 * across revisions; `--newer` finds revisions by it); otherwise versions share
 * title and author. The first series of a change-id gives the key, so a
 * revision with a change-id and one without still meet on title and author.
 */
export function versionKeys(): (s: Series) => string {
  const byChangeId = new Map<string, string>();
  return (s) => {
    const own = titleKey(s);
    if (!s.changeId) return own;
    const first = byChangeId.get(s.changeId);
    if (first) return first;
    byChangeId.set(s.changeId, own);
    return own;
  };
}
