#!/usr/bin/env node
// A public-inbox-compatible HTTP server on 127.0.0.1 for tests and for trying
// `pmreview check <Message-ID> --lore http://127.0.0.1:PORT` by hand. It
// serves the mail of fixtures/corpus (or the directories given with --corpus)
// the way public-inbox 1.9 does (PublicInbox::WWW, Mbox, MboxGz, SearchView):
//
//   GET  /<inbox>/<msgid>/t.mbox.gz   the thread holding <msgid>, gzipped mboxrd,
//                                     application/gzip; 404 text/plain when unknown
//   GET  /<inbox>/<msgid>/t.mbox      the same, not compressed
//   POST /<inbox>/?q=<query>&x=m      messages matching the query, gzipped mboxrd;
//                                     404 "No results found" when none
//   GET  /<inbox>/?q=<query>&x=m      an HTML page: public-inbox ignores x=m on GET
//
// Any inbox name serves the same mail (lore's /all/ holds every list). The
// query language is the part of public-inbox's that b4 and pmreview send:
// s:"subject phrase", f:"from", nq:"body text", d:YYYYMMDD.. (and ..YYYYMMDD),
// bare words, AND, OR, parentheses.
//
// Message-IDs under @pmreview.test answer as a broken server would:
//   status-500@  HTTP 500          slow@      no answer at all (until --slow-ms)
//   stall@       200, half a gzip, then silence       bomb@  a small gzip of 64 MiB
//   html@        200 text/html     truncated@ a gzip cut in the middle
//   away@        302 to another host        here@  301 to the first thread served
//   empty@       200 with no body
//
// GET /_requests lists the requests served so far (method and path), so tests
// can see what came from the cache. Prints "listening on http://127.0.0.1:PORT".
// Stops by itself after --lifetime seconds (default 600) or on SIGTERM/SIGINT.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const corpusDirs = args.flatMap((a, i) => (args[i - 1] === '--corpus' ? [path.resolve(a)] : []));
const dirs = corpusDirs.length ? corpusDirs : [path.join(root, 'fixtures/corpus')];
const port = Number(opt('--port', '0'));
const slowMs = Number(opt('--slow-ms', '20000'));
const lifetime = Number(opt('--lifetime', '600'));

/* ---------------------------------------------------------------- mail */

/** mboxrd / mboxo messages of one file: the bytes after each "From " line. */
function splitMbox(buf) {
  const text = buf.toString('latin1');
  const out = [];
  const re = /^From [^\n]*\n/gm;
  let m;
  let start = -1;
  while ((m = re.exec(text))) {
    // a separator starts the file or follows a blank line
    if (m.index > 0 && !/\r?\n\r?\n$/.test(text.slice(Math.max(0, m.index - 4), m.index))) continue;
    if (start >= 0) out.push(text.slice(start, m.index));
    start = m.index + m[0].length;
  }
  if (start >= 0) out.push(text.slice(start));
  // undo mboxrd escaping; the server escapes again on the way out
  return out.map((t) => Buffer.from(t.replace(/^>(>*From )/gm, '$1'), 'latin1'));
}

function headers(raw) {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const h = new Map();
  for (const line of block.split(/\r?\n/)) {
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (m && !h.has(m[1].toLowerCase())) h.set(m[1].toLowerCase(), m[2].trim());
  }
  return { h, body: end < 0 ? '' : text.slice(end) };
}

const ids = (v) => [...(v ?? '').matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]);

function loadCorpus() {
  const messages = [];
  for (const dir of dirs) {
    for (const name of fs.readdirSync(dir).filter((n) => /\.(mbox|eml|patch)$/.test(n)).sort()) {
      for (const raw of splitMbox(fs.readFileSync(path.join(dir, name)))) {
        const { h, body } = headers(raw);
        const id = ids(h.get('message-id'))[0];
        if (!id || messages.some((m) => m.id === id)) continue;
        const date = new Date(h.get('date') ?? '');
        messages.push({
          id,
          parents: [...ids(h.get('in-reply-to')), ...ids(h.get('references'))],
          subject: (h.get('subject') ?? '').toLowerCase().replace(/\s+/g, ' '),
          from: (h.get('from') ?? '').toLowerCase(),
          body: body.toLowerCase(),
          day: Number.isNaN(date.getTime()) ? 0 : Number(date.toISOString().slice(0, 10).replace(/-/g, '')),
          raw,
        });
      }
    }
  }
  // threads: every message joined with what it answers (union-find over Message-IDs)
  const up = new Map();
  const find = (x) => {
    while (up.has(x) && up.get(x) !== x) x = up.get(x);
    return x;
  };
  for (const m of messages) {
    up.set(m.id, find(m.id));
    for (const p of m.parents) {
      const a = find(m.id);
      const b = find(p);
      if (a !== b) up.set(a, b);
    }
  }
  for (const m of messages) m.thread = find(m.id);
  return messages;
}

const messages = loadCorpus();
const byId = new Map(messages.map((m) => [m.id, m]));

/** public-inbox writes mboxrd: a "From " line in a body gets one more '>'. */
function mboxrd(list) {
  return Buffer.concat(
    list.flatMap((m) => {
      const body = m.raw.toString('latin1').replace(/^(>*From )/gm, '>$1');
      return [Buffer.from('From mboxrd@z Thu Jan  1 00:00:00 1970\n'), Buffer.from(body.endsWith('\n') ? body : `${body}\n`, 'latin1'), Buffer.from('\n')];
    }),
  );
}

/* -------------------------------------------------------------- search */

function tokenize(q) {
  const out = [];
  const re = /\s*(\(|\)|[a-z]+:"[^"]*"|[a-z]+:[^\s()]+|"[^"]*"|[^\s()]+)/gy;
  let m;
  while ((m = re.exec(q))) out.push(m[1]);
  return out;
}

function atom(tok) {
  const m = /^([a-z]+):(.*)$/.exec(tok);
  const value = (m ? m[2] : tok).replace(/^"|"$/g, '').toLowerCase().replace(/\s+/g, ' ');
  switch (m?.[1]) {
    case 's':
      return (msg) => msg.subject.includes(value);
    case 'f':
      return (msg) => msg.from.includes(value);
    case 'nq':
    case 'b':
      return (msg) => msg.body.replace(/\s+/g, ' ').includes(value);
    case 'd': {
      const [from, to] = value.split('..');
      return (msg) => (!from || msg.day >= Number(from)) && (!to || msg.day <= Number(to));
    }
    default:
      return (msg) => msg.subject.includes(value) || msg.body.includes(value);
  }
}

function parseQuery(q) {
  const toks = tokenize(q);
  let i = 0;
  const or = () => {
    let left = and();
    while (toks[i] === 'OR') {
      i++;
      const l = left;
      const r = and();
      left = (m) => l(m) || r(m);
    }
    return left;
  };
  const and = () => {
    let left = unary();
    while (i < toks.length && toks[i] !== ')' && toks[i] !== 'OR') {
      if (toks[i] === 'AND') i++;
      const l = left;
      const r = unary();
      left = (m) => l(m) && r(m);
    }
    return left;
  };
  const unary = () => {
    const t = toks[i++];
    if (t === '(') {
      const e = or();
      if (toks[i] === ')') i++;
      return e;
    }
    if (t === 'NOT') {
      const e = unary();
      return (m) => !e(m);
    }
    return t === undefined ? () => false : atom(t);
  };
  return or();
}

/* -------------------------------------------------------------- server */

const served = [];
const gz = (buf) => zlib.gzipSync(buf);

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length, ...extra });
  res.end(body);
}

function broken(req, res, mid, url) {
  const local = mid.slice(0, mid.indexOf('@'));
  switch (local) {
    case 'status-500':
      return send(res, 500, 'text/plain', Buffer.from('Internal Server Error\n'));
    case 'slow': {
      const t = setTimeout(() => send(res, 200, 'application/gzip', gz(mboxrd(messages.slice(0, 1)))), slowMs);
      req.on('close', () => clearTimeout(t));
      return;
    }
    case 'stall': {
      res.writeHead(200, { 'Content-Type': 'application/gzip' });
      const whole = gz(mboxrd(messages.slice(0, 3)));
      res.write(whole.subarray(0, whole.length >> 1));
      const t = setTimeout(() => res.end(), slowMs);
      req.on('close', () => clearTimeout(t));
      return;
    }
    case 'bomb': {
      // 64 MiB of one message body from ~64 kB on the wire
      res.writeHead(200, { 'Content-Type': 'application/gzip' });
      const z = zlib.createGzip();
      z.pipe(res);
      z.write('From mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: a@b\nSubject: bomb\nMessage-ID: <bomb@pmreview.test>\n\n');
      const line = Buffer.alloc(1024 * 1024, 'A');
      let n = 0;
      const more = () => {
        while (n < 64) {
          n++;
          if (!z.write(line)) return z.once('drain', more);
        }
        z.end();
      };
      res.on('close', () => z.destroy());
      return more();
    }
    case 'html':
      return send(res, 200, 'text/html; charset=UTF-8', Buffer.from('<!DOCTYPE html><html><body><pre>Message-ID &lt;html@pmreview.test&gt;\nnot found\n</pre></body></html>\n'));
    case 'truncated': {
      const whole = gz(mboxrd(messages.slice(0, 3)));
      return send(res, 200, 'application/gzip', whole.subarray(0, whole.length - 20));
    }
    case 'away':
      return send(res, 302, 'text/plain', Buffer.from('Redirecting\n'), { Location: `http://elsewhere.invalid${url.pathname}` });
    case 'here':
      return send(res, 301, 'text/plain', Buffer.from('Redirecting\n'), { Location: `/all/${encodeURIComponent(messages[0].id).replace(/%40/g, '@')}/t.mbox.gz` });
    case 'empty':
      return send(res, 200, 'application/gzip', Buffer.alloc(0));
    default:
      return send(res, 404, 'text/plain', Buffer.alloc(0));
  }
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  // closed after answering: a client's kept-alive socket would race the server's idle close
  if (url.pathname === '/_requests') return send(res, 200, 'application/json', Buffer.from(JSON.stringify(served)), { Connection: 'close' });
  served.push({ method: req.method, path: req.url });
  req.resume();
  const thread = /^\/([\w-][\w.-]*)\/([^/]+)\/(t\.mbox\.gz|t\.mbox)$/.exec(url.pathname);
  if (thread && (req.method === 'GET' || req.method === 'HEAD')) {
    const mid = decodeURIComponent(thread[2]);
    if (mid.endsWith('@pmreview.test')) return broken(req, res, mid, url);
    const m = byId.get(mid);
    if (!m) return send(res, 404, 'text/plain', Buffer.alloc(0));
    const mbox = mboxrd(messages.filter((x) => x.thread === m.thread));
    const name = m.subject.replace(/[^a-z0-9]+/g, '-').slice(0, 60);
    return thread[3] === 't.mbox'
      ? send(res, 200, 'application/mbox; charset=UTF-8', mbox)
      : send(res, 200, 'application/gzip', gz(mbox), { 'Content-Disposition': `inline; filename=${name}.mbox.gz` });
  }
  const search = /^\/([\w-][\w.-]*)\/$/.exec(url.pathname);
  if (search && url.searchParams.get('q') !== null) {
    const q = url.searchParams.get('q');
    if (url.searchParams.get('x') === 'm' && req.method === 'POST') {
      const hits = messages.filter(parseQuery(q)).sort((a, b) => b.day - a.day);
      if (!hits.length) return send(res, 404, 'text/plain', Buffer.from('No results found\n'));
      return send(res, 200, 'application/gzip', gz(mboxrd(hits)), { 'Content-Disposition': 'inline; filename=results.mbox.gz' });
    }
    return send(res, 200, 'text/html; charset=UTF-8', Buffer.from(`<html><body><pre>*** "x=m" ignored for GET requests, use download buttons below ***\n${q.replace(/[<>&]/g, '')}</pre></body></html>\n`));
  }
  return send(res, 404, 'text/plain', Buffer.alloc(0));
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setTimeout(stop, lifetime * 1000).unref();
