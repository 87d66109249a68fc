import type { LineRef } from './lookup.js';
import type { Location } from './types.js';

/** Where a location is: the diff line's own text and input line win over `text` and `inputLine`. */
export interface Place {
  file: string;
  side: 'new' | 'old';
  line: number;
  text: string;
  function?: string;
  inputLine?: number;
}

/** The one place a Location is made, so every stage's locations have the same fields in the same order. */
export function locationAt(patch: { index: number; messageId?: string; subject: string }, place: Place, shown?: Pick<LineRef, 'line'>): Location {
  const inputLine = shown ? shown.line.inputLine : place.inputLine;
  return {
    patchIndex: patch.index,
    ...(patch.messageId !== undefined ? { messageId: patch.messageId } : {}),
    subject: patch.subject,
    file: place.file,
    line: place.line,
    side: place.side,
    ...(place.function !== undefined ? { function: place.function } : {}),
    text: shown?.line.text ?? place.text,
    ...(inputLine !== undefined ? { inputLine } : {}),
  };
}
