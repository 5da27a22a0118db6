import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import WebSocket, { WebSocketServer } from 'ws';
import { until } from '../../dev/api-client.js';
import { createLogger } from '../../src/log.js';
import { generateBoxCertificate } from '../../src/tls/certificate.js';
import { proxySipWebsocket } from '../../src/webrtc/sip-proxy.js';

const listen = (s: { listen(port: number, host: string, cb: () => void): unknown; address(): unknown }) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

/** "Asterisk": a websocket server on /ws that speaks the `sip` subprotocol and echoes. */
async function fakeAsterisk() {
  const http = createHttpServer();
  const wss = new WebSocketServer({
    server: http,
    path: '/ws',
    handleProtocols: (p) => (p.has('sip') ? 'sip' : false),
  });
  wss.on('connection', (ws) => ws.on('message', (m) => ws.send(`echo ${m}`)));
  const port = await listen(http);
  return {
    port,
    wss,
    close: () =>
      new Promise<void>((r) => {
        wss.close();
        http.close(() => r());
      }),
  };
}

async function proxy(upstreamPort: number, limit: number) {
  const pair = await generateBoxCertificate({ hostname: 'box', addresses: ['127.0.0.1'], now: Date.now() });
  const server: Server = createServer(pair);
  const sip = proxySipWebsocket(
    server,
    { host: '127.0.0.1', port: upstreamPort },
    createLogger('silent'),
    limit,
  );
  const port = await listen(server);
  const open = (path = '/ws') => new WebSocket(`wss://127.0.0.1:${port}${path}`, 'sip', { ca: pair.cert });
  return {
    open,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
        sip.closeAll();
      }),
  };
}

/** The fake Asterisk and the proxy in front of it, both stopped when the test ends. */
async function running(t: { teardown(fn: () => unknown): void }, limit: number) {
  const ast = await fakeAsterisk();
  const p = await proxy(ast.port, limit);
  t.teardown(async () => {
    await p.close();
    await ast.close();
  });
  return { ast, p };
}

/** How a connection attempt ends: open, or the HTTP status it was refused with. */
const outcome = (ws: WebSocket) =>
  new Promise<string>((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    ws.once('error', (e) => resolve(e.message));
  });

t.test('a /ws upgrade reaches Asterisk with the sip subprotocol; bytes pass both ways', async (t) => {
  const { p } = await running(t, 5);
  const ws = p.open();
  t.equal(await outcome(ws), 'open');
  t.equal(ws.protocol, 'sip');
  const reply = new Promise<string>((r) => ws.once('message', (m) => r(String(m))));
  ws.send('REGISTER sip:box SIP/2.0');
  t.equal(await reply, 'echo REGISTER sip:box SIP/2.0');
  ws.close();
});

t.test('any other path is a 404 and never reaches Asterisk', async (t) => {
  const { ast, p } = await running(t, 5);
  let reached = 0;
  ast.wss.on('connection', () => reached++);
  for (const path of ['/ari/events?app=hotline', '/ws/../ari', '/wsx', '/'])
    t.equal(await outcome(p.open(path)), '404', path);
  t.equal(reached, 0);
});

t.test('connections beyond the limit are refused (503) until one closes', async (t) => {
  const { p } = await running(t, 2);
  const a = p.open();
  const b = p.open();
  t.same([await outcome(a), await outcome(b)], ['open', 'open']);
  t.equal(await outcome(p.open()), '503');
  a.close();
  await until('a slot is free again', async () => (await outcome(p.open())) === 'open', 5000);
  b.close();
});

t.test('Asterisk down: the browser gets a 502, and the slot is given back', async (t) => {
  const ast = await fakeAsterisk();
  const port = ast.port;
  await ast.close();
  const p = await proxy(port, 1);
  t.teardown(p.close);
  t.equal(await outcome(p.open()), '502');
  t.equal(await outcome(p.open()), '502', 'not 503: the failed connection does not hold the only slot');
});
