/**
 * The box as hotlined builds it (buildHotline), on a real SQLite file in a
 * temp folder, for API tests: a test states only what it swaps. By default
 * Asterisk is unreachable (files are written, reloads deferred, every AMI or
 * ARI call fails the way the real adapters fail while down) and no DAHDI tool
 * exists.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Api, firstLogin, login } from '../../dev/api-client.js';
import type { Ami } from '../../src/asterisk/ami.js';
import type { Ari } from '../../src/asterisk/ari.js';
import { AppError } from '../../src/errors.js';
import { buildHotline, type Hotline, type HotlineOverrides } from '../../src/hotline.js';
import { createLogger } from '../../src/log.js';
import { parseSettings, type Settings } from '../../src/settings.js';

export interface TestBox {
  hotline: Hotline;
  url: string;
  /** The temp folder holding the database, generated config and Asterisk's "root". */
  dir: string;
  settings: Settings;
  admin: { username: string; password: string };
  /** Logged in as the first admin. */
  api: Api;
  /** A generated file's text (name inside <confDir>/hotline), or null when never written. */
  file(name: string): string | null;
  /** Creates a user with `role` through the API, linked to `seat` when given; returns a logged-in client. */
  /** A logged-in user of that role, linked to `seat` and supervising `supervises` (queue ids) when given. */
  userApi(
    username: string,
    role: 'admin' | 'supervisor' | 'agent',
    seat?: string,
    supervises?: number[],
  ): Promise<Api>;
  close(): Promise<void>;
}

export interface TestBoxOptions {
  overrides?: HotlineOverrides;
  /** Changes to the settings (paths under `dir` by default). */
  settings?: (s: Record<string, any>, dir: string) => void;
  /** Seats created through the API once the box is up. */
  seats?: string[];
  /** Call hotline.start() (default true). */
  start?: boolean;
  /** The address to listen on (default 127.0.0.1; 0.0.0.0 for a test reaching the box over the LAN). */
  listenHost?: string;
}

const down = async () => {
  throw new AppError('asterisk_unavailable', 'not connected (disconnected)');
};

/** An AMI that never connects. */
export const unreachableAmi = (): Ami =>
  ({
    state: 'disconnected',
    start: () => {},
    stop: async () => {},
    onState: () => () => {},
    on: () => () => {},
    onEvent: () => () => {},
    action: down,
    list: down,
    command: down,
    stats: () => ({
      state: 'disconnected',
      since: 0,
      pending: 0,
      expiredLists: 0,
      eventListeners: 0,
      stateListeners: 0,
      socketListeners: 0,
      sessions: 0,
      malformedFrames: 0,
      badLines: 0,
    }),
  }) as unknown as Ami;

/** An ARI that never connects: subscriptions are accepted, every request fails. */
export const unreachableAri = (): Ari => {
  const quiet = {
    state: 'disconnected',
    start: () => {},
    stop: async () => {},
    onState: () => () => {},
    onEvent: () => () => {},
    stats: () => ({ inFlight: 0, eventListeners: 0, stateListeners: 0, socketListeners: 0, timers: 0 }),
  };
  return new Proxy(quiet, {
    get: (target, key) => (key in target ? target[key as keyof typeof target] : down),
  }) as unknown as Ari;
};

export function testSettings(dir: string, edit?: TestBoxOptions['settings']): Settings {
  const root = path.join(dir, 'root');
  mkdirSync(root, { recursive: true });
  const raw: Record<string, any> = {
    dataDir: dir,
    http: { host: '127.0.0.1', port: 0 },
    https: { host: '127.0.0.1', port: 0 },
    asterisk: {
      confDir: path.join(dir, 'conf'),
      cdrSpool: path.join(dir, 'master.db'),
      queueLog: path.join(dir, 'queue_log'),
      root,
      ami: { port: 1, secret: 'test-secret-not-used-0' },
      ari: { url: 'http://127.0.0.1:1', password: 'test-secret-not-used-0' },
    },
  };
  edit?.(raw, dir);
  return parseSettings(raw);
}

/** A test box's defaults: silent log, Asterisk unreachable, no DAHDI tool, no web UI. */
export const testOverrides = (): HotlineOverrides => ({
  log: createLogger('silent'),
  ami: unreachableAmi(),
  ari: unreachableAri(),
  runTool: async () => ({ code: 127, stdout: '', stderr: 'not installed' }),
  staticDir: null,
});

/**
 * The box built but neither started nor listening, for tests of one service
 * through `hotline.services` (or `hotline.audit`, `hotline.db`, ...).
 */
export function buildTestHotline(opts: Pick<TestBoxOptions, 'overrides' | 'settings'> = {}): {
  hotline: Hotline;
  dir: string;
  settings: Settings;
  close(): Promise<void>;
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-box-'));
  const settings = testSettings(dir, opts.settings);
  const hotline = buildHotline(settings, { ...testOverrides(), ...opts.overrides });
  return {
    hotline,
    dir,
    settings,
    close: async () => {
      await hotline.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startTestBox(opts: TestBoxOptions = {}): Promise<TestBox> {
  const { hotline, dir, settings, close } = buildTestHotline(opts);
  if (opts.start !== false) await hotline.start();
  const url = await hotline.listen(0, opts.listenHost ?? '127.0.0.1');
  // the generated password is a temporary one: the first login sets the admin's own
  const first = await firstLogin(url, hotline.firstAdmin!);
  const admin = { username: hotline.firstAdmin!.username, password: first.password };
  const api = first.api;
  for (const extension of opts.seats ?? []) {
    const r = await api.req('POST', '/api/v1/seats', { extension, name: `坐席 ${extension}` });
    if (r.status !== 201) throw new Error(`seat ${extension}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const userApi: TestBox['userApi'] = async (username, role, seat, supervises) => {
    const password = 'correct horse battery';
    const r = await api.req('POST', '/api/v1/users', { username, role, password });
    if (r.status !== 201) throw new Error(`user ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    if (seat !== undefined || supervises !== undefined) {
      const u = await api.req('PATCH', `/api/v1/users/${r.body.user.id}`, {
        ...(seat !== undefined && { seatExtension: seat }),
        ...(supervises !== undefined && { supervisedQueueIds: supervises }),
      });
      if (u.status !== 200)
        throw new Error(`link ${username} to ${seat} ${supervises}: ${u.status} ${JSON.stringify(u.body)}`);
    }
    return login(url, username, password);
  };
  const file = (name: string) => {
    try {
      return readFileSync(path.join(settings.generatedDir, name), 'utf8');
    } catch {
      return null;
    }
  };
  return {
    hotline,
    url,
    dir,
    settings,
    admin,
    api,
    file,
    userApi,
    close,
  };
}
