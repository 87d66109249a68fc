export * from './types.js';
export { DEFAULT_KERNEL, compareKernelVersions, parseKernelVersion, presentIn, statusText } from './version.js';
export { loadModel } from './load.js';
export { registryNumber, registryOf, BIT_REGISTRIES } from './numbers.js';
