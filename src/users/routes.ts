import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../errors.js';
import { ADMINS, type ApiRouter, apiRouter, type RequireRole, STAFF } from '../kit/router.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './auth.js';
import {
  ChangePasswordSchema,
  CreateTokenSchema,
  CreateUserSchema,
  IdParam,
  LoginSchema,
  PageQuery,
  UpdateUserSchema,
} from './schema.js';
import type { UsersService } from './service.js';

const IdParams = z.object({ id: IdParam });

/**
 * zod reports unknown keys at the object's path (no field); name the first
 * unknown key instead so the client sees which field was refused.
 */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue?.code === 'unrecognized_keys' && issue.path.length === 0) {
    const field = String(issue.keys[0] ?? '').slice(0, 64);
    throw new AppError('validation', `unknown field ${JSON.stringify(field)}`, { field });
  }
  throw r.error;
}

/** What a login or a user record needs, with room to spare; the app mounts these routers with it. */
export const AUTH_BODY_LIMIT = '64kb';

/** Bodies are JSON only; a form post (the CSRF shape) never reaches a handler. */
const jsonBody: RequestHandler[] = [
  // already parsed when mounted by the app (with the same limit); here for routers wired by hand
  express.json({ limit: AUTH_BODY_LIMIT }),
  (req, _res, next) => {
    // An empty POST (logout) has no type to check; fetch sends it as Content-Length: 0.
    const empty =
      req.headers['transfer-encoding'] === undefined && Number(req.headers['content-length'] ?? 0) === 0;
    if (!empty && !req.is('application/json')) {
      return next(new AppError('validation', 'request body must be JSON', { field: 'body' }));
    }
    next();
  },
];

/** Auth answers carry session ids and token secrets: no cache may keep them. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** /api/v1/auth, mounted public: login and logout answer anyone; /me and /tokens authenticate first. */
export function authRoutes(deps: {
  service: UsersService;
  authenticate: RequestHandler;
  requireRole: RequireRole;
  secureCookies: boolean;
  sessionTtlMs: number;
}): ApiRouter {
  const { service, authenticate, secureCookies } = deps;
  const api = apiRouter(deps.requireRole);
  api.router.use(noStore, ...jsonBody);
  api.router.use(['/me', '/tokens', '/password'], authenticate);

  return api
    .route(
      'post',
      '/login',
      {
        summary: 'Log in: sets the session cookie (throttled after failures)',
        access: 'public',
        body: LoginSchema,
      },
      async ({ body, req, res }) => {
        try {
          const { user, sessionId } = await service.login(body.username, body.password, req.ip);
          res.setHeader(
            'Set-Cookie',
            sessionCookie(sessionId, Math.floor(deps.sessionTtlMs / 1000), secureCookies || req.secure),
          );
          return { user };
        } catch (err) {
          if (isAppError(err, 'rate_limited')) {
            const d = err.details as { retryAfterSeconds?: number } | undefined;
            res.setHeader('Retry-After', String(d?.retryAfterSeconds ?? 60));
          }
          throw err;
        }
      },
    )
    .route(
      'post',
      '/logout',
      { summary: 'Log out: ends the session and clears its cookie', access: 'public', status: 204 },
      ({ req, res }) => {
        const sid = readCookie(req.headers.cookie, SESSION_COOKIE);
        if (sid) service.logout(sid, req.ip);
        res.setHeader('Set-Cookie', clearSessionCookie(secureCookies || req.secure));
      },
    )
    .route(
      'get',
      '/me',
      { summary: 'Who is logged in, and how (not for wallboard tokens)', access: STAFF },
      ({ req }) => {
        const p = req.principal!;
        return { user: service.get(p.userId), via: p.via };
      },
    )
    .route(
      'post',
      '/password',
      {
        summary: 'Set your own password (the current one checked); ends your other sessions',
        access: STAFF,
        body: ChangePasswordSchema,
      },
      async ({ body, req }) => ({
        user: await service.changeOwnPassword(body, { principal: req.principal!, ip: req.ip }),
      }),
    )
    .route(
      'post',
      '/tokens',
      {
        summary: 'Create an API or wallboard token (its secret is shown once)',
        access: STAFF,
        body: CreateTokenSchema,
        status: 201,
      },
      ({ body, req }) => service.createToken(body, { principal: req.principal!, ip: req.ip }),
    )
    .route(
      'get',
      '/tokens',
      { summary: 'Tokens: every one for admins, your own otherwise', access: STAFF },
      ({ req }) => ({ items: service.listTokens(req.principal!) }),
    )
    .route('delete', '/tokens/:id', { summary: 'Revoke a token', access: STAFF, status: 204 }, ({ req }) => {
      const { id } = parse(IdParams, req.params);
      return service.revokeToken(id, { principal: req.principal!, ip: req.ip });
    });
}

/** /api/v1/users: admins only. */
export function usersRoutes(deps: {
  service: UsersService;
  authenticate: RequestHandler;
  requireRole: RequireRole;
}): ApiRouter {
  const api = apiRouter(deps.requireRole);
  // authentication included: the router stands on its own wherever it is mounted
  api.router.use(deps.authenticate, deps.requireRole('admin'), ...jsonBody);
  return api.crud({
    noun: 'a user',
    service: deps.service,
    view: (user) => ({ user }),
    read: ADMINS,
    schemas: { list: PageQuery, create: CreateUserSchema, update: UpdateUserSchema },
    summaries: {
      update: 'Change a user (role, password, disabled, linked seat)',
      remove: 'Delete a user (never the last enabled admin)',
    },
  });
}
