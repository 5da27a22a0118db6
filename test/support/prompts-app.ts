/**
 * The prompts, announcements and voicemail domains mounted as main.ts mounts
 * them (with users, seats and the config applier), on a real SQLite file, a
 * temp "Asterisk root" and an AMI that is never connected (files are written,
 * reloads deferred). For API tests of those domains.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAnnouncements } from '../../src/announcements/index.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { createConfigApplier } from '../../src/asterisk/apply.js';
import { createAudit } from '../../src/audit/index.js';
import { Bus } from '../../src/bus.js';
import { openDb } from '../../src/db/index.js';
import { createDestinations } from '../../src/destinations/refs.js';
import { createHttpApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import type { AudioTools } from '../../src/prompts/audio.js';
import { createPrompts } from '../../src/prompts/index.js';
import { createSeats } from '../../src/seats/index.js';
import { hostPath, parseSettings } from '../../src/settings.js';
import { createUsers } from '../../src/users/index.js';
import { createVoicemail } from '../../src/voicemail/index.js';
import { harnessCore, moduleParts } from './module-parts.js';

export interface Reply {
  status: number;
  headers: Headers;
  body: Buffer;
  json: any;
}

export async function startPromptsApp(
  t: { teardown(fn: () => unknown): void },
  opts: { tools?: AudioTools } = {},
) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-pv-'));
  const root = path.join(dir, 'root');
  const settings = parseSettings({
    dataDir: path.join(dir, 'data'),
    asterisk: {
      confDir: path.join(dir, 'etc'),
      root,
      spoolDir: '/var/spool/asterisk',
      promptDir: '/var/lib/asterisk/sounds/hotline',
      ami: { secret: 'x'.repeat(16) },
      ari: { password: 'x'.repeat(16) },
    },
  });
  mkdirSync(settings.dataDir, { recursive: true });
  const log = createLogger('silent');
  const db = openDb(settings.dbPath, log);
  const bus = new Bus(log);
  const audit = createAudit({ db, bus, log });
  const users = createUsers(harnessCore({ db, log, bus, audit }), { secureCookies: false });
  const admin = users.ensureFirstAdmin()!;
  const amiActions: string[] = [];
  const ami = {
    state: 'disconnected',
    onState: () => () => {},
    on: () => () => {},
    onEvent: () => () => {},
    action: async (name: string) => {
      amiActions.push(name);
      throw new Error('not connected');
    },
    list: async () => [],
  } as unknown as Ami;
  const applier = createConfigApplier({ db, ami, dir: settings.generatedDir, log });
  const requireRole = users.requireRole;
  const seats = moduleParts(
    createSeats(harnessCore({ db, bus, ami, log, applier, audit }), { requireRole }),
    applier,
  );
  // as createInbound does in main.ts: seats and mailboxes may be pointed at
  const destinations = createDestinations();
  destinations.provide('seat', (ext) => seats.service.findByExtension(String(ext)) !== undefined);
  destinations.provide('voicemail', (ext) => seats.service.findByExtension(String(ext))?.voicemail === true);
  const prompts = createPrompts({ db, audit, log, settings, requireRole, tools: opts.tools });
  const announcements = createAnnouncements({
    db,
    applier,
    audit,
    prompts: prompts.service,
    destinations,
    promptDir: settings.asterisk.promptDir,
    requireRole,
  });
  const voicemail = createVoicemail({
    db,
    ami,
    applier,
    audit,
    log,
    settings,
    seats: seats.service,
    seatOfUser: (id) => users.service.get(id).seatExtension,
    requireRole,
  });
  await applier.syncAll();

  const app = createHttpApp(log, {
    public: [['/auth', users.authRouter]],
    private: [
      ['/users', users.usersRouter],
      ['/seats', seats.router],
      ['/prompts', prompts.router],
      ['/announcements', announcements.router],
      ['/voicemail', voicemail.router],
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
    o: { body?: unknown; raw?: Buffer | string; contentType?: string; cookie?: string } = {},
  ): Promise<Reply> => {
    const headers: Record<string, string> = {};
    let body: Buffer | string | undefined;
    if (o.raw !== undefined) {
      body = o.raw;
      headers['content-type'] = o.contentType ?? 'application/octet-stream';
    } else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = o.contentType ?? 'application/json';
    }
    if (o.cookie) headers.cookie = o.cookie;
    const res = await fetch(url + p, { method, headers, body: body as BodyInit | undefined });
    const buf = Buffer.from(await res.arrayBuffer());
    let json: unknown = null;
    try {
      json = buf.length ? JSON.parse(buf.toString('utf8')) : null;
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, body: buf, json };
  };
  const login = async (username: string, password: string) => {
    const r = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
    return (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  const adminCookie = await login(admin.username, admin.password);
  /** A user of `role` (optionally linked to a seat) and its session cookie. */
  const userCookie = async (username: string, role: 'supervisor' | 'agent', seatExtension?: string) => {
    const password = 'correct horse battery';
    const r = await call('POST', '/api/v1/users', {
      cookie: adminCookie,
      body: { username, role, password },
    });
    if (r.status !== 201) throw new Error(`create ${username}: ${r.status} ${r.body}`);
    if (seatExtension) {
      const p = await call('PATCH', `/api/v1/users/${r.json.user.id}`, {
        cookie: adminCookie,
        body: { seatExtension },
      });
      if (p.status !== 200) throw new Error(`link ${username}: ${p.status} ${p.body}`);
    }
    return login(username, password);
  };
  const generated = (name: string) => {
    try {
      return readFileSync(path.join(settings.generatedDir, name), 'utf8');
    } catch {
      return null;
    }
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

  return {
    url,
    dir,
    settings,
    db,
    call,
    adminCookie,
    userCookie,
    generated,
    amiActions,
    /** Host path of an Asterisk-side path. */
    host: (p: string) => hostPath(settings, p),
  };
}
