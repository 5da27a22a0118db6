import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A small stand-in for Asterisk's ARI (HTTP + the /ari/events websocket) for
 * adapter unit tests: it can be down at boot, answer 500 while "loading", die,
 * come back on the same port, go silent (hold requests, stop reading the
 * websocket so pings get no pong), or hang chosen requests. The websocket side
 * is ws 8's server, the same package the adapter's client comes from.
 */

export interface FakeChannel {
  id: string;
  name: string;
  state: string;
  vars: Map<string, string>;
  /** In our Stasis app (listed by GET /applications/{app}). */
  inApp: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
}

export class FakeAri {
  readonly username = 'hotlined';
  readonly password = 'not-a-real-secret-0123';
  readonly app = 'hotline';
  port = 0;
  /** Status for /ari/api-docs/resources.json: 500/404 while res_ari is "not loaded yet". */
  resourcesStatus = 200;
  /** "METHOD /ari/path" prefixes that are accepted but never answered. */
  readonly hang: string[] = [];
  readonly channels = new Map<string, FakeChannel>();
  /** Playbacks started and not stopped (DELETE /playbacks/{id} answers 404 for others). */
  readonly playbacks = new Set<string>();
  readonly log: FakeRequest[] = [];
  keepLog = true;
  requestCount = 0;
  wsConnections = 0;
  startupTime = '2025-03-01T08:00:00.000+0800';
  reloadTime = '2025-03-01T09:30:00.000+0800';

  private server: Server | null = null;
  private silent = false;
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly peers = new Set<WebSocket>();
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<ServerResponse>();

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get clients(): number {
    return this.peers.size;
  }

  /** Start (or restart, on the same port after the first time). */
  async listen(port = this.port): Promise<number> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket as Socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** Asterisk crashed: every connection cut, nothing listening. */
  async kill(): Promise<void> {
    for (const p of this.peers) p.terminate();
    this.peers.clear();
    for (const r of this.held) r.destroy();
    this.held.clear();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stop the fake for good (end of test). */
  async close(): Promise<void> {
    await this.kill();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /**
   * A hung Asterisk: TCP stays up, nothing answers (HTTP held, websocket
   * unread so pings get no pong). 'websocket' silences only the event socket,
   * as when Asterisk stops servicing it but its HTTP server still answers.
   */
  setSilent(silent: boolean, what: 'all' | 'websocket' = 'all'): void {
    this.silent = silent && what === 'all';
    for (const p of this.peers) {
      // pause() stops reading the TCP socket: pings pile up unanswered.
      if (silent) p.pause();
      else p.resume();
    }
  }

  /** Send an event frame (object or raw text) to every websocket of the app. */
  emit(event: object | string): void {
    const text = typeof event === 'string' ? event : JSON.stringify({ application: this.app, ...event });
    for (const p of this.peers) if (p.readyState === 1) p.send(text);
  }

  /** Send a binary frame to every websocket of the app (Asterisk never does). */
  emitBinary(data: Buffer): void {
    for (const p of this.peers) if (p.readyState === 1) p.send(data, { binary: true });
  }

  addChannel(id: string, opts: { inApp?: boolean; vars?: Record<string, string> } = {}): FakeChannel {
    const ch: FakeChannel = {
      id,
      name: `PJSIP/carrier-${id}`,
      state: 'Ring',
      vars: new Map(Object.entries(opts.vars ?? {})),
      inApp: opts.inApp ?? true,
    };
    this.channels.set(id, ch);
    return ch;
  }

  channelJson(ch: FakeChannel): object {
    return {
      id: ch.id,
      name: ch.name,
      state: ch.state,
      caller: { name: '', number: '13800138000' },
      connected: { name: '', number: '' },
      accountcode: '',
      dialplan: {
        context: 'from-trunk',
        exten: '4008001234',
        priority: 2,
        app_name: 'Stasis',
        app_data: 'hotline',
      },
      creationtime: '2025-03-01T10:00:00.000+0800',
      language: 'zh',
    };
  }

  // --- HTTP ---------------------------------------------------------------

  private authorized(req: IncomingMessage, query: URLSearchParams): boolean {
    const expected = 'Basic ' + Buffer.from(`${this.username}:${this.password}`).toString('base64');
    return (
      req.headers.authorization === expected || query.get('api_key') === `${this.username}:${this.password}`
    );
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    this.requestCount++;
    if (this.keepLog) this.log.push({ method, path: url.pathname, query: url.searchParams });
    const key = `${method} ${url.pathname}`;
    if (this.silent || this.hang.some((h) => key.startsWith(h))) {
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    const r = this.authorized(req, url.searchParams)
      ? this.route(method, url)
      : reply(401, { message: 'Authentication required' });
    send(res, r.status, r.body);
  }

  private route(method: string, url: URL): Reply {
    const path = url.pathname;
    const q = url.searchParams;
    if (method === 'GET' && path === '/ari/api-docs/resources.json') {
      if (this.resourcesStatus !== 200) return reply(this.resourcesStatus, 'Internal Server Error');
      return reply(200, {
        apiVersion: '10.0.0',
        swaggerVersion: '1.1',
        apis: [{ path: '/api-docs/events.json' }],
      });
    }
    if (method === 'GET' && path === '/ari/asterisk/ping') {
      return reply(200, {
        asterisk_id: '02:42:ac:11:00:02',
        ping: 'pong',
        timestamp: new Date().toISOString(),
      });
    }
    if (method === 'GET' && path === '/ari/asterisk/info') {
      return reply(200, {
        build: { os: 'Linux' },
        system: { version: '22.5.2', entity_id: '02:42:ac:11:00:02' },
        status: { startup_time: this.startupTime, last_reload_time: this.reloadTime },
      });
    }
    if (method === 'GET' && path === '/ari/channels') {
      return reply(
        200,
        [...this.channels.values()].map((c) => this.channelJson(c)),
      );
    }
    const app = /^\/ari\/applications\/([^/]+)$/.exec(path);
    if (method === 'GET' && app) {
      if (decodeURIComponent(app[1] ?? '') !== this.app || (this.peers.size === 0 && !this.anyInApp())) {
        return reply(404, { message: 'Application not found' });
      }
      const ids = [...this.channels.values()].filter((c) => c.inApp).map((c) => c.id);
      return reply(200, {
        name: this.app,
        channel_ids: ids,
        bridge_ids: [],
        endpoint_ids: [],
        device_names: [],
      });
    }
    const pb = /^\/ari\/playbacks\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && pb) {
      return this.playbacks.delete(decodeURIComponent(pb[1] ?? ''))
        ? reply(204)
        : reply(404, { message: 'Playback not found' });
    }
    const m = /^\/ari\/channels\/([^/]+)(?:\/([a-z]+)(?:\/([^/]+))?)?$/.exec(path);
    if (!m) return reply(404, { message: 'Resource not found' });
    const ch = this.channels.get(decodeURIComponent(m[1] ?? ''));
    if (!ch) return reply(404, { message: 'Channel not found' });
    const action = m[2];
    if (method === 'DELETE' && action === undefined) {
      this.channels.delete(ch.id);
      return reply(204);
    }
    if (method === 'POST' && action === 'answer') {
      ch.state = 'Up';
      return reply(204);
    }
    if (method === 'POST' && action === 'continue') {
      if (!ch.inApp) return reply(409, { message: 'Channel not in Stasis application' });
      ch.inApp = false;
      return reply(204);
    }
    if (method === 'POST' && action === 'play') {
      const id = m[3] ? decodeURIComponent(m[3]) : `pb-${this.requestCount}`;
      this.playbacks.add(id);
      return reply(201, {
        id,
        media_uri: q.get('media'),
        target_uri: `channel:${ch.id}`,
        state: 'queued',
      });
    }
    if (action === 'variable') {
      const name = q.get('variable');
      if (!name) return reply(400, { message: 'Variable name is required' });
      if (method === 'POST') {
        ch.vars.set(name, q.get('value') ?? '');
        return reply(204);
      }
      const value = ch.vars.get(name);
      if (value === undefined) return reply(404, { message: 'Provided variable was not found' });
      return reply(200, { value });
    }
    return reply(404, { message: 'Resource not found' });
  }

  private anyInApp(): boolean {
    for (const c of this.channels.values()) if (c.inApp) return true;
    return false;
  }

  // --- websocket ------------------------------------------------------------

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    // Silent: the handshake is never answered (the socket is cut by kill()).
    if (this.silent) return;
    if (url.pathname !== '/ari/events') {
      socket.destroy();
      return;
    }
    if (!this.authorized(req, url.searchParams) || url.searchParams.get('app') !== this.app) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (peer) => {
      this.wsConnections++;
      this.peers.add(peer);
      peer.on('close', () => this.peers.delete(peer));
      peer.on('error', () => this.peers.delete(peer));
    });
  }
}

interface Reply {
  status: number;
  body?: unknown;
}

function reply(status: number, body?: unknown): Reply {
  return { status, body };
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' })
    .end(text);
}

/** A port nothing listens on (yet): connecting to it is refused. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
