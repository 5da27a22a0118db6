import type { Request, RequestHandler, Router } from 'express';
import type { Core } from '../core.js';
import type { Principal } from '../http/principal.js';
import { type HotlineModule, mount } from '../module.js';
import { type Access, makeAuthenticate, makePrincipalOf, requireRole } from './auth.js';
import { USER_EVENTS } from './events.js';
import { AUTH_BODY_LIMIT, authRoutes, usersRoutes } from './routes.js';
import { createUsersService, DEFAULT_TUNING, type UsersService, type UsersTuning } from './service.js';
import { createUsersStore } from './store.js';

export type { Access } from './auth.js';
export { readCookie, SESSION_COOKIE } from './auth.js';
export type { Ctx, TokenView, UsersService, UsersTuning, UserView } from './service.js';

/** The users module, and what every other part of the box needs of it: who is asking, and may they. */
export interface Users extends HotlineModule<UsersService> {
  authenticate: RequestHandler;
  /** Who the request's credentials name, or null; never answers (for routes open to anyone). */
  principalOf: (req: Request) => Principal | null;
  requireRole: (...roles: Access[]) => RequestHandler;
  ensureFirstAdmin(): { username: string; password: string } | null;
  /** The /auth mount's router (public: login, logout, me, tokens), for harnesses that wire by hand. */
  authRouter: Router;
  /** The /users mount's router (admin-only CRUD, authentication included). */
  usersRouter: Router;
  stop(): void;
}

const PURGE_EVERY_MS = 10 * 60 * 1000;

export function createUsers(
  core: Pick<Core, 'db' | 'log' | 'audit' | 'change'>,
  deps: {
    secureCookies: boolean;
    /** Overrides for tests (short windows, a fake clock). */
    tuning?: Partial<UsersTuning>;
    /** Whether a queue exists: supervised queue ids are checked with it. */
    queueExists?: (id: number) => boolean;
  },
): Users {
  const log = core.log.child({ component: 'users' });
  const tuning: UsersTuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const store = createUsersStore(core.db);
  const service = createUsersService({
    db: core.db,
    store,
    audit: core.audit,
    change: core.change,
    log,
    tuning,
    queueExists: deps.queueExists,
  });
  const principalOf = makePrincipalOf(service);
  const authenticate = makeAuthenticate(principalOf);

  // Expired sessions go on a timer from the start: the first request may be hours away.
  const timer = setInterval(() => {
    try {
      const n = service.purgeExpired();
      if (n > 0) log.debug({ sessions: n }, 'expired sessions purged');
    } catch (err) {
      log.error({ err }, 'session purge failed');
    }
  }, PURGE_EVERY_MS);
  timer.unref();

  const auth = authRoutes({
    service,
    authenticate,
    requireRole,
    secureCookies: deps.secureCookies,
    sessionTtlMs: tuning.sessionTtlMs,
  });
  const users = usersRoutes({ service, authenticate, requireRole });
  return {
    name: 'users',
    service,
    routes: [
      mount('/auth', auth, { public: true, bodyLimit: AUTH_BODY_LIMIT }),
      mount('/users', users, { bodyLimit: AUTH_BODY_LIMIT }),
    ],
    publishes: USER_EVENTS,
    stop: () => clearInterval(timer),
    authenticate,
    principalOf,
    requireRole,
    ensureFirstAdmin: () => service.ensureFirstAdmin(),
    authRouter: auth.router,
    usersRouter: users.router,
  };
}
