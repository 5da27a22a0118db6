import { appendFileSync, mkdirSync } from 'node:fs';
import { loginCookie } from '../../dev/api-client.js';
import type { Role } from '../../src/http/principal.js';
import { recordingsRoot } from '../../src/recordings/index.js';
import { startTestBox } from './box.js';
import { createSpool, type SpoolValues, spoolCall, type TestSpool } from './cdr-spool.js';

interface TestLike {
  teardown(fn: () => unknown): void;
}

export const T0 = Date.UTC(2024, 10, 23, 1, 0, 0) / 1000;
/** Users the tests speak as: number → seat (1 is the first admin). */
const SEATS: Record<number, string | null> = { 1: null, 2: '1003', 3: '1004', 4: null };

/**
 * The box as hotlined builds it (test/support/box.ts), not started (the tests
 * ingest the CDR spool and queue_log themselves), for the calls and recordings
 * API tests. A request names the role and user number it is made as; each
 * (role, number) is a real user, linked to that number's seat.
 */
export async function startCallsApp(
  tt: TestLike,
  opts: { queues?: () => { id: number; name: string; serviceLevelSec: number }[] } = {},
) {
  const box = await startTestBox({ start: false, seats: ['1003', '1004'] });
  const { url: base, hotline, settings } = box;
  // queues with the ids the test's queue_log names (the box is not started: no config is applied)
  const addQueue = hotline.db.prepare(
    `INSERT INTO queues (id, name, number, settings, overflow, created_at, updated_at)
     VALUES (?, ?, NULL, ?, '{"kind":"hangup"}', 0, 0)`,
  );
  for (const q of opts.queues?.() ?? [])
    addQueue.run(q.id, q.name, JSON.stringify({ serviceLevelSeconds: q.serviceLevelSec }));
  const recRoot = recordingsRoot(settings);
  mkdirSync(recRoot, { recursive: true });
  const spool: TestSpool = createSpool(settings.asterisk.cdrSpool);
  tt.teardown(async () => {
    spool.close();
    await box.close();
  });
  const { calls, queueLog, cdrIngest, recordings } = hotline.services;

  const cookieOf = (username: string, password: string) => loginCookie(base, username, password);
  const sessions = new Map<string, Promise<string>>();
  const session = (role: Role, user: number): Promise<string> => {
    const key = `${role}${user}`;
    let s = sessions.get(key);
    if (!s) {
      s = (async () => {
        if (role === 'admin' && user === 1) return cookieOf(box.admin.username, box.admin.password);
        await box.userApi(key, role, SEATS[user] ?? undefined);
        return cookieOf(key, 'correct horse battery');
      })();
      sessions.set(key, s);
    }
    return s;
  };
  const headersOf = async (role: Role | null, user: number): Promise<Record<string, string>> =>
    role ? { cookie: await session(role, user) } : {};

  return {
    db: hotline.db,
    recRoot,
    recordings: { service: recordings },
    calls: { service: calls },
    async req(method: string, p: string, role: Role | null, user = 1, body?: unknown) {
      const headers = await headersOf(role, user);
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
      await cdrIngest.catchUp();
      if (opts.sync !== false) calls.sync();
    },
    async queueLog(lines: string[]) {
      appendFileSync(settings.asterisk.queueLog, lines.map((l) => `${l}\n`).join(''));
      await queueLog.catchUp();
      calls.sync();
    },
    async get(query: string, role: Role | null = 'supervisor', user = 1) {
      const res = await fetch(`${base}/api/v1/calls${query}`, { headers: await headersOf(role, user) });
      return { status: res.status, body: (await res.json()) as any };
    },
    async fetchRaw(p: string, role: Role | null, user = 1) {
      return fetch(`${base}${p}`, { headers: await headersOf(role, user) });
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
