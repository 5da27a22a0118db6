import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { createAudit } from '../../src/audit/index.js';
import { Bus } from '../../src/bus.js';
import { createCalls } from '../../src/calls/index.js';
import { createCdr } from '../../src/cdr/index.js';
import { openDb } from '../../src/db/index.js';
import { createReader } from '../../src/db/reader.js';
import { errorHandler } from '../../src/http/errors.js';
import type { Role } from '../../src/http/principal.js';
import { createLogger } from '../../src/log.js';
import { createRecordings } from '../../src/recordings/index.js';
import { parseSettings } from '../../src/settings.js';
import { requireRole } from '../../src/users/auth.js';
import { createSpool, type SpoolValues, spoolCall, type TestSpool } from './cdr-spool.js';

interface TestLike {
  teardown(fn: () => unknown): void;
}

export const T0 = Date.UTC(2024, 10, 23, 1, 0, 0) / 1000;
/** Users of the test app: id → seat. */
const SEATS: Record<number, string | null> = { 1: null, 2: '1003', 3: '1004', 4: null };

/** The production cdr + calls + recordings modules on a real SQLite file, a spool and a queue_log. */
export async function startCallsApp(
  tt: TestLike,
  opts: { queues?: () => { id: number; name: string; serviceLevelSec: number }[] } = {},
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-calls-api-'));
  const log = createLogger('silent');
  const dbPath = path.join(dir, 'hotline.db');
  const db = openDb(dbPath, log);
  const bus = new Bus(log);
  const spoolPath = path.join(dir, 'master.db');
  const queueLog = path.join(dir, 'queue_log');
  const recRoot = path.join(dir, 'monitor', 'hotline');
  mkdirSync(recRoot, { recursive: true });
  const spool: TestSpool = createSpool(spoolPath);
  const reader = createReader(dbPath, log);
  const cdr = createCdr({ db, log, bus, reader }, { spoolPath, requireRole });
  const seatOfUser = (id: number) => SEATS[id] ?? null;
  const settings = parseSettings({
    asterisk: { ami: { secret: 'x'.repeat(16) }, ari: { password: 'x'.repeat(16) } },
  });
  const recordings = createRecordings(
    { db, audit: createAudit({ db, bus, log }), log, settings },
    {
      root: recRoot,
      callOf: (id) => calls.service.get(id),
      seatOfUser,
      requireRole,
    },
  );
  const calls = createCalls(
    { db, reader, bus, log },
    {
      queueLogPath: queueLog,
      seatOfUser,
      recordingUrl: (id, rel) => recordings.service.urlFor(id, rel),
      queues: opts.queues,
      requireRole,
    },
  );

  const app = express();
  app.use((req, _res, next) => {
    const role = req.get('x-test-role') as Role | undefined;
    const userId = Number(req.get('x-test-user') ?? 1);
    if (role) req.principal = { userId, username: `u${userId}`, role, via: 'session' };
    next();
  });
  app.use(express.json());
  app.use('/api/v1/calls', calls.routes![0]!.router);
  app.use('/api/v1/recordings', recordings.routes![0]!.router);
  app.use(errorHandler(log));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tt.teardown(async () => {
    await new Promise((r) => server.close(r));
    calls.stop();
    await cdr.stop();
    await reader.close();
    spool.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    db,
    recRoot,
    recordings,
    calls,
    async req(method: string, p: string, role: Role | null, user = 1, body?: unknown) {
      const headers: Record<string, string> = role
        ? { 'x-test-role': role, 'x-test-user': String(user) }
        : {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${base}${p}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json: any = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: res.status, json, text, headers: res.headers };
    },
    /** Asterisk writes CDRs; hotlined ingests them and rebuilds the calls they touch. */
    async cdrs(rows: SpoolValues[], opts: { sync?: boolean } = {}) {
      spool.add(rows);
      await cdr.ingest.catchUp();
      if (opts.sync !== false) calls.service.sync();
    },
    async queueLog(lines: string[]) {
      appendFileSync(queueLog, lines.map((l) => `${l}\n`).join(''));
      await calls.queueLog.catchUp();
      calls.service.sync();
    },
    async get(query: string, role: Role | null = 'supervisor', user = 1) {
      const res = await fetch(`${base}/api/v1/calls${query}`, {
        headers: role ? { 'x-test-role': role, 'x-test-user': String(user) } : {},
      });
      return { status: res.status, body: (await res.json()) as any };
    },
    async fetchRaw(p: string, role: Role | null, user = 1) {
      return fetch(`${base}${p}`, {
        headers: role ? { 'x-test-role': role, 'x-test-user': String(user) } : {},
      });
    },
  };
}

/** Call n at T0 + n minutes: the CDR of a carrier call to DID 5550001 (seat `ext` answers unless told). */
export function call(n: number, over: SpoolValues = {}): SpoolValues {
  const start = T0 + n * 60;
  const uid = `${start}.${n}`;
  return spoolCall(n, start, {
    src: `0138000000${n}`,
    dst: '5550001',
    dcontext: 'from-trunks',
    channel: `PJSIP/trunk-1-0000000${n}`,
    dstchannel: `PJSIP/1003-0000010${n}`,
    uniqueid: uid,
    linkedid: uid,
    did: '5550001',
    ...over,
  });
}
export const uidOf = (n: number) => `${T0 + n * 60}.${n}`;
export const ql = (n: number, dt: number, queue: string, agent: string, event: string, data: string) =>
  `${T0 + n * 60 + dt}|${uidOf(n)}|${queue}|${agent}|${event}|${data}`;
