import { z } from 'zod';
import type { RawBody, RouteDoc } from '../kit/router.js';
import { apiRouter } from '../kit/router.js';
import type { HotlineModule, Mount } from '../module.js';
import { HOTLINED_VERSION } from '../system/health.js';

/** The document's own types, as far as we fill them. */
type Json = Record<string, unknown>;

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid input; `error.field` names the offending field.',
  401: 'Not logged in.',
  403: 'The role may not do this.',
  404: 'No such record.',
  409: 'Conflicts with existing data.',
  422: 'Asterisk did not accept the change (nothing was changed).',
};

/** Shared definitions of recursive schemas, hoisted into the document's components. */
type Defs = Record<string, Json>;

/**
 * A route's zod schema as JSON Schema. A recursive one (a rule's conditions)
 * comes with `$defs` that its `$ref`s name from the schema's own root; inside
 * the document that root is the document's, so they move to
 * components/schemas under a name of their own.
 */
const jsonSchema = (schema: z.ZodType, defs: Defs): Json => {
  const {
    $schema: _drop,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  if (!$defs) return rest;
  const prefix = `S${Object.keys(defs).length}`;
  const moved = (text: string) =>
    text.replace(/"#\/\$defs\/([^"]+)"/g, (_m, name: string) => `"#/components/schemas/${prefix}_${name}"`);
  for (const [name, def] of Object.entries($defs as Defs))
    defs[`${prefix}_${name}`] = JSON.parse(moved(JSON.stringify(def)));
  return JSON.parse(moved(JSON.stringify(rest)));
};

const isRaw = (b: RouteDoc['body']): b is RawBody => Array.isArray((b as RawBody | undefined)?.mediaTypes);

/** `/:id/members/:ext` → `/{id}/members/{ext}` and the parameter names. */
export function openApiPath(expressPath: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = expressPath.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: path.length > 1 ? path.replace(/\/$/, '') : path, params };
}

function queryParameters(query: z.ZodType | undefined, defs: Defs): Json[] {
  if (!query) return [];
  const schema = jsonSchema(query, defs);
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: 'query',
    required: required.has(name) && !('default' in s),
    schema: s,
  }));
}

function operation(tag: string, route: RouteDoc, params: string[], operationId: string, defs: Defs): Json {
  const roles =
    route.access === 'public' || route.access === 'signed-in' ? route.access : route.access.join(', ');
  const body = route.body;
  const success: Json =
    route.status === 204
      ? { description: 'Done; no content.' }
      : {
          description: 'Success.',
          content: { [route.produces ?? 'application/json']: { schema: {} } },
        };
  const errors = Object.fromEntries(
    Object.entries(ERROR_RESPONSES)
      .filter(([code]) => route.access !== 'public' || (code !== '401' && code !== '403'))
      .map(([code, description]) => [code, { $ref: `#/components/responses/E${code}`, description }]),
  );
  return {
    tags: [tag],
    operationId,
    summary: route.summary,
    description: [route.description, `Access: ${roles}.`].filter(Boolean).join('\n\n'),
    'x-roles': route.access,
    ...(route.access === 'public' ? { security: [] } : {}),
    parameters: [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...queryParameters(route.query, defs),
    ],
    ...(body
      ? {
          requestBody: {
            required: true,
            ...(isRaw(body)
              ? {
                  description: body.description,
                  content: Object.fromEntries(
                    body.mediaTypes.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }]),
                  ),
                }
              : { content: { 'application/json': { schema: jsonSchema(body, defs) } } }),
          },
        }
      : {}),
    responses: { [String(route.status)]: success, ...errors },
  };
}

/**
 * The OpenAPI 3.1 document of every route mounted through the router
 * factory, built from the zod schemas the routes validate with.
 */
export function buildOpenApi(mounts: readonly (Mount & { module: string })[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const ids = new Set<string>();
  const defs: Defs = {};
  for (const m of mounts) {
    for (const route of m.docs ?? []) {
      const { path, params } = openApiPath(`${m.path}${route.path === '/' ? '' : route.path}`);
      let operationId = `${route.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_x, c: string | undefined) => (c ?? '').toUpperCase())}`;
      while (ids.has(operationId)) operationId += '_';
      ids.add(operationId);
      paths[path] ??= {};
      paths[path][route.method] = operation(m.module, route, params, operationId, defs);
    }
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hotline API',
      version,
      description:
        'The REST API of the Hotline call-center appliance. JSON in and out; errors are `{ "error": { "code", "message", "field" } }`. Log in with POST /auth/login (session cookie) or send an API token as `Authorization: Bearer <token>`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ session: [] }, { bearer: [] }],
    tags: [...new Set(mounts.filter((m) => m.docs?.length).map((m) => m.module))].map((name) => ({ name })),
    paths: sorted,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'hotline_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        ...defs,
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                field: { type: 'string' },
                details: {},
              },
            },
          },
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([code, description]) => [
          `E${code}`,
          {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}

/** GET /api/v1/openapi.json: public, like any API description; it holds no data. */
export function createApiReference(modules: readonly HotlineModule[]): HotlineModule<null> {
  const api = apiRouter();
  let document: Json | undefined;
  const self: HotlineModule<null> = {
    name: 'api-reference',
    service: null,
    routes: [{ path: '/openapi.json', router: api.router, docs: api.docs, public: true }],
  };
  api.route('get', '/', { summary: 'This API description (OpenAPI 3.1)', access: 'public' }, () => {
    document ??= buildOpenApi(
      [...modules, self].flatMap((m) => (m.routes ?? []).map((r) => ({ ...r, module: m.name }))),
      HOTLINED_VERSION,
    );
    return document;
  });
  return self;
}
