import type { Diagnostic, Person } from '../common/index.js';

/** One message as cut out of an mbox, before parsing. */
export interface RawMessage {
  /** Bytes of the message, `From ` separator excluded, mboxrd `>From ` unescaped. */
  bytes: Uint8Array;
  /** Byte offset of the message's first byte (after the separator) in the input. */
  offset: number;
  /** 1-based line in the input of the message's first line (after the separator). */
  line: number;
  /** 1-based ordinal of the message in its input. */
  ordinal: number;
  /**
   * The `From ` separator line with its own line end (`\n` or `\r\n`), as
   * latin1 text (one char per byte), when there was one: joinMbox writes it
   * back byte for byte.
   */
  separator?: string;
  /**
   * Set when the message was larger than the cap splitMbox was given: its size
   * in bytes. Its bytes were not kept (`bytes` is empty).
   */
  oversize?: number;
}

export interface Message {
  /** Input name (Source.name). */
  input: string;
  ordinal: number;
  offset: number;
  /** 1-based line in the input where the message starts. */
  line: number;
  /** Decoded, unfolded headers, names lower-cased, values in order of appearance. */
  headers: Record<string, string[]>;
  /** Without angle brackets; undefined when absent (format-patch output). */
  messageId?: string;
  inReplyTo?: string;
  /** Oldest first, without angle brackets. */
  references: string[];
  subject: string;
  from: Person;
  to: Person[];
  cc: Person[];
  /** ISO 8601, undefined when absent or unparseable. */
  date?: string;
  /**
   * The text a reviewer reads: text/plain parts and patch attachments
   * (text/x-patch, text/x-diff), decoded to UTF-8, LF line ends.
   */
  body: string;
  /**
   * 1-based input line of the body's first line when the body is the
   * message's own unencoded text (so body line k is at bodyLine + k - 1);
   * undefined when the body was decoded (quoted-printable, base64, multipart).
   */
  bodyLine?: number;
  diagnostics: Diagnostic[];
  /** Size in bytes of a message over the per-message cap: nothing of it was read (see RawMessage.oversize). */
  oversize?: number;
}
