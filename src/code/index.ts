export * from './types.js';
export { ensureParser, parserReady } from './parser.js';
export { buildCodeView, buildFileView, type CodeViewOptions, type FileViewOptions } from './view.js';
export { evaluateConstant } from './constant.js';
export { ITERATOR_MACRO } from './functions.js';
export { stripC, type StripOptions } from './strip.js';
export { defineOn, enumMemberOn } from './defines.js';
export { argsAfter, splitTopLevel } from './text.js';
export { balancedParens, bare, callsIn, isOne, isZero, matchingBracket, type CallText } from './expr-text.js';
