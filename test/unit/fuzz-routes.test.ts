/**
 * Every create/update route the OpenAPI document lists gets hostile values,
 * one field at a time, in an otherwise valid body (test/support/fuzz-fixtures.ts):
 * the answer is never a 5xx; a refusal names the field and leaves every
 * generated config file as it was; an acceptance stores the value as sent
 * and writes no control, line separator or bidi character into a config file.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { loginCookie } from '../../dev/api-client.js';
import { soxWav } from '../support/audio.js';
import { startTestBox } from '../support/box.js';
import { fuzzFixtures, NOT_FUZZED } from '../support/fuzz-fixtures.js';
import { request } from '../support/http.js';

const box = await startTestBox({ seats: ['1001', '1002', '1003'] });
t.teardown(() => box.close());
const cookie = await loginCookie(box.url, box.admin.username, box.admin.password);
const fx = mkdtempSync(path.join(tmpdir(), 'hotline-fuzz-'));
t.teardown(() => rmSync(fx, { recursive: true, force: true }));
const fixtures = await fuzzFixtures(
  box,
  cookie,
  readFileSync(soxWav(path.join(fx, 'hi.wav'), ['synth', '0.2', 'sine', '440'])),
);

const MB = 'x'.repeat(1 << 20);
/** The house's hostile set. */
const HOUSE: string[] = [
  '',
  ' ',
  'a\nb',
  'a\r\nb',
  '\n',
  'x;y',
  '[x]',
  'a,b',
  '${EXTEN}',
  '$[1+1]',
  '"q"',
  "'q'",
  '`q`',
  'a\\b',
  '<script>x</script>',
  '../../etc/passwd',
  '客服一组',
  'k'.repeat(10_000),
];
/** What item 9 of the security review added: separators, bidi controls, controls, a lone surrogate. */
const INVISIBLE: string[] = [
  '客服\u20281001',
  '客服\u20291001',
  '客服\u00851001',
  '客服\u202e1001',
  '客服\u202a1001',
  '客服\u2066x\u2069',
  '客服\u200e1001',
  '客服\u200f1001',
  '客服\u061c1001',
  'a\u0000b',
  'a\u001bb',
  'a\u007fb',
  'a\u009bb',
  'a\ud800b',
];
/** A few for fields that are not strings (the wrong type is the point there). */
const SOME_STRINGS = ['客服一组', 'a\nb', '${EXTEN}', '客服\u202e1001', 'a\u0000b'];
const WRONG_TYPES: unknown[] = [0, -1, 1.5, 1e308, true, null, {}, [], ['x'], { k: 'v' }];
const PROTO_KEYS: [string, unknown][] = [
  ['__proto__', { polluted: 'yes' }],
  ['constructor', { prototype: { polluted: 'yes' } }],
  ['prototype', { polluted: 'yes' }],
];
/** What no generated file may hold (tabs and newlines are the files' own). */
const INVISIBLE_IN_FILE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * `n` values of `list`, a different run each call, so every value is sent on
 * every route while the run stays seconds long; HOTLINE_FUZZ_FULL=1 sends all.
 */
const FULL = process.env.HOTLINE_FUZZ_FULL === '1';
const turns = new Map<readonly unknown[], number>();
function sample<T>(list: readonly T[], n: number): T[] {
  if (FULL || n >= list.length) return [...list];
  const start = turns.get(list) ?? 0;
  turns.set(list, start + n);
  return Array.from({ length: n }, (_, i) => list[(start + i) % list.length]!);
}

type Key = string | number;
interface Leaf {
  path: Key[];
  value: unknown;
}

/** Every value in a body, containers included (they get wrong types too). */
function leaves(value: unknown, at: Key[] = []): Leaf[] {
  const self = at.length ? [{ path: at, value }] : [];
  if (Array.isArray(value)) return [...self, ...value.flatMap((v, i) => leaves(v, [...at, i]))];
  if (value && typeof value === 'object')
    return [...self, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]))];
  return self;
}

/** A copy of `body` with `value` at `at` (defined as an own property, so `__proto__` stays a key). */
function withValue(body: unknown, at: Key[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(body));
  let node = copy;
  for (const k of at.slice(0, -1)) node = node[k];
  Object.defineProperty(node, at[at.length - 1]!, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** A value on one printable TAP line: everything outside printable ASCII escaped. */
const shown = (v: unknown) =>
  String(JSON.stringify(v))
    .slice(0, 40)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const nameOf = (at: Key[]) => String([...at].reverse().find((k) => typeof k === 'string') ?? at[0]);

/** A digest of every config file hotlined writes (Asterisk's and DAHDI's). */
function configDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      const p = path.join(dir, name);
      try {
        hash.update(p).update(readFileSync(p));
      } catch {
        walk(p);
      }
    }
  };
  walk(box.settings.asterisk.confDir);
  walk(path.join(box.settings.asterisk.root, 'etc'));
  return hash.digest('hex');
}

function configFiles(dir = box.settings.asterisk.confDir): [string, string][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? configFiles(path.join(dir, e.name))
      : [[path.join(dir, e.name), readFileSync(path.join(dir, e.name), 'utf8')] as [string, string]],
  );
}

/** Whether the answer holds `sent` under the key `name` (as sent, or trimmed as most schemas store text). */
function storedAsSent(answer: unknown, name: string, sent: unknown): boolean {
  const wanted = [sent, typeof sent === 'string' ? sent.trim() : sent].map((w) => JSON.stringify(w));
  const seen: unknown[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === name || /^[0-9]+$/.test(name)) seen.push(x);
        visit(x);
      }
  };
  visit(answer);
  const same = (x: unknown): boolean =>
    wanted.includes(JSON.stringify(x)) || (Array.isArray(x) && x.some((y) => same(y)));
  return seen.some(same);
}

const doc = (await (await fetch(`${box.url}/api/v1/openapi.json`)).json()) as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: any }> } }>>;
};
const routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
  Object.entries(ops)
    .filter(([m]) => m === 'post' || m === 'put' || m === 'patch')
    .map(([m, op]) => ({ key: `${m} ${p}`, method: m.toUpperCase(), docPath: p, op })),
);

t.test('every create/update route with a body has a fixture (or a reason it has none)', async (t) => {
  const missing = routes
    .filter((r) => r.op.requestBody && !fixtures[r.key] && !NOT_FUZZED[r.key])
    .map((r) => r.key);
  t.same(missing, [], 'add a valid body to test/support/fuzz-fixtures.ts');
  const stale = Object.keys(fixtures).filter((k) => !routes.some((r) => r.key === k));
  t.same(stale, [], 'fixtures for routes that no longer exist');
});

const counts = { routes: 0, requests: 0, refused: 0, named: 0, asValid: 0, accepted: 0, asteriskDown: 0 };
const problems: string[] = [];

t.test('hostile values: never a 5xx, a refusal names the field and changes no config file', async (t) => {
  const started = Date.now();
  for (const r of routes) {
    const fixture = fixtures[r.key];
    if (!fixture) continue;
    counts.routes++;
    const url = `/api/v1${fixture.path ?? r.docPath}`;
    const send = (body: unknown) =>
      request(box.url, r.method, url, { raw: JSON.stringify(body), contentType: 'application/json', cookie });
    const cleanup = async (answer: any) => {
      const id = answer?.id ?? answer?.user?.id;
      if (r.method === 'POST' && typeof id === 'number')
        await request(box.url, 'DELETE', `${url}/${id}`, { cookie });
    };
    const routeStarted = Date.now();
    const base = await send(fixture.body);
    const baseCode = base.json?.error?.code;
    if (base.status >= 500 && baseCode !== 'asterisk_unavailable')
      problems.push(`${r.key}: the valid body answers ${base.status} ${base.text.slice(0, 200)}`);
    if (base.status < 300) await cleanup(base.json);

    const cases: { at: Key[]; value: unknown }[] = [];
    const add = (at: Key[], values: unknown[]) => {
      for (const value of values)
        if (!(value === true && fixture.actions?.includes(nameOf(at)))) cases.push({ at, value });
    };
    let bigSent = false;
    for (const leaf of leaves(fixture.body)) {
      const container = leaf.value !== null && typeof leaf.value === 'object';
      if (typeof leaf.value === 'string') {
        add(leaf.path, [...sample(INVISIBLE, 6), ...sample(HOUSE, 4), ...sample(WRONG_TYPES, 3)]);
        if (!bigSent) add(leaf.path, [MB]);
        bigSent = true;
      } else add(leaf.path, [...(container ? [] : sample(SOME_STRINGS, 2)), ...sample(WRONG_TYPES, 3)]);
      if (container && !Array.isArray(leaf.value))
        for (const [k, v] of sample(PROTO_KEYS, 1)) add([...leaf.path, k], [v]);
    }
    for (const [k, v] of PROTO_KEYS) add([k], [v]);
    // Fields the schema documents that the fixture leaves out.
    const props = Object.keys(r.op.requestBody?.content['application/json']?.schema?.properties ?? {});
    for (const k of props.filter((p) => !(p in fixture.body)))
      add([k], [...sample(SOME_STRINGS, 2), ...sample(WRONG_TYPES, 2)]);

    // Not an object at all: refused (by the JSON parser or the schema), never a 5xx.
    for (const whole of [[], null, 'x', 1, [fixture.body]]) {
      const before = configDigest();
      const res = await request(box.url, r.method, url, {
        raw: JSON.stringify(whole),
        contentType: 'application/json',
        cookie,
      });
      counts.requests++;
      if (res.status < 400 || res.status >= 500 || configDigest() !== before)
        problems.push(`${r.key} body=${shown(whole)}: ${res.status} ${res.text.slice(0, 200)}`);
      else counts.refused++;
    }
    for (const c of cases) {
      const name = nameOf(c.at);
      const before = configDigest();
      const res = await send(withValue(fixture.body, c.at, c.value));
      counts.requests++;
      const err = res.json?.error;
      const what = `${r.key} ${c.at.join('.')}=${shown(c.value)}`;
      if (res.status >= 500) {
        if (err?.code === 'asterisk_unavailable' && baseCode === 'asterisk_unavailable')
          counts.asteriskDown++;
        else problems.push(`${what}: ${res.status} ${res.text.slice(0, 200)}`);
        continue;
      }
      if (res.status >= 400) {
        counts.refused++;
        // The field, not the message: messages are translated, field paths are not.
        const named = String(err?.field ?? '').includes(name);
        const sameAsValid = res.status === base.status && err?.code === baseCode;
        const tooLarge = res.status === 413 && err?.field === 'body';
        const loginRefused = r.key === 'post /auth/login' && (res.status === 401 || res.status === 429);
        if (named) counts.named++;
        else if (sameAsValid) counts.asValid++;
        if (!named && !sameAsValid && !tooLarge && !loginRefused)
          problems.push(`${what}: ${res.status} does not name ${name}: ${res.text.slice(0, 200)}`);
        if (configDigest() !== before)
          problems.push(`${what}: refused with ${res.status} but a config file changed`);
        continue;
      }
      counts.accepted++;
      // Containers get their defaults filled in; the values inside them are checked one by one.
      const primitive =
        c.value === null ||
        typeof c.value !== 'object' ||
        (Array.isArray(c.value) && c.value.every((v) => typeof v !== 'object'));
      const unread =
        fixture.writeOnly === 'all' ||
        fixture.writeOnly?.includes(name) ||
        PROTO_KEYS.some(([k]) => k === name);
      if (primitive && !unread && !storedAsSent(res.json, name, c.value))
        problems.push(`${what}: accepted (${res.status}) but answered ${res.text.slice(0, 200)}`);
      const after = configDigest();
      if (after !== before)
        for (const [file, text] of configFiles())
          if (INVISIBLE_IN_FILE.test(text))
            problems.push(`${what}: ${path.basename(file)} holds an invisible character`);
      await cleanup(res.json);
    }
    t.comment(
      `${r.key}: valid body ${base.status}, ${cases.length} requests, ${Date.now() - routeStarted} ms`,
    );
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is not polluted');
  for (const p of problems.slice(0, 80)) t.fail(p);
  t.equal(problems.length, 0, 'no problems');
  t.ok(counts.routes >= 50, `${counts.routes} routes fuzzed`);
  t.comment(
    `${counts.routes} routes, ${counts.requests} requests (${counts.refused} refused: ${counts.named} naming the field, ${counts.asValid} as the valid body was; ${counts.accepted} accepted; ${counts.asteriskDown} needing Asterisk) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});
