import { loginCookie } from '../../dev/api-client.js';
import type { Bus } from '../../src/bus.js';
import type { Db } from '../../src/db/index.js';
import type { LiveDeps, LiveDirectory, LiveService } from '../../src/live/index.js';
import type { UsersService } from '../../src/users/index.js';
import { startTestBox } from './box.js';

export interface LiveApp {
  url: string;
  dir: string;
  db: Db;
  bus: Bus;
  live: LiveService;
  users: UsersService;
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
 * The box as hotlined builds it (test/support/box.ts) for the live view's API
 * tests: the directory is testDirectory, Asterisk is never connected (the
 * tests feed the bus), and the stream's pacing and disk reads are the test's.
 */
export async function startLiveApp(
  opts: Pick<LiveDeps, 'hub' | 'diskUsage' | 'diskPollMs'> = {},
): Promise<LiveApp> {
  const box = await startTestBox({
    overrides: {
      liveDirectory: testDirectory,
      live: { hub: opts.hub, diskUsage: opts.diskUsage, diskPollMs: opts.diskPollMs },
    },
  });
  const { url, dir, hotline } = box;
  const admin = box.admin;

  const login = (username = admin.username, password = admin.password) =>
    loginCookie(url, username, password);
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
    db: hotline.db,
    bus: hotline.bus,
    live: hotline.services.live,
    users: hotline.services.users,
    login,
    async createUser(username, role) {
      await post('/api/v1/users', await login(), { username, role, password: 'correct horse battery' });
      return login(username, 'correct horse battery');
    },
    async token(scope) {
      const made = await post('/api/v1/auth/tokens', await login(), { name: `t-${scope}`, scope });
      return made.secret as string;
    },
    close: box.close,
  };
}
