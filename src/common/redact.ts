/*
 * Secrets kept out of everything pmreview prints, whatever produced the text:
 * a server error can echo the token it was sent, an HTTP library can quote a
 * URL with `user:password@` in it. The values are known up front (the token
 * variables and the URLs on the command line), so they are replaced in every
 * line written, not looked for in each message that might hold one.
 */

/** Environment variables that hold tokens pmreview reads (each command's --token-env default). */
const TOKEN_VARIABLES = ['GITHUB_TOKEN', 'GH_TOKEN', 'PATCHWORK_TOKEN'];

/** Shorter values are not taken for secrets: replacing every `x` of an output helps no one. */
const MIN_SECRET = 8;

export const REDACTED = '***';

/** `scheme://userinfo@`: the credentials of a URL. */
const URL_CREDENTIALS = /\b([a-z][\w+.-]*:\/\/)[^/?#@\s]+@/gi;

/**
 * The secrets of one command line: the token variables (and the one a
 * `--token-env NAME` names), and the user and password of every URL given.
 */
export function secretsOf(argv: readonly string[], env: Record<string, string | undefined>): string[] {
  const names = new Set(TOKEN_VARIABLES);
  argv.forEach((a, i) => {
    if (a === '--token-env' && argv[i + 1]) names.add(argv[i + 1]!);
    else if (a.startsWith('--token-env=')) names.add(a.slice('--token-env='.length));
  });
  const out = new Set<string>();
  for (const n of names) {
    const v = env[n];
    if (v) out.add(v);
  }
  for (const a of argv) {
    for (const m of a.matchAll(/[a-z][\w+.-]*:\/\/([^/?#@\s]+)@/gi)) {
      for (const part of m[1]!.split(':')) {
        out.add(part);
        try {
          out.add(decodeURIComponent(part));
        } catch {
          // not percent-encoded text: the raw form is enough
        }
      }
    }
  }
  return [...out].filter((s) => s.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
}

/**
 * A function that replaces each secret, in plain and in URL-encoded form;
 * with `urls`, also the credentials of any URL (for messages: a report may
 * quote a URL from a mail as it is).
 */
export function redactor(secrets: readonly string[], { urls = false } = {}): (text: string) => string {
  const forms = [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s)]))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of forms) if (out.includes(s)) out = out.split(s).join(REDACTED);
    return urls && out.includes('://') ? out.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : out;
  };
}
