import { bounded, type Diagnostic } from '../common/index.js';
import { openSources, DEFAULT_MAX_INPUT_BYTES, type Source } from '../source/index.js';
import { readMessages, type Message } from '../mail/index.js';
import { SeriesAssembler, type PreparedMessage, type Series } from '../series/index.js';
import { withNewerVersions } from './newer.js';
import type { InputOptions, ReviewCallbacks } from './types.js';

/** One message as a source reader hands it to the assembler. */
export interface ReadMessage {
  message: Message;
  /** Mail bytes, for progress. */
  bytes: number;
  /** prepareMessage(message), when it was computed elsewhere. */
  prepared?: PreparedMessage;
}

export type SourceReader = (source: Source) => AsyncIterable<ReadMessage>;

function readHere(input: InputOptions): SourceReader {
  return async function* (source) {
    for await (const message of readMessages(source, { maxMessageBytes: input.maxMessageBytes })) yield { message, bytes: message.body.length };
  };
}

/**
 * Reads every source message by message and hands each series to `take` as
 * soon as the assembler completes it (all versions). An unreadable source is
 * one error diagnostic; the other sources are still read. `read` parses a
 * source's mail (here by default; `--jobs` parses on workers). Returns the
 * number of messages read.
 */
export async function assembleSources(
  sources: Source[],
  input: InputOptions,
  on: ReviewCallbacks,
  take: (s: Series) => unknown,
  noteAny: (d: Diagnostic) => void,
  read: SourceReader = readHere(input),
): Promise<number> {
  const note = (d: Diagnostic): void => noteAny(bounded(d));
  const assembler = new SeriesAssembler({ allVersions: true });
  let messages = 0;
  for (const source of sources) {
    try {
      for await (const { message, bytes, prepared } of read(source)) {
        // one too large to read is not a message read: an input of nothing else is unreadable (exit 2)
        if (message.oversize === undefined) messages++;
        on.onMessage?.(bytes);
        const done = assembler.push(message, prepared);
        assembler.takeDiagnostics().forEach(note);
        for (const s of done) await take(s);
      }
    } catch (e) {
      // An InputError's message starts with the input's name, which the diagnostic names already.
      const message = (e as Error).message;
      const prefix = `${source.name}: `;
      note({ severity: 'error', message: message.startsWith(prefix) ? message.slice(prefix.length) : message, input: source.name });
    }
  }
  const rest = assembler.finish();
  for (const s of rest.series) await take(s);
  rest.diagnostics.forEach(note);
  return messages;
}

/** The CLI's inputs as sources, with the reading options of the review. */
export async function openInputs(inputs: string[], input: InputOptions, allVersions: boolean, on: ReviewCallbacks): Promise<Source[]> {
  const maxInputBytes = input.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const sources = await openSources(inputs, { maxInputBytes, gitRange: input.gitRange, repo: input.repo, stdin: input.stdin, lore: input.lore });
  if (!input.newer) return sources;
  return withNewerVersions(inputs, sources, { ...input.lore, maxInputBytes }, allVersions, on.notify ?? (() => {}));
}
