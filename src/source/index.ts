export * from './types.js';
export * from './github.js';
export { openSources, DEFAULT_MAX_INPUT_BYTES } from './open.js';
export {
  DEFAULT_LORE,
  DEFAULT_LORE_TIMEOUT_MS,
  LORE_CACHE_MAX_AGE_MS,
  cachePath,
  checkLoreServer,
  inboxUrl,
  loreSearchSource,
  loreThreadSource,
  midEscape,
  newerQuery,
  parseLoreInput,
  searchUrl,
  threadUrl,
  type LoreTarget,
  type SeriesQuery,
} from './lore.js';
