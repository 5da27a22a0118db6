/**
 * The customers domain mounted as main.ts mounts it (with users, seats,
 * audit), on a real SQLite file and an AMI that is never connected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Ami } from '../../src/asterisk/ami.js';
import { createConfigApplier } from '../../src/asterisk/apply.js';
import { createAudit, createAuditModule } from '../../src/audit/index.js';
import { Bus } from '../../src/bus.js';
import { createCustomers } from '../../src/customers/index.js';
import { openDb } from '../../src/db/index.js';
import { createHttpApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { createSeats } from '../../src/seats/index.js';
import { createUsers } from '../../src/users/index.js';
import { harnessCore, moduleParts } from './module-parts.js';

export interface Reply {
  status: number;
  json: any;
}

export async function startCustomersApp(t: { teardown(fn: () => unknown): void }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-cust-'));
  const log = createLogger('silent');
  const db = openDb(path.join(dir, 'hotline.db'), log);
  const bus = new Bus(log);
  const ami = {
    state: 'disconnected',
    onState: () => () => {},
    on: () => () => {},
    onEvent: () => () => {},
    action: async () => {
      throw new Error('not connected');
    },
    list: async () => [],
  } as unknown as Ami;
  const audit = createAudit({ db, bus, log });
  const users = createUsers(harnessCore({ db, log, bus, audit }), { secureCookies: false });
  const admin = users.ensureFirstAdmin()!;
  const applier = createConfigApplier({ db, ami, dir: path.join(dir, 'conf'), log });
  const requireRole = users.requireRole;
  const seats = moduleParts(
    createSeats(harnessCore({ db, bus, ami, log, applier, audit }), { requireRole }),
    applier,
  );
  const customers = moduleParts(
    createCustomers(harnessCore({ db, bus, log, applier, audit }), { seats: seats.service, requireRole }),
    applier,
  );
  await applier.syncAll();
  const app = createHttpApp(log, {
    public: [['/auth', users.authRouter]],
    private: [
      ['/users', users.usersRouter],
      ['/seats', seats.router],
      ['/audit', moduleParts(createAuditModule({ audit }, { requireRole: users.requireRole })).router],
      ['/customers', customers.router],
    ],
    authenticate: users.authenticate,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (
    method: string,
    p: string,
    o: { body?: unknown; raw?: string | Buffer; contentType?: string; cookie?: string } = {},
  ): Promise<Reply> => {
    const headers: Record<string, string> = {};
    let body: string | Buffer | undefined;
    if (o.raw !== undefined) {
      body = o.raw;
      headers['content-type'] = o.contentType ?? 'text/csv';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    headers.cookie = o.cookie ?? adminCookie;
    const res = await fetch(url + p, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, json };
  };
  const login = async (username: string, password: string) => {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  let adminCookie = '';
  adminCookie = await login(admin.username, admin.password);
  const userCookie = async (username: string, role: 'supervisor' | 'agent') => {
    const password = 'correct horse battery';
    const r = await call('POST', '/api/v1/users', { body: { username, role, password } });
    if (r.status !== 201) throw new Error(`create ${username}: ${r.status} ${JSON.stringify(r.json)}`);
    return login(username, password);
  };

  t.teardown(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    users.stop();
    seats.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  return { url, db, call, adminCookie, userCookie, customers: customers.service };
}
