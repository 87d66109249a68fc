import { createHash } from 'node:crypto';
import type { Location } from '../../model/index.js';

/**
 * Survives rebases and line shifts: the line number is left out on purpose,
 * only rule, file, function and the line's text with whitespace folded count.
 */
export function fingerprintOf(ruleId: string, loc: Pick<Location, 'file' | 'function' | 'text'>): string {
  const text = normaliseLineText(loc.text);
  const key = [ruleId, loc.file, loc.function ?? '', text].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

export function normaliseLineText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
