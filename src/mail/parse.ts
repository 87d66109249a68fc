import type { Diagnostic, Person } from '../common/index.js';
import { printable } from './charset.js';
import { parseMailDate } from './date.js';
import { readHeaderBlock, type HeaderField } from './header-block.js';
import { decodeHeaderValue, messageIds, parsePersons } from './header-value.js';
import { extractBody } from './mime.js';
import type { Message, RawMessage } from './types.js';

const NO_PERSON: Person = { name: '', address: '' };

function build(raw: RawMessage, input: string, diagnostics: Diagnostic[]): Message {
  const bytes = Buffer.from(raw.bytes.buffer, raw.bytes.byteOffset, raw.bytes.byteLength);
  const block = readHeaderBlock(bytes);
  const headers: Record<string, string[]> = {};
  const decoded = block.fields.map((f) => decodeHeaderValue(f.value));
  block.fields.forEach((f, i) => (headers[f.name] ??= []).push(decoded[i]!));
  // the first non-empty field of a name (an empty duplicate, e.g. a bare "Message-ID:", is skipped)
  const oneIndex = (name: string) => block.fields.findIndex((f, i) => f.name === name && decoded[i] !== '');
  const one = (name: string): HeaderField | undefined => block.fields[oneIndex(name)];
  const value = (name: string): string => decoded[oneIndex(name)] ?? '';
  const at = (f: HeaderField | { line: number }) => raw.line + f.line - 1;

  const msgIdField = one('message-id');
  const messageId = msgIdField ? messageIds(value('message-id'))[0] : undefined;
  const tag = messageId ? `<${messageId}>` : `#${raw.ordinal}`;
  const note = (severity: Diagnostic['severity'], message: string, line: number) => diagnostics.push({ severity, message, input, inputLine: line, messageId: tag });

  if (block.fields.length === 0) note('error', 'no mail headers: not a mail or patch in mail form', raw.line);
  for (const p of block.problems) note('warning', p.message, at(p));
  if (msgIdField && !messageId) note('warning', `unusable Message-ID "${printable(value('message-id'))}"`, at(msgIdField));
  // One diagnostic per message, with a count: a fuzzed mail with 556 Subject lines holding NUL gave 556.
  const nul = block.fields.filter((f) => f.value.includes(0));
  if (nul.length) note('warning', `NUL byte in header ${nul[0]!.name}${nul.length > 1 ? ` (and in ${nul.length - 1} more header ${nul.length === 2 ? 'field' : 'fields'})` : ''}`, at(nul[0]!));

  const irtField = one('in-reply-to');
  const inReplyTo = irtField ? messageIds(value('in-reply-to'))[0] : undefined;
  const references = block.fields.flatMap((f, i) => (f.name === 'references' ? messageIds(decoded[i]!) : []));

  const fromField = one('from');
  const from = fromField ? parsePersons(fromField.value)[0] : undefined;
  if (block.fields.length > 0 && !from?.address) note('warning', fromField ? `no address in From "${printable(value('from'))}"` : 'no From header', fromField ? at(fromField) : raw.line);
  const list = (name: string) => block.fields.filter((f) => f.name === name).flatMap((f) => parsePersons(f.value));

  const dateField = one('date');
  let date: string | undefined;
  if (dateField) {
    const text = value('date');
    date = parseMailDate(text);
    if (!date) note('warning', `unreadable Date "${printable(text)}"`, at(dateField));
  }

  const bodyLine = block.lines + 1;
  const body = extractBody(block.fields, bytes.subarray(block.bodyStart), bodyLine);
  for (const p of body.problems) note(p.severity, p.message, p.line !== undefined ? raw.line + p.line - 1 : raw.line);
  let text = body.text;
  // the blank line that ends each mbox entry is mbox framing, not body
  if (raw.separator !== undefined && text.endsWith('\n\n')) text = text.slice(0, -1);

  const message: Message = {
    input,
    ordinal: raw.ordinal,
    offset: raw.offset,
    line: raw.line,
    headers,
    references,
    subject: headers.subject?.[0] ?? '',
    from: from ?? NO_PERSON,
    to: list('to'),
    cc: list('cc'),
    body: text,
    diagnostics,
  };
  if (messageId) message.messageId = messageId;
  if (inReplyTo) message.inReplyTo = inReplyTo;
  if (date) message.date = date;
  if (body.verbatim && block.bodyStart < bytes.length) message.bodyLine = raw.line + bodyLine - 1;
  return message;
}

/**
 * One raw message to a Message. Never throws: what cannot be read becomes a
 * diagnostic, and a message that cannot be used at all still comes back,
 * empty, with an error diagnostic.
 */
export function parseMessage(raw: RawMessage, input: string): Message {
  const diagnostics: Diagnostic[] = [];
  if (raw.oversize !== undefined) {
    diagnostics.push({ severity: 'error', message: `message of ${raw.oversize} bytes is over --max-message-bytes: not read`, input, inputLine: raw.line, messageId: `#${raw.ordinal}` });
    return { input, ordinal: raw.ordinal, offset: raw.offset, line: raw.line, headers: {}, references: [], subject: '', from: NO_PERSON, to: [], cc: [], body: '', diagnostics, oversize: raw.oversize };
  }
  try {
    return build(raw, input, diagnostics);
  } catch (e) {
    diagnostics.push({ severity: 'error', message: `cannot parse message: ${(e as Error).message}`, input, inputLine: raw.line, messageId: `#${raw.ordinal}` });
    return { input, ordinal: raw.ordinal, offset: raw.offset, line: raw.line, headers: {}, references: [], subject: '', from: NO_PERSON, to: [], cc: [], body: '', diagnostics };
  }
}
