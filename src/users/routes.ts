import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../errors.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './auth.js';
import {
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

/** Bodies are JSON only; a form post (the CSRF shape) never reaches a handler. */
const jsonBody: RequestHandler[] = [
  express.json({ limit: '64kb' }),
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

export function authRoutes(deps: {
  service: UsersService;
  authenticate: RequestHandler;
  people: RequestHandler;
  secureCookies: boolean;
  sessionTtlMs: number;
}): Router {
  const { service, authenticate, people, secureCookies } = deps;
  const r = express.Router();
  r.use(noStore, ...jsonBody);

  r.post('/login', async (req, res) => {
    const body = parse(LoginSchema, req.body ?? {});
    try {
      const { user, sessionId } = await service.login(body.username, body.password, req.ip);
      res.setHeader(
        'Set-Cookie',
        sessionCookie(sessionId, Math.floor(deps.sessionTtlMs / 1000), secureCookies),
      );
      res.json({ user });
    } catch (err) {
      if (isAppError(err, 'rate_limited')) {
        const d = err.details as { retryAfterSeconds?: number } | undefined;
        res.setHeader('Retry-After', String(d?.retryAfterSeconds ?? 60));
      }
      throw err;
    }
  });

  r.post('/logout', (req, res) => {
    const sid = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (sid) service.logout(sid, req.ip);
    res.setHeader('Set-Cookie', clearSessionCookie(secureCookies));
    res.status(204).end();
  });

  r.get('/me', authenticate, (req, res) => {
    const p = req.principal!;
    res.json({ user: service.get(p.userId), via: p.via });
  });

  r.post('/tokens', authenticate, people, (req, res) => {
    const input = parse(CreateTokenSchema, req.body ?? {});
    const created = service.createToken(input, { principal: req.principal!, ip: req.ip });
    res.status(201).json(created);
  });

  r.get('/tokens', authenticate, people, (req, res) => {
    res.json({ items: service.listTokens(req.principal!) });
  });

  r.delete('/tokens/:id', authenticate, people, (req, res) => {
    const { id } = parse(IdParams, req.params);
    service.revokeToken(id, { principal: req.principal!, ip: req.ip });
    res.status(204).end();
  });

  return r;
}

export function usersRoutes(deps: {
  service: UsersService;
  authenticate: RequestHandler;
  adminOnly: RequestHandler;
}): Router {
  const { service } = deps;
  const r = express.Router();
  r.use(deps.authenticate, deps.adminOnly, ...jsonBody);

  r.get('/', (req, res) => {
    const page = parse(PageQuery, req.query);
    const { items, total } = service.list(page);
    res.json({ items, total, limit: page.limit, offset: page.offset });
  });

  r.post('/', async (req, res) => {
    const input = parse(CreateUserSchema, req.body ?? {});
    const user = await service.create(input, { principal: req.principal!, ip: req.ip });
    res.status(201).json({ user });
  });

  r.get('/:id', (req, res) => {
    const { id } = parse(IdParams, req.params);
    res.json({ user: service.get(id) });
  });

  r.patch('/:id', async (req, res) => {
    const { id } = parse(IdParams, req.params);
    const patch = parse(UpdateUserSchema, req.body ?? {});
    const user = await service.update(id, patch, { principal: req.principal!, ip: req.ip });
    res.json({ user });
  });

  r.delete('/:id', (req, res) => {
    const { id } = parse(IdParams, req.params);
    service.remove(id, { principal: req.principal!, ip: req.ip });
    res.status(204).end();
  });

  return r;
}
