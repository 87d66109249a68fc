import { createRequire } from 'node:module';
import type libmimeModule from 'libmime';

type LibMime = typeof libmimeModule;
let lib: LibMime | undefined;

/**
 * libmime, loaded on first use: it costs ~65 ms of start-up (its mime-type
 * and charset tables), and most patch mails need it for nothing (no encoded
 * words, a plain Content-Type that `contentType` reads itself). Synchronous
 * because parseMessage is; its CommonJS build is what `require` gives.
 */
export function libmime(): LibMime {
  return (lib ??= createRequire(import.meta.url)('libmime') as LibMime);
}

export interface ContentType {
  type: string;
  params: Record<string, string>;
}

// `type/subtype; name=value; name="value"`: no RFC 2231 (`*`), escapes or encoded words
const SIMPLE = /^\s*([^\s;"=]+)\s*((?:;\s*[A-Za-z0-9_.-]+\s*=\s*(?:"[^"\\]*"|[^;"\s\\]*)\s*)*);?\s*$/;
const PARAM = /;\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"([^"\\]*)"|([^;"\s\\]*))/g;

/**
 * A Content-Type or Content-Disposition value. The simple shape that nearly
 * every patch mail has is read here (the same result as libmime, checked by
 * test/mail/content-type.test.ts); anything else goes to libmime.
 */
export function parseParams(value: string): ContentType {
  const m = SIMPLE.exec(value);
  if (m && !value.includes('=?')) {
    const params: Record<string, string> = {};
    for (const p of m[2]!.matchAll(PARAM)) params[p[1]!.toLowerCase()] = p[2] ?? p[3]!;
    return { type: m[1]!.toLowerCase(), params };
  }
  try {
    const parsed = libmime().parseHeaderValue(value) as { value: string; params: Record<string, string> };
    return { type: parsed.value.trim().toLowerCase(), params: parsed.params };
  } catch {
    return { type: value.split(';')[0]!.trim().toLowerCase(), params: {} };
  }
}
