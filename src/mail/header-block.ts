/** One header field as it stands in the message, folded lines joined. */
export interface HeaderField {
  /** Lower-cased field name. */
  name: string;
  /** Raw value bytes after the colon, continuation lines appended with their line ends removed. */
  value: Buffer;
  /** 1-based line of the field within the part (the message's first line is 1). */
  line: number;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Byte offset where the body starts (after the blank line). */
  bodyStart: number;
  /** Lines taken by the header block, blank separator line included. */
  lines: number;
  problems: { line: number; message: string }[];
}

const NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * Reads the header block of a message or MIME part (RFC 5322 §2.2): fields
 * up to the first empty line. A line that is neither a field nor a
 * continuation ends the block there, as Python's email parser does (the rest
 * is body), and is reported.
 */
export function readHeaderBlock(bytes: Buffer): HeaderBlock {
  const fields: HeaderField[] = [];
  const problems: HeaderBlock['problems'] = [];
  let pos = 0;
  let line = 0;
  let current: { name: string; parts: Buffer[]; line: number } | undefined;
  const close = () => {
    if (current) fields.push({ name: current.name, value: Buffer.concat(current.parts), line: current.line });
    current = undefined;
  };
  while (pos < bytes.length) {
    let nl = bytes.indexOf(0x0a, pos);
    const next = nl < 0 ? bytes.length : nl + 1;
    if (nl < 0) nl = bytes.length;
    const end = nl > pos && bytes[nl - 1] === 0x0d ? nl - 1 : nl;
    line++;
    if (end === pos) {
      close();
      return { fields, bodyStart: next, lines: line, problems };
    }
    const first = bytes[pos];
    if ((first === 0x20 || first === 0x09) && current) {
      current.parts.push(bytes.subarray(pos, end));
    } else {
      const colon = bytes.indexOf(0x3a, pos);
      const name = colon > pos && colon < end ? bytes.toString('latin1', pos, colon).trimEnd() : '';
      if (!name || !NAME.test(name)) {
        close();
        if (fields.length > 0 || line > 1) problems.push({ line, message: 'header block ends at a line that is not a header field (no blank line before the body)' });
        return { fields, bodyStart: pos, lines: line - 1, problems };
      }
      close();
      current = { name: name.toLowerCase(), parts: [bytes.subarray(colon + 1, end)], line };
    }
    pos = next;
  }
  close();
  return { fields, bodyStart: bytes.length, lines: line, problems };
}
