import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Audit } from '../../src/audit/index.js';
import type { Bus } from '../../src/bus.js';
import { type Db, openDb } from '../../src/db/index.js';
import { createLogger } from '../../src/log.js';
import type { UsersService, UsersTuning } from '../../src/users/index.js';
import { startTestBox } from './box.js';
import { request } from './http.js';

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
  /** The HTTPS listener's base URL, and the certificate to trust for it. */
  httpsUrl: string;
  ca: string;
  db: Db;
  bus: Bus;
  audit: Audit;
  users: UsersService;
  admin: { username: string; password: string };
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  /** Logs in and returns the `name=value` cookie pair to send back. */
  login(username: string, password: string, ip?: string): Promise<string>;
  /** Creates a user through the API as the first admin and returns its id. */
  createUser(username: string, role: 'admin' | 'supervisor' | 'agent', password?: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * The box as hotlined builds it (test/support/box.ts), seen through its HTTP
 * API with raw replies, for the users, auth and audit API tests.
 */
export async function startApiApp(
  opts: {
    tuning?: Pick<Partial<UsersTuning>, 'now'>;
    secureCookies?: boolean;
    onReply?: (r: Reply) => void;
  } = {},
): Promise<ApiApp> {
  const box = await startTestBox({
    overrides: { now: opts.tuning?.now },
    settings: (s) => {
      s.http.secureCookies = opts.secureCookies ?? false;
    },
  });
  const { url, admin, hotline } = box;

  const call = async (method: string, p: string, o: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.ip) headers['x-forwarded-for'] = o.ip;
    const {
      status,
      headers: h,
      text,
      json,
    } = await request(url, method, p, { ...o, headers }, 'application/json');
    const reply = { status, headers: h, text, json };
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

  return {
    url,
    httpsUrl: hotline.httpsUrl()!,
    ca: await hotline.services.tls.certificatePem(),
    db: hotline.db,
    bus: hotline.bus,
    audit: hotline.audit,
    users: hotline.services.users,
    admin,
    call,
    login,
    createUser,
    close: box.close,
  };
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
  opts: { tuning?: Pick<Partial<UsersTuning>, 'now'>; secureCookies?: boolean } = {},
): Promise<ApiApp> {
  const onReply = (r: Reply) => {
    for (const re of LEAKS) if (re.test(r.text)) t.fail(`a response leaked ${re}: ${r.text.slice(0, 200)}`);
  };
  const app = await startApiApp({ ...opts, onReply });
  t.teardown(() => app.close());
  return app;
}
