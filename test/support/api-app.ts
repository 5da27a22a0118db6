import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Router } from 'express';
import { type Audit, createAudit, createAuditModule } from '../../src/audit/index.js';
import { Bus } from '../../src/bus.js';
import { type Db, openDb } from '../../src/db/index.js';
import { createHttpApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { createUsers, type Users, type UsersTuning } from '../../src/users/index.js';
import { harnessCore, moduleParts } from './module-parts.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text, sent as-is (with contentType). */
  raw?: string;
  contentType?: string;
  cookie?: string;
  token?: string;
  /** Pretend to come from this client address (the app trusts X-Forwarded-For from loopback). */
  ip?: string;
  headers?: Record<string, string>;
}

export interface ApiApp {
  url: string;
  db: Db;
  bus: Bus;
  audit: Audit;
  users: Users;
  admin: { username: string; password: string };
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  /** Logs in and returns the `name=value` cookie pair to send back. */
  login(username: string, password: string, ip?: string): Promise<string>;
  /** Creates a user through the API as the first admin and returns its id. */
  createUser(username: string, role: 'admin' | 'supervisor' | 'agent', password?: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * The production HTTP app (src/http/app.ts) with the users and audit domains
 * mounted as main.ts mounts them, on a real SQLite file and an ephemeral port.
 * A `/api/v1/probe` route stands in for a wallboard-readable endpoint.
 */
export async function startApiApp(
  opts: { tuning?: Partial<UsersTuning>; secureCookies?: boolean; onReply?: (r: Reply) => void } = {},
): Promise<ApiApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-api-'));
  const log = createLogger('silent');
  const db = openDb(path.join(dir, 'hotline.db'), log);
  const bus = new Bus(log);
  const audit = createAudit({ db, bus, log });
  const users = createUsers(harnessCore({ db, log, bus, audit }), {
    secureCookies: opts.secureCookies ?? false,
    tuning: opts.tuning,
  });
  const admin = users.ensureFirstAdmin();
  if (!admin) throw new Error('fresh database already had users');

  const probe = Router();
  probe.get('/', users.requireRole('admin', 'supervisor', 'wallboard'), (req, res) => {
    res.json({ principal: req.principal });
  });

  const app = createHttpApp(log, {
    public: [['/auth', users.authRouter]],
    private: [
      ['/users', users.usersRouter],
      ['/audit', moduleParts(createAuditModule({ audit }, { requireRole: users.requireRole })).router],
      ['/probe', probe],
    ],
    authenticate: users.authenticate,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (method: string, p: string, o: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...o.headers };
    let body: string | undefined;
    if (o.raw !== undefined) {
      body = o.raw;
      headers['content-type'] = o.contentType ?? 'application/json';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = o.contentType ?? 'application/json';
    }
    if (o.cookie) headers.cookie = o.cookie;
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.ip) headers['x-forwarded-for'] = o.ip;
    const res = await fetch(url + p, { method, headers, body });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    const reply = { status: res.status, headers: res.headers, text, json };
    opts.onReply?.(reply);
    return reply;
  };

  const login = async (username: string, password: string, ip?: string) => {
    const r = await call('POST', '/api/v1/auth/login', { body: { username, password }, ip });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
    const set = r.headers.get('set-cookie') ?? '';
    return set.split(';')[0] ?? '';
  };

  let adminCookie: string | undefined;
  const createUser = async (
    username: string,
    role: 'admin' | 'supervisor' | 'agent',
    password = 'correct horse battery',
  ) => {
    adminCookie ??= await login(admin.username, admin.password);
    const r = await call('POST', '/api/v1/users', {
      cookie: adminCookie,
      body: { username, role, password },
    });
    if (r.status !== 201) throw new Error(`create ${username} failed: ${r.status} ${r.text}`);
    return r.json.user.id as number;
  };

  const close = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    users.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };

  return { url, db, bus, audit, users, admin, call, login, createUser, close };
}

/** Temp SQLite file with migrations applied, for service-level tests. */
export function tempDb(): { db: Db; close(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-db-'));
  const db = openDb(path.join(dir, 'hotline.db'), createLogger('silent'));
  return {
    db,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Response text that must never reach a client: stack frames, password or token hashes. */
const LEAKS = [/\n\s+at /, /scrypt\$/, /password_hash/, /token_hash/, /id_hash/, /node_modules/];

interface TestLike {
  teardown(fn: () => unknown): void;
  fail(message: string): unknown;
}

/**
 * A fresh app for one test (the login throttle lives in the process, as in
 * production), closed when the test ends. Every response, including those of
 * the login/createUser helpers, is checked for leaks.
 */
export async function withApiApp(
  t: TestLike,
  opts: { tuning?: Partial<UsersTuning>; secureCookies?: boolean } = {},
): Promise<ApiApp> {
  const onReply = (r: Reply) => {
    for (const re of LEAKS) if (re.test(r.text)) t.fail(`a response leaked ${re}: ${r.text.slice(0, 200)}`);
  };
  const app = await startApiApp({ ...opts, onReply });
  t.teardown(() => app.close());
  return app;
}
