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

/** The guard for a list of roles (the users domain's `requireRole`). */
export type RequireRole<R extends string = Role> = (...roles: R[]) => RequestHandler;

/** The two access rules most configuration routes use: supervisors read, admins change. */
export const READERS: readonly Role[] = ['admin', 'supervisor'];
export const ADMINS: readonly Role[] = ['admin'];
/** Every signed-in person (not a wallboard token): the desk's and the tickets' and the knowledge base's own work. */
export const STAFF: readonly Role[] = ['admin', 'supervisor', 'agent'];

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
  /** A GET that answers a file to save (`spec.produces` is its type). */
  download<Q extends z.ZodType | undefined = undefined>(
    path: string,
    spec: RouteSpec<Q, undefined, R> & { produces: string },
    handler: (call: Call<Parsed<Q>, undefined>) => Attachment | Promise<Attachment>,
  ): ApiRouter<R>;
  /**
   * The standard routes of a record type at `/` and `/:id` (see `CrudSpec`).
   * Declare fixed paths such as `/settings` before it: its `/:id` would take them.
   */
  crud<T, Q extends z.ZodType | undefined = undefined, C = never, U = never>(
    spec: CrudSpec<T, Q, C, U, R>,
  ): ApiRouter<R>;
}

/** A file a download answers. */
export interface Attachment {
  filename: string;
  body: Buffer | string;
  /** This file's type when the route answers several (default: the route's `produces`). */
  type?: string;
}

export type CrudOp = 'list' | 'create' | 'get' | 'update' | 'remove';

/**
 * What `crud()` routes to. `withSecret` is true for admins: a service that
 * shows secrets (SIP passwords) to admins only uses it, others ignore it.
 */
export interface CrudService<T, Q, C, U> {
  // function properties, not methods: their parameters are checked strictly
  list: (query: Q, withSecret: boolean) => unknown;
  get: (id: number) => T;
  create?: (input: C, actor: Actor) => T | Promise<T>;
  update?: (id: number, patch: U, actor: Actor) => T | Promise<T>;
  remove: (id: number, actor: Actor) => unknown;
}

/**
 * GET / (list), POST / (create, 201), GET /:id, PATCH /:id and DELETE /:id
 * (204) of one record type. Supervisors read and admins change unless
 * `read`/`write` say otherwise; summaries are made from `noun` unless
 * `summaries` has a more telling one.
 */
export interface CrudSpec<T, Q extends z.ZodType | undefined, C, U, R extends string> {
  /** One record with its article, e.g. `an IVR` (summaries: "List IVRs", "Create an IVR", "One IVR"...). */
  noun: string;
  /** Default: the noun without its article, plus `s`. */
  plural?: string;
  service: CrudService<T, Parsed<Q>, C, U>;
  /** The list's query and the create and update bodies (create and update need theirs). */
  schemas: { list?: Q; create?: z.ZodType<C>; update?: z.ZodType<U> };
  /** What a record answers as (default: the record). */
  view?: (record: T, withSecret: boolean) => unknown;
  read?: Access<R>;
  write?: Access<R>;
  summaries?: Partial<Record<CrudOp, string>>;
  /** Operations the domain declares itself, or has not. */
  except?: readonly CrudOp[];
}

/**
 * `attachment; filename="..."`; a name beyond plain ASCII (发票.pdf) or with
 * quotes also gets RFC 6266's `filename*` and an ASCII stand-in, since a raw
 * one would be an invalid header.
 */
export function attachmentHeader(filename: string): string {
  if (/^[\x20-\x7e]*$/.test(filename) && !/["\\]/.test(filename)) return `attachment; filename="${filename}"`;
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

const isZod = (b: unknown): b is z.ZodType => typeof (b as z.ZodType)?.safeParse === 'function';

/** The URL parameter a wallboard token may come in (read by authentication, src/users/auth.ts). */
export const WALLBOARD_TOKEN_PARAM = 'wallboard_token';

/** A request's query less the credential authentication has already taken from it. */
function routeQuery(query: Request['query']): Request['query'] {
  if (!(WALLBOARD_TOKEN_PARAM in query)) return query;
  const { [WALLBOARD_TOKEN_PARAM]: _token, ...rest } = query;
  return rest;
}

/**
 * The one router factory: each route states who may call it and the schemas
 * it validates with; the same statement documents it (GET /api/v1/openapi.json)
 * so the reference cannot drift from what is enforced.
 */
export function apiRouter<R extends string = Role>(requireRole?: RequireRole<R>): ApiRouter<R> {
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
          query: (spec.query ? spec.query.parse(routeQuery(req.query)) : undefined) as never,
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
    download(path, spec, handler) {
      return self.route('get', path, spec, async (call) => {
        const { filename, body, type } = await handler(call);
        call.res.set('Content-Type', type ?? spec.produces);
        call.res.set('Content-Disposition', attachmentHeader(filename));
        call.res.send(body);
      });
    },
    crud(spec) {
      return declareCrud(self, spec);
    },
  };
  return self;
}

function declareCrud<T, Q extends z.ZodType | undefined, C, U, R extends string>(
  api: ApiRouter<R>,
  spec: CrudSpec<T, Q, C, U, R>,
): ApiRouter<R> {
  const { service, schemas, read = READERS as Access<R>, write = ADMINS as Access<R> } = spec;
  const one = spec.noun.replace(/^an? /, '');
  const plural = spec.plural ?? `${one}s`;
  const summary = (op: CrudOp, generic: string) => spec.summaries?.[op] ?? generic;
  const view = (record: T, isAdmin: boolean) => (spec.view ? spec.view(record, isAdmin) : record);
  const wanted = (op: CrudOp) => !spec.except?.includes(op);
  const schemaFor = <S>(op: 'create' | 'update', schema: S | undefined): S => {
    if (!schema || !service[op]) throw new Error(`crud: ${op} of ${plural} needs a schema and service.${op}`);
    return schema;
  };

  if (wanted('list'))
    api.route(
      'get',
      '/',
      { summary: summary('list', `List ${plural}`), access: read, query: schemas.list },
      ({ query, isAdmin }) => service.list(query as Parsed<Q>, isAdmin),
    );
  if (wanted('create')) {
    const body = schemaFor('create', schemas.create);
    api.route(
      'post',
      '/',
      { summary: summary('create', `Create ${spec.noun}`), access: write, body, status: 201 },
      async (c) => view(await service.create!(c.body, c.actor()), c.isAdmin),
    );
  }
  if (wanted('get'))
    api.route('get', '/:id', { summary: summary('get', `One ${one}`), access: read }, (c) =>
      view(service.get(c.id()), c.isAdmin),
    );
  if (wanted('update')) {
    const body = schemaFor('update', schemas.update);
    api.route(
      'patch',
      '/:id',
      { summary: summary('update', `Change ${spec.noun}`), access: write, body },
      async (c) => view(await service.update!(c.id(), c.body, c.actor()), c.isAdmin),
    );
  }
  if (wanted('remove'))
    api.route(
      'delete',
      '/:id',
      { summary: summary('remove', `Delete ${spec.noun}`), access: write, status: 204 },
      (c) => service.remove(c.id(), c.actor()),
    );
  return api;
}
