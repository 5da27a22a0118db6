import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type Api, anonymous, login } from '../../dev/api-client.js';
import { type Stack, startStack } from '../../dev/stack.js';

let stack: Stack;
let api: Api;

t.before(async () => {
  stack = await startStack({ logLevel: 'warn' });
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
});
t.teardown(() => stack?.stop());

const generated = (file: string) => readFileSync(path.join(stack.box.paths.confDir, 'hotline', file), 'utf8');
const LONG = 'x'.repeat(10_000);
/** Secrets the API generated, by extension: the audit test looks for them. */
const secrets = new Map<string, string>();

const HOSTILE: [field: string, value: unknown][] = [
  ['extension', '10\n01'],
  ['extension', '1001;'],
  ['extension', '[1001]'],
  ['extension', '${EXTEN}'],
  ['extension', '10,1'],
  ['extension', '１００１'],
  ['extension', '1'],
  ['extension', LONG],
  ['name', 'evil\n[9999]\ntype=endpoint'],
  ['name', 'a;b'],
  ['name', '${SHELL(id)}'],
  ['name', 'say "hi"'],
  ['name', 'back\\slash'],
  ['name', LONG],
  ['name', ''],
  ['secret', 'short'],
  ['secret', 'abcdefghijklmnop;q'],
  ['secret', 'abcdefghijklmnop\nq'],
  ['secret', '${EXTEN}abcdefghijklmnop'],
  ['transport', 'udp\n'],
  ['transport', 'sctp'],
  ['maxContacts', '1;'],
  ['maxContacts', 1000],
  ['enabled', 'yes'],
  ['context', 'from-internal'],
];

t.test(
  'hostile seat input is refused with 400 naming the field, and the config does not change',
  async (t) => {
    const pjsipBefore = generated('pjsip_seats.conf');
    const dialplanBefore = generated('extensions_seats.conf');
    for (const [field, value] of HOSTILE) {
      const body = { extension: '3001', name: 'ok', [field]: value };
      const r = await api.req('POST', '/api/v1/seats', body);
      t.equal(r.status, 400, `${field}=${JSON.stringify(value).slice(0, 40)} → 400`);
      t.equal(r.body?.error?.field, field, `error names ${field}`);
      t.notMatch(JSON.stringify(r.body), /at .*\.js:\d+/, 'no stack trace');
    }
    t.equal(generated('pjsip_seats.conf'), pjsipBefore, 'pjsip_seats.conf byte-identical');
    t.equal(generated('extensions_seats.conf'), dialplanBefore, 'extensions_seats.conf byte-identical');
    t.equal((await api.get('/api/v1/seats')).total, 0, 'nothing stored');
  },
);

t.test('odd but harmless names are stored as typed and stay inside their line', async (t) => {
  const names = ['客服一组', 'Desk [B], 2nd floor', "O'Brien & Co", '👩‍💼 支持', 'x'.repeat(64)];
  let ext = 4001;
  for (const name of names) {
    const r = await api.req('POST', '/api/v1/seats', { extension: String(ext++), name });
    t.equal(r.status, 201, `${name} accepted`);
    t.equal(r.body.name, name, 'stored as typed');
    t.ok(r.body.secret.length >= 16, 'generated secret is 16+ chars');
    secrets.set(r.body.extension, r.body.secret);
    t.match(r.body.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'timestamps are ISO 8601');
  }
  const conf = generated('pjsip_seats.conf');
  const sections = conf.match(/^\[.*\]$/gm) ?? [];
  t.equal(sections.length, names.length * 3, 'exactly endpoint + auth + aor per seat');
  for (const line of conf.split('\n')) {
    t.ok(/^(\[\d+\]|[a-z_]+ = .*|;.*|)$/.test(line), `well-formed line: ${line.slice(0, 50)}`);
  }
  const endpoints = await stack.box.cli('pjsip show endpoints');
  for (let e = 4001; e < ext; e++)
    t.match(endpoints, new RegExp(`Endpoint:\\s+${e}/`), `Asterisk loaded ${e}`);
});

t.test('a duplicate extension is a 409 on the extension field', async (t) => {
  const r = await api.req('POST', '/api/v1/seats', { extension: '4001', name: 'again' });
  t.equal(r.status, 409);
  t.equal(r.body.error.field, 'extension');
});

t.test('updating and deleting a seat reaches Asterisk', async (t) => {
  const list = await api.get('/api/v1/seats?q=4002');
  const seat = list.items[0];
  const secret = secrets.get('4002');
  if (!secret) throw new Error('the secret of 4002 is not known: the test above did not create it');
  t.equal(seat.secret, secret, 'an admin sees the secret that was generated');
  let r = await api.req('PATCH', `/api/v1/seats/${seat.id}`, { name: '新名字', enabled: false });
  t.equal(r.status, 200);
  t.notMatch(await stack.box.cli('pjsip show endpoints'), /Endpoint:\s+4002\//, 'disabled seat unloaded');
  r = await api.req('DELETE', `/api/v1/seats/${seat.id}`);
  t.equal(r.status, 204);
  t.equal((await api.req('GET', `/api/v1/seats/${seat.id}`)).status, 404);
  const audit = await api.get('/api/v1/audit?entity=seat');
  t.ok(
    audit.items.some((a: any) => a.action === 'delete'),
    'deletion audited',
  );
  t.notOk(JSON.stringify(audit).includes(secret), 'audit never shows a secret');
});

t.test('a seat rename succeeds while unrelated queue and IVR contexts are stale in Asterisk', async (t) => {
  const queue = await api.req('POST', '/api/v1/queues', { name: 'Stale elsewhere' });
  t.equal(queue.status, 201, 'queue created');
  const created = await api.req('POST', '/api/v1/seats', { extension: '5001', name: 'Before' });
  t.equal(created.status, 201, 'seat created');
  // behind hotlined's back: the queue's context goes, stray queue and IVR contexts appear
  await stack.box.cli(`dialplan remove context hotline-queue-${queue.body.id}`);
  await stack.box.cli('dialplan add extension s,1,NoOp(stray) into hotline-queue-999');
  await stack.box.cli('dialplan add extension s,1,NoOp(stray) into hotline-ivr-999');
  const contexts = await stack.box.cli('dialplan show');
  t.match(contexts, /Context 'hotline-queue-999'/, 'the stray queue context is loaded');
  t.match(contexts, /Context 'hotline-ivr-999'/, 'the stray IVR context is loaded');
  t.notMatch(contexts, `Context 'hotline-queue-${queue.body.id}'`, "the queue's own context is gone");

  const renamed = await api.req('PATCH', `/api/v1/seats/${created.body.id}`, { name: 'After' });
  t.equal(
    renamed.status,
    200,
    `rename answered ${renamed.status} ${JSON.stringify(renamed.body?.error ?? '')}`,
  );
  t.match(await stack.box.cli('pjsip show endpoint 5001'), /"After" <5001>/, 'Asterisk has the new name');
  t.match(
    await stack.box.cli('dialplan show'),
    /Context 'hotline-ivr-999'/,
    'the dialplan was not reloaded for a change that did not touch it',
  );

  // put the dialplan back as the files say, for the tests after this one
  await stack.box.cli('dialplan reload');
  t.notMatch(
    await stack.box.cli('dialplan show'),
    /Context 'hotline-[a-z]+-999'/,
    'the reload dropped the strays',
  );
});

t.test('the API refuses anonymous callers and throttles password guessing', async (t) => {
  const anon = anonymous(stack.hotlined.url);
  t.equal((await anon.req('GET', '/api/v1/seats')).status, 401);
  t.equal((await anon.req('GET', '/api/v1/cdrs')).status, 401);
  t.equal((await anon.req('GET', '/api/v1/system/health')).status, 200, 'health is public');
  const health = JSON.stringify((await anon.req('GET', '/api/v1/system/health')).body);
  t.notMatch(health, /secret|password/i, 'health reveals no secrets');
  const statuses: number[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await anon.req('POST', '/api/v1/auth/login', {
      username: 'admin',
      password: `wrong-${i}-password`,
    });
    statuses.push(r.status);
  }
  t.ok(statuses.includes(429), `throttled after repeated failures: ${statuses.join(',')}`);
  const right = await anon.req('POST', '/api/v1/auth/login', stack.admin);
  t.equal(right.status, 429, 'even the right password is refused while throttled');
  const bad = await anon.req('POST', '/api/v1/auth/login', '{"username": ');
  t.equal(bad.status, 400, 'malformed JSON is a 400');
  t.notMatch(JSON.stringify(bad.body), /at .*\.js:\d+|SyntaxError/, 'no stack trace');
});
