import { Validator } from '@seriousme/openapi-schema-validator';
import t from 'tap';
import { openApiPath } from '../../src/http/openapi.js';
import type { Method } from '../../src/kit/router.js';
import { startTestBox } from '../support/box.js';

const box = await startTestBox({ seats: ['1001'] });
t.teardown(() => box.close());

const res = await fetch(`${box.url}/api/v1/openapi.json`);
const doc = (await res.json()) as {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

t.test('the API description is public and validates as OpenAPI 3.1', async (t) => {
  t.equal(res.status, 200);
  t.equal(doc.openapi, '3.1.0');
  const result = await new Validator().validate(doc as never);
  t.ok(result.valid, JSON.stringify(result.errors ?? null).slice(0, 2000));
});

/** Every route express actually serves, from each module's routers. */
const mounted = box.hotline.modules.flatMap((m) =>
  (m.routes ?? []).flatMap((mount) =>
    (mount.router.stack as { route?: { path: string; methods: Record<string, boolean> } }[])
      .filter((layer) => layer.route)
      .flatMap((layer) =>
        Object.keys(layer.route!.methods)
          .filter((method) => method !== '_all')
          .map((method) => ({
            module: m.name,
            method,
            path: openApiPath(`${mount.path}${layer.route!.path === '/' ? '' : layer.route!.path}`).path,
          })),
      ),
  ),
);

t.test('every mounted route is in the document', async (t) => {
  t.ok(mounted.length > 80, `found ${mounted.length} routes`);
  const missing = mounted
    .filter((r) => !doc.paths[r.path]?.[r.method])
    .map((r) => `${r.module}: ${r.method} ${r.path}`);
  t.same(missing, [], 'routes served but not documented');
});

t.test('every documented route answers (never "no such endpoint", never a 5xx)', async (t) => {
  const stray: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops) as Method[]) {
      // Path parameters get a value of the right kind; most records do not exist (404 from the domain is an answer).
      const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => (name === 'extension' ? '1001' : '1'));
      if (method === 'post' && path === '/auth/logout') continue; // would end the test's session
      const streams = Object.values(ops[method]!.responses).some((r) => r.content?.['text/event-stream']);
      if (streams) {
        const abort = new AbortController();
        const s = await box.api.fetch(`/api/v1${url}`, abort.signal);
        abort.abort();
        if (s.status !== 200) stray.push(`${method} ${path} → ${s.status}`);
        continue;
      }
      const r = await box.api.req(
        method.toUpperCase(),
        `/api/v1${url}`,
        method === 'get' || method === 'delete' ? undefined : {},
      );
      // the router's own 404 (its message in either language), not a record that is missing
      const endpointUnknown =
        r.status === 404 && ['没有这个接口', 'no such endpoint'].includes(r.body?.error?.message);
      if (endpointUnknown || r.status >= 500)
        stray.push(`${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
    }
  }
  t.same(stray, []);
});
