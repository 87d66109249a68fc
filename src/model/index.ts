export * from './types.js';
export { DEFAULT_KERNEL, compareKernelVersions, parseKernelVersion, presentIn, statusText } from './version.js';
export { loadModel } from './load.js';
export { registryNumber, registryNumberText, registryOf, BIT_REGISTRIES } from './numbers.js';
export { matchTouches } from './match.js';
export { summarizeSeries, type SeriesSummary, type FlagSummary, type SiteSummary } from './summary.js';
export { formatMap, touchText } from './map-format.js';
export { renderModelJson, renderModelMarkdown } from './render.js';
