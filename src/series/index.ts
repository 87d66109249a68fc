export * from './types.js';
export { parseSubject } from './subject.js';
export { parseTrailers, parsePerson } from './trailers.js';
export { splitPatchBody, type PatchBodyParts } from './body.js';
export { parseReplyBody } from './reply.js';
export { SeriesAssembler, assembleSeries, type StreamOptions } from './assemble.js';
export { newestVersions } from './newest.js';
export { versionKeys } from './version-key.js';
export { prepareMessage, type PreparedMessage } from './prepare.js';
