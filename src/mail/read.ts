import type { Source } from '../source/index.js';
import { parseMessage } from './parse.js';
import { splitMbox, type SplitOptions } from './split.js';
import type { Message } from './types.js';

/** The messages of one source, parsed one at a time as its bytes stream in. */
export async function* readMessages(source: Source, opts: SplitOptions = {}): AsyncIterable<Message> {
  for await (const raw of splitMbox(source.stream(), opts)) yield parseMessage(raw, source.name);
}
