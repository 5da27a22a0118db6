import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import type { Role } from '../http/principal.js';
import { actorOf, idParam } from '../http/request.js';

/** Who made a change and from where (the audit log's Actor). */
type Actor = ReturnType<typeof actorOf>;

/**
 * Who may call a route: anyone (mounted public), any logged-in principal, or
 * these roles (a domain whose guard knows more principals, e.g. the
 * wallboard's, names them through `R`).
 */
export type Access<R extends string = Role> = 'public' | 'signed-in' | readonly R[];

/** The two access rules most configuration routes use: supervisors read, admins change. */
export const READERS: readonly Role[] = ['admin', 'supervisor'];
export const ADMINS: readonly Role[] = ['admin'];

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A request body that is not JSON (uploads): documented by its media types. */
export interface RawBody {
  mediaTypes: readonly string[];
  description: string;
}

export interface RouteSpec<
  Q extends z.ZodType | undefined,
  B extends z.ZodType | RawBody | undefined,
  R extends string = Role,
> {
  summary: string;
  access: Access<R>;
  query?: Q;
  body?: B;
  /** Success status (default 200; 201 for a create; 204 answers no body). */
  status?: number;
  /** What a success answers when it is not JSON (a file, an event stream). */
  produces?: string;
  description?: string;
}

/** One route as the API reference shows it (the OpenAPI document is built from these). */
export interface RouteDoc {
  method: Method;
  /** Express path below the router's mount point, e.g. `/:id`. */
  path: string;
  summary: string;
  description?: string;
  access: Access<string>;
  query?: z.ZodType;
  body?: z.ZodType | RawBody;
  status: number;
  produces?: string;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Call<Q, B> {
  req: Request;
  res: Response;
  query: Q;
  body: B;
  /** The `:id` path parameter as a positive integer (400 naming `id` otherwise). */
  id(): number;
  actor(): Actor;
  isAdmin: boolean;
}

type Handler<Q, B> = (call: Call<Q, B>) => unknown;

export interface ApiRouter<R extends string = Role> {
  readonly router: Router;
  readonly docs: readonly RouteDoc[];
  route<Q extends z.ZodType | undefined = undefined, B extends z.ZodType | RawBody | undefined = undefined>(
    method: Method,
    path: string,
    spec: RouteSpec<Q, B, R>,
    handler: Handler<Parsed<Q>, B extends z.ZodType ? z.output<B> : undefined>,
  ): ApiRouter<R>;
  /** A route that answers by itself (streams, downloads); still documented. */
  raw(
    method: Method,
    path: string,
    spec: RouteSpec<z.ZodType | undefined, RawBody | undefined, R>,
    handler: RequestHandler,
  ): ApiRouter<R>;
}

const isZod = (b: unknown): b is z.ZodType => typeof (b as z.ZodType)?.safeParse === 'function';

/**
 * The one router factory: each route states who may call it and the schemas
 * it validates with; the same statement documents it (GET /api/v1/openapi.json)
 * so the reference cannot drift from what is enforced.
 */
export function apiRouter<R extends string = Role>(
  requireRole?: (...roles: R[]) => RequestHandler,
): ApiRouter<R> {
  const router = Router();
  const docs: RouteDoc[] = [];
  const guard = (access: Access<R>): RequestHandler[] => {
    if (access === 'public' || access === 'signed-in') return [];
    if (!requireRole) throw new Error('a route limited to roles needs requireRole');
    return [requireRole(...access)];
  };

  const self: ApiRouter<R> = {
    router,
    docs,
    route(method, path, spec, handler) {
      const status = spec.status ?? 200;
      docs.push({ method, path, status, ...spec });
      router[method](path, ...guard(spec.access), async (req, res) => {
        const call = {
          req,
          res,
          query: (spec.query ? spec.query.parse(req.query) : undefined) as never,
          body: (isZod(spec.body) ? spec.body.parse(req.body ?? {}) : undefined) as never,
          id: () => idParam(req.params.id),
          actor: () => actorOf(req),
          isAdmin: req.principal?.role === 'admin',
        };
        const result = await handler(call);
        if (res.headersSent) return;
        if (status === 204) res.status(204).end();
        else res.status(status).json(result);
      });
      return self;
    },
    raw(method, path, spec, handler) {
      docs.push({ method, path, status: spec.status ?? 200, ...spec });
      router[method](path, ...guard(spec.access), handler);
      return self;
    },
  };
  return self;
}
