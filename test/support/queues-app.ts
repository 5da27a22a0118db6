/**
 * The queues and agents domains mounted as main.ts mounts them (with users,
 * seats, schedules, inbound routes, customers, audit), on a real SQLite file
 * and an AMI that is never connected: files are written, reloads deferred,
 * and every AMI action fails the way the real adapter fails while down.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAgents } from '../../src/agents/index.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { createConfigApplier } from '../../src/asterisk/apply.js';
import { createAudit } from '../../src/audit/index.js';
import { Bus } from '../../src/bus.js';
import { createCustomers } from '../../src/customers/index.js';
import { openDb } from '../../src/db/index.js';
import { createDestinations } from '../../src/destinations/index.js';
import { type Api, login } from '../../src/dev/api-client.js';
import { AppError } from '../../src/errors.js';
import { createHttpApp } from '../../src/http/app.js';
import { createInbound } from '../../src/inbound/index.js';
import { createLogger } from '../../src/log.js';
import { createQueues } from '../../src/queues/index.js';
import { createSchedules } from '../../src/schedules/index.js';
import { createSeats } from '../../src/seats/index.js';
import { createUsers } from '../../src/users/index.js';

export interface QueuesApp {
  url: string;
  /** Logged in as the first admin. */
  api: Api;
  bus: Bus;
  agents: ReturnType<typeof createAgents>;
  /** A generated file's text, or null when it was never written. */
  file(name: string): string | null;
  /** Creates a user with `role` through the API, linked to `seat` when given; returns a logged-in client. */
  userApi(username: string, role: 'admin' | 'supervisor' | 'agent', seat?: string): Promise<Api>;
  close(): Promise<void>;
}

export async function startQueuesApp(seats: string[]): Promise<QueuesApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-queues-'));
  const confDir = path.join(dir, 'conf');
  const log = createLogger('silent');
  const db = openDb(path.join(dir, 'hotline.db'), log);
  const bus = new Bus(log);
  const down = async () => {
    throw new AppError('asterisk_unavailable', 'ami: not connected (disconnected)');
  };
  const ami = {
    state: 'disconnected',
    onState: () => () => {},
    on: () => () => {},
    onEvent: () => () => {},
    action: down,
    list: down,
    command: down,
  } as unknown as Ami;
  const audit = createAudit({ db, bus, log });
  const users = createUsers({ db, log, bus, audit, secureCookies: false });
  const admin = users.ensureFirstAdmin()!;
  const requireRole = users.requireRole;
  const applier = createConfigApplier({ db, ami, dir: confDir, log });
  const seatsDomain = createSeats({ db, bus, ami, applier, audit, log, requireRole });
  const destinations = createDestinations();
  const seatOfUser = (id: number) => users.service.get(id).seatExtension;
  const customers = createCustomers({ db, audit, seats: seatsDomain.service, log, requireRole });
  const schedules = createSchedules({ db, applier, audit, destinations, log, requireRole });
  const inbound = createInbound({
    db,
    applier,
    audit,
    destinations,
    seats: seatsDomain.service,
    log,
    requireRole,
  });
  const queues = createQueues({
    db,
    applier,
    audit,
    destinations,
    seats: seatsDomain.service,
    ami,
    bus,
    log,
    customers: customers.service,
    requireRole,
  });
  const agents = createAgents({
    db,
    bus,
    ami,
    applier,
    audit,
    seats: seatsDomain.service,
    queues: queues.service,
    seatOfUser,
    log,
    requireRole,
  });
  await applier.syncAll();
  const app = createHttpApp(log, {
    public: [['/auth', users.authRouter]],
    private: [
      ['/users', users.usersRouter],
      ['/seats', seatsDomain.router],
      ['/audit', audit.router],
      ['/customers', customers.router],
      ['/schedules', schedules.router],
      ['/inbound-routes', inbound.router],
      ['/queues', queues.router],
      ['/agents', agents.router],
    ],
    authenticate: users.authenticate,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = await login(url, admin.username, admin.password);
  for (const extension of seats) {
    const r = await api.req('POST', '/api/v1/seats', { extension, name: `坐席 ${extension}` });
    if (r.status !== 201) throw new Error(`seat ${extension}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  const userApi = async (username: string, role: 'admin' | 'supervisor' | 'agent', seat?: string) => {
    const password = 'correct horse battery';
    const r = await api.req('POST', '/api/v1/users', { username, role, password });
    if (r.status !== 201) throw new Error(`user ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    if (seat !== undefined) {
      const u = await api.req('PATCH', `/api/v1/users/${r.body.user.id}`, { seatExtension: seat });
      if (u.status !== 200)
        throw new Error(`link ${username} to ${seat}: ${u.status} ${JSON.stringify(u.body)}`);
    }
    return login(url, username, password);
  };

  const file = (name: string) => {
    try {
      return readFileSync(path.join(confDir, name), 'utf8');
    } catch {
      return null;
    }
  };

  const close = async () => {
    agents.stop();
    queues.stop();
    schedules.stop();
    seatsDomain.stop();
    users.stop();
    await new Promise((r) => {
      server.close(r);
      server.closeAllConnections();
    });
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, api, bus, agents, file, userApi, close };
}
