import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Router } from 'express';
import t from 'tap';
import { createHttpApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';

/** The built console as hotlined serves it: history fallback and cache headers. */
const dir = mkdtempSync(path.join(tmpdir(), 'hotline-spa-'));
mkdirSync(path.join(dir, 'assets'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
writeFileSync(path.join(dir, 'favicon.svg'), '<svg/>');

let server: Server;
let base: string;
t.before(async () => {
  const api = Router();
  api.get('/ping', (_req, res) => {
    res.json({ ok: true });
  });
  const app = createHttpApp(createLogger('silent'), {
    public: [['/test', api]],
    private: [],
    authenticate: (_req, res) => {
      res.status(401).json({ error: { code: 'unauthorized', message: 'log in' } });
    },
    staticDir: dir,
    sipWebsocketPort: () => 8443,
  });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
t.teardown(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (p: string) => fetch(`${base}${p}`, { redirect: 'manual' });

t.test('console and wallboard deep links get index.html, revalidated every time', async (t) => {
  for (const p of ['/console', '/console/', '/console/seats', '/console/seats/12/edit', '/wallboard/tv1']) {
    const r = await get(p);
    t.equal(r.status, 200, `${p} → 200`);
    t.match(await r.text(), /<div id="root">/, `${p} → index.html`);
    t.equal(r.headers.get('cache-control'), 'no-cache', `${p} → no-cache`);
  }
});

t.test('hashed assets are cached for a year as immutable', async (t) => {
  const r = await get('/assets/index-AbC123.js');
  t.equal(r.status, 200);
  t.match(r.headers.get('cache-control') ?? '', /max-age=31536000/);
  t.match(r.headers.get('cache-control') ?? '', /immutable/);
});

t.test('a missing asset is a 404, not the index page', async (t) => {
  const r = await get('/assets/index-gone.js');
  t.equal(r.status, 404);
  t.notMatch(await r.text(), /id="root"/);
});

t.test('the root redirects to the console', async (t) => {
  const r = await get('/');
  t.equal(r.status, 302);
  t.equal(r.headers.get('location'), '/console/');
});

t.test('the API is not shadowed by the fallback', async (t) => {
  t.same(await (await get('/api/v1/test/ping')).json(), { ok: true });
  const missing = await get('/api/v1/nothing-here');
  t.equal(missing.status, 401, 'unknown private API paths still need a login');
  const other = await get('/other/page');
  t.equal(other.status, 404, 'paths outside the console are not the SPA');
});

t.test(
  'the console carries a Content-Security-Policy: scripts from the box only, never inline',
  async (t) => {
    for (const p of ['/console/', '/wallboard/tv1', '/api/v1/test/ping']) {
      const csp = (await get(p)).headers.get('content-security-policy') ?? '';
      t.match(csp, /default-src 'self'/, `${p}: default-src`);
      const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
      t.equal(script.trim(), "'self'", `${p}: scripts from the box alone`);
      t.match(csp, /object-src 'none'/, p);
      t.match(csp, /frame-ancestors 'none'/, p);
      t.match(csp, /base-uri 'self'/, p);
      const connect = /connect-src ([^;]*)/.exec(csp)?.[1] ?? '';
      t.equal(connect.trim(), "'self' wss://*:8443", `${p}: the API and the phone's websocket only`);
    }
  },
);
