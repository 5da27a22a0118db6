import type { RequestHandler, Router } from 'express';
import type { Audit } from '../audit/index.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import { type Access, makeAuthenticate, requireRole } from './auth.js';
import { authRoutes, usersRoutes } from './routes.js';
import { createUsersService, DEFAULT_TUNING, type UsersService, type UsersTuning } from './service.js';
import { createUsersStore } from './store.js';

export type { Access } from './auth.js';
export { readCookie, SESSION_COOKIE } from './auth.js';
export type { Ctx, TokenView, UsersService, UsersTuning, UserView } from './service.js';

export interface Users {
  /** Mount at /api/v1/auth: login, logout, me, tokens. */
  authRouter: Router;
  /** Mount at /api/v1/users: admin-only CRUD (authentication included). */
  usersRouter: Router;
  authenticate: RequestHandler;
  requireRole: (...roles: Access[]) => RequestHandler;
  ensureFirstAdmin(): { username: string; password: string } | null;
  service: UsersService;
  stop(): void;
}

const PURGE_EVERY_MS = 10 * 60 * 1000;

export function createUsers(deps: {
  db: Db;
  log: Logger;
  bus: Bus;
  audit: Audit;
  secureCookies: boolean;
  /** Overrides for tests (short windows, a fake clock). */
  tuning?: Partial<UsersTuning>;
}): Users {
  const log = deps.log.child({ component: 'users' });
  const tuning: UsersTuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const store = createUsersStore(deps.db);
  const service = createUsersService({ db: deps.db, store, audit: deps.audit, log, tuning });
  const authenticate = makeAuthenticate(service);

  const timer = setInterval(() => {
    try {
      const n = service.purgeExpired();
      if (n > 0) log.debug({ sessions: n }, 'expired sessions purged');
    } catch (err) {
      log.error({ err }, 'session purge failed');
    }
  }, PURGE_EVERY_MS);
  timer.unref();

  return {
    authRouter: authRoutes({
      service,
      authenticate,
      people: requireRole('admin', 'supervisor', 'agent'),
      secureCookies: deps.secureCookies,
      sessionTtlMs: tuning.sessionTtlMs,
    }),
    usersRouter: usersRoutes({ service, authenticate, adminOnly: requireRole('admin') }),
    authenticate,
    requireRole,
    ensureFirstAdmin: () => service.ensureFirstAdmin(),
    service,
    stop: () => clearInterval(timer),
  };
}
