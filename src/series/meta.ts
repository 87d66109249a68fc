/** Series metadata b4 reads from a cover or the last patch (ANCHORS §2.2). */
export interface SeriesMeta {
  baseCommit?: string;
  prerequisitePatchIds: string[];
  changeId?: string;
}

export function readSeriesMeta(body: string): SeriesMeta {
  const meta: SeriesMeta = { prerequisitePatchIds: [] };
  const lower = body.toLowerCase();
  if (!lower.includes('base-commit:') && !lower.includes('prerequisite-patch-id:') && !lower.includes('change-id:')) return meta;
  for (const line of body.split('\n')) {
    const m = /^(base-commit|prerequisite-patch-id|change-id):\s*(\S+)\s*$/i.exec(line.trim());
    if (!m) continue;
    const key = m[1].toLowerCase();
    if (key === 'base-commit') meta.baseCommit ??= m[2];
    else if (key === 'change-id') meta.changeId ??= m[2];
    else if (!meta.prerequisitePatchIds.includes(m[2])) meta.prerequisitePatchIds.push(m[2]);
  }
  return meta;
}

/** Bodies that are git pull requests rather than patches. */
export function isPullRequest(body: string): boolean {
  return /The following changes since commit [0-9a-f]{7,}/.test(body) || /are available in the Git repository at/.test(body);
}
