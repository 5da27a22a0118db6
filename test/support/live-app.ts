import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { QueueStatusReport } from '../../src/asterisk/queue-events.js';
import { createAudit } from '../../src/audit/index.js';
import { Bus, type ChannelInfo, type LiveEvents } from '../../src/bus.js';
import { type Db, openDb } from '../../src/db/index.js';
import { createHttpApp } from '../../src/http/app.js';
import type { HubOptions } from '../../src/live/hub.js';
import { createLive, type Live, type LiveDirectory } from '../../src/live/index.js';
import { createLogger } from '../../src/log.js';
import { createUsers, type Users } from '../../src/users/index.js';
import { harnessCore } from './module-parts.js';

export interface LiveApp {
  url: string;
  dir: string;
  db: Db;
  bus: Bus;
  live: Live;
  users: Users;
  /** Logs in as the first admin (or a user made with createUser) and returns the cookie pair. */
  login(username?: string, password?: string): Promise<string>;
  createUser(username: string, role: 'admin' | 'supervisor' | 'agent'): Promise<string>;
  /** A token's secret, made by the first admin. */
  token(scope: 'api' | 'wallboard'): Promise<string>;
  close(): Promise<void>;
}

export const testDirectory: LiveDirectory = {
  queue: (s) => (s === 'q1' ? { id: 1, name: '客服一组', serviceLevelSec: 20 } : null),
  agentName: (ext) => (ext === '1001' ? '张三' : null),
  agents: () => [],
  queues: () => [],
  trunkName: (id) => `carrier ${id}`,
};

/**
 * The production HTTP app with users, audit and the live domain mounted as
 * main.ts mounts them, on a real SQLite file. Asterisk's status reads are
 * injected (the bench passes real AMI readers).
 */
export async function startLiveApp(
  opts: {
    hub?: HubOptions;
    queueStatus?: () => Promise<QueueStatusReport>;
    channels?: () => Promise<ChannelInfo[]>;
    trunks?: () => LiveEvents['trunk.status'][];
    bus?: Bus;
    disks?: { label: string; path: string }[];
    diskUsage?: Parameters<typeof createLive>[0]['diskUsage'];
    diskPollMs?: number;
  } = {},
): Promise<LiveApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-live-'));
  const log = createLogger('silent');
  const db = openDb(path.join(dir, 'hotline.db'), log);
  const bus = opts.bus ?? new Bus(log);
  const audit = createAudit({ db, bus, log });
  const users = createUsers(harnessCore({ db, log, bus, audit }), { secureCookies: false });
  const admin = users.ensureFirstAdmin()!;
  const live = createLive({
    db,
    bus,
    audit,
    log,
    directory: testDirectory,
    asterisk: {
      queueStatus: opts.queueStatus ?? (async () => ({ queues: [], members: [], callers: [] })),
      channels: opts.channels ?? (async () => []),
    },
    trunks: opts.trunks ?? (() => []),
    queueLogPath: path.join(dir, 'queue_log'),
    disks: opts.disks ?? [{ label: 'data', path: dir }],
    requireRole: users.requireRole,
    wallboardPrincipal: (t) => users.service.principalFromToken(t),
    hub: opts.hub,
    diskUsage: opts.diskUsage,
    diskPollMs: opts.diskPollMs,
  });
  const app = createHttpApp(log, {
    public: [
      ['/auth', users.authRouter],
      ['/live', live.tokenRouter],
    ],
    private: [
      ['/users', users.usersRouter],
      ['/live', live.router],
    ],
    authenticate: users.authenticate,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const login = async (username = admin.username, password = admin.password) => {
    const r = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
    return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
  };
  const post = async (p: string, cookie: string, body: unknown) => {
    const r = await fetch(url + p, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    });
    if (r.status !== 201) throw new Error(`${p}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<any>;
  };

  return {
    url,
    dir,
    db,
    bus,
    live,
    users,
    login,
    async createUser(username, role) {
      await post('/api/v1/users', await login(), { username, role, password: 'correct horse battery' });
      return login(username, 'correct horse battery');
    },
    async token(scope) {
      const made = await post('/api/v1/auth/tokens', await login(), { name: `t-${scope}`, scope });
      return made.secret as string;
    },
    async close() {
      live.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      users.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
