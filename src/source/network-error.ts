/*
 * Errors of a request that got no answer, named as what they are: a refused
 * connection is not "HTTP 500" (octokit gives every failed fetch status 500).
 * Node's fetch throws a TypeError ("fetch failed") whose cause holds the
 * system error code; with several addresses for a host the cause is an
 * AggregateError with the code on it and the attempts in `errors`.
 */

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed (temporary)',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  ECONNRESET: 'connection reset by the server',
  UND_ERR_SOCKET: 'connection closed by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed by the server',
};

/** Codes of a connection that was never made: nothing to retry in a few seconds. */
const NO_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND']);

interface Coded {
  code?: string;
  message?: string;
  cause?: unknown;
  errors?: unknown[];
}

/** The first system error code in `e` or its causes. */
function codeOf(e: unknown, depth = 0): { code: string; message: string } | undefined {
  if (!e || typeof e !== 'object' || depth > 5) return undefined;
  const err = e as Coded;
  if (typeof err.code === 'string' && (REASONS[err.code] || /^E[A-Z]+$|^UND_ERR|CERT|TLS|SSL/.test(err.code))) return { code: err.code, message: err.message ?? '' };
  return codeOf(err.cause, depth + 1) ?? (Array.isArray(err.errors) ? codeOf(err.errors[0], depth + 1) : undefined);
}

/** `host:port` of a URL, the port said even when it is the scheme's default; undefined when it is not one. */
function endpoint(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return undefined;
  }
}

/** `cannot connect to host:port: connection refused`, or undefined when `e` is not a network error. */
export function networkErrorMessage(e: unknown, url?: string): string | undefined {
  if (e instanceof ConnectError) return e.message;
  const found = codeOf(e);
  if (!found) return undefined;
  const where = endpoint(url);
  const reason = REASONS[found.code] ?? (/CERT|TLS|SSL/.test(found.code) ? `TLS: ${found.message.split('\n')[0]}` : `${found.code}`);
  return where ? `cannot connect to ${where}: ${reason}` : `network error: ${reason}`;
}

/**
 * A connection that was never made. Its name is `AbortError` on purpose:
 * octokit passes an error of that name through unwrapped, and its retry
 * plugin does not retry it.
 */
export class ConnectError extends Error {
  override name = 'AbortError';
}

/** A ConnectError for a refused connection or an unknown host, else undefined. */
export function connectError(e: unknown, url: string): ConnectError | undefined {
  const found = codeOf(e);
  if (!found || !NO_CONNECTION.has(found.code)) return undefined;
  const err = new ConnectError(networkErrorMessage(e, url)!);
  return err;
}
