import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import { type Stack, startStack } from '../../dev/stack.js';

let stack: Stack;
let carrier: CarrierInstance;
let api: Api;

t.before(async () => {
  stack = await startStack({ logLevel: 'warn' });
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
});
t.teardown(async () => {
  await carrier?.destroy();
  await stack?.stop();
});

const generated = (file: string) => readFileSync(path.join(stack.box.paths.confDir, 'hotline', file), 'utf8');
const trunkStatus = async (id: number) => (await api.get(`/api/v1/trunks/${id}`)).status;

const create = async (body: Record<string, unknown>) => {
  const r = await api.req('POST', '/api/v1/trunks', body);
  if (r.status !== 201) throw new Error(`trunk: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

t.test('an IP trunk to the carrier is loaded and shows reachable with a round-trip time', async (t) => {
  const trunk = await create({
    kind: 'sip',
    name: 'carrier',
    host: '127.0.0.2',
    port: carrier.ports.sip,
    auth: 'ip',
  });
  t.equal(trunk.endpoint, `trunk-${trunk.id}`);
  t.same(trunk.codecs, ['alaw', 'ulaw'], 'default codecs');
  t.equal(trunk.maxChannels, 30);
  t.equal(trunk.status.registration, 'none', 'an IP trunk does not register');
  t.match(await stack.box.cli('pjsip show endpoints'), new RegExp(`trunk-${trunk.id}`));
  const status = await until('trunk reachable', async () => {
    const s = await trunkStatus(trunk.id);
    return s.reachability === 'reachable' ? s : null;
  });
  t.type(status.rttMs, 'number', `rtt ${status.rttMs} ms`);
  const list = await api.get('/api/v1/trunks');
  t.equal(
    list.items.find((x: any) => x.id === trunk.id).status.reachability,
    'reachable',
    'status in the list',
  );
});

t.test('a registration trunk registers to the carrier; a wrong secret is rejected', async (t) => {
  const trunk = await create({
    kind: 'sip',
    name: '注册中继',
    host: '127.0.0.2',
    port: carrier.ports.sip,
    auth: 'registration',
    username: carrier.registrar.username,
    secret: carrier.registrar.password,
    codecs: ['alaw'],
  });
  t.equal(trunk.secret, carrier.registrar.password, 'the admin sees the secret');
  await until('registered', async () => (await trunkStatus(trunk.id)).registration === 'registered', 30_000);
  t.pass('registered');
  t.match(await stack.box.cli('pjsip show registrations'), /Registered/);

  const r = await api.req('PATCH', `/api/v1/trunks/${trunk.id}`, { secret: 'wrong-secret-1234' });
  t.equal(r.status, 200);
  await until('rejected', async () => (await trunkStatus(trunk.id)).registration === 'rejected', 30_000);
  t.pass('rejected with a wrong secret');
  await api.req('PATCH', `/api/v1/trunks/${trunk.id}`, { secret: carrier.registrar.password });
  await until(
    'registered again',
    async () => (await trunkStatus(trunk.id)).registration === 'registered',
    40_000,
  );
  t.pass('registered again');

  // the audit log has the change, never the secret
  const audit = await api.get('/api/v1/audit?entity=trunk&limit=50');
  const text = JSON.stringify(audit);
  t.notMatch(text, carrier.registrar.password, 'secret not in the audit log');
  t.notMatch(text, 'wrong-secret-1234');
  t.match(text, /\[redacted\]/);

  // a supervisor sees the trunk and its status, not the secret
  const cookieUser = await api.req('POST', '/api/v1/users', {
    username: 'banzhang',
    role: 'supervisor',
    password: 'correct horse battery',
  });
  t.equal(cookieUser.status, 201);
  const sup = await login(stack.hotlined.url, 'banzhang', 'correct horse battery');
  const seen = await sup.get(`/api/v1/trunks/${trunk.id}`);
  t.equal(seen.secret, undefined, 'no secret for a supervisor');
  t.equal(seen.hasSecret, true);
  t.equal(seen.status.registration, 'registered');
  t.equal((await sup.req('POST', '/api/v1/trunks', { kind: 'sip' })).status, 403, 'supervisor cannot create');
});

t.test('a trunk to a dead port shows unreachable', async (t) => {
  const trunk = await create({ kind: 'sip', name: 'dead', host: '127.0.0.2', port: 9, auth: 'ip' });
  await until(
    'unreachable',
    async () => (await trunkStatus(trunk.id)).reachability === 'unreachable',
    30_000,
  );
  t.pass('unreachable');
  t.equal((await trunkStatus(trunk.id)).rttMs, null);
});

t.test('status is read again from Asterisk after hotlined restarts', async (t) => {
  await stack.hotlined.stop();
  await stack.hotlined.start();
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  const list = await until('statuses after restart', async () => {
    const l = await api.get('/api/v1/trunks');
    const by = (n: string) => l.items.find((x: any) => x.name === n).status;
    return by('carrier').reachability === 'reachable' &&
      by('注册中继').registration === 'registered' &&
      by('dead').reachability === 'unreachable'
      ? l
      : null;
  });
  t.equal(list.total, 3);
});

const LONG = 'x'.repeat(10_000);
const HOSTILE: [field: string, value: unknown][] = [
  ['name', 'evil\n[trunk-9]\ntype=endpoint'],
  ['name', 'a;b'],
  ['name', '${SHELL(id)}'],
  ['name', '[x]'],
  ['name', LONG],
  ['name', ''],
  ['host', '127.0.0.2;x'],
  ['host', '127.0.0.2\nmatch=0.0.0.0/0'],
  ['host', '999.1.1.1'],
  ['host', '127.0.0.1/0'],
  ['host', 'sip.example.com:5060'],
  ['host', '-bad.example'],
  ['host', '${EXTEN}'],
  ['host', LONG],
  ['port', 0],
  ['port', 70000],
  ['port', '5060'],
  ['transport', 'tls'],
  ['auth', 'none'],
  ['username', 'user;x'],
  ['username', 'user\nname'],
  ['secret', 'sec ret'],
  ['secret', 'secret;comment'],
  ['secret', 'sec"ret'],
  ['secret', '${EXTEN}xx'],
  ['secret', LONG],
  ['codecs', ['alaw', 'g729']],
  ['codecs', 'alaw'],
  ['codecs', []],
  ['codecs', ['alaw', 'alaw']],
  ['maxChannels', 0],
  ['maxChannels', '30;'],
  ['callerId', { number: '123;4' }],
  ['callerId', { number: '123', name: 'a,b' }],
  ['callerId', { number: '123', name: '${CALLERID(num)}' }],
  ['callerId', { number: '123', presentation: 'hidden' }],
  ['callerId', '0215550100'],
  // 'e1' is a kind of its own now (E1 trunks); an unknown kind is still refused
  ['kind', 'isdn-bri'],
  ['context', 'from-internal'],
];

t.test(
  'hostile trunk input is refused with 400 naming the field; generated files stay byte-identical',
  async (t) => {
    const pjsip = generated('pjsip_trunks.conf');
    const dialplan = generated('extensions_trunks.conf');
    const base = {
      kind: 'sip',
      name: 'hostile',
      host: '192.0.2.1',
      auth: 'registration',
      username: 'u1',
      secret: 'good-secret',
    };
    for (const [field, value] of HOSTILE) {
      const r = await api.req('POST', '/api/v1/trunks', { ...base, [field]: value });
      t.equal(r.status, 400, `${field}=${JSON.stringify(value).slice(0, 40)} → 400`);
      t.equal(
        String(r.body?.error?.field).split('.')[0],
        field,
        `error names ${field} (${r.body?.error?.field})`,
      );
    }
    // PATCH too, against an existing trunk
    const id = (await api.get('/api/v1/trunks')).items[0].id;
    for (const [field, value] of HOSTILE.filter(([f]) => f !== 'kind')) {
      const r = await api.req('PATCH', `/api/v1/trunks/${id}`, { [field]: value });
      t.equal(r.status, 400, `PATCH ${field}=${JSON.stringify(value).slice(0, 40)} → 400`);
      t.equal(String(r.body?.error?.field).split('.')[0], field, `PATCH names ${field}`);
    }
    const missing = await api.req('POST', '/api/v1/trunks', { ...base, secret: undefined });
    t.equal(missing.status, 400);
    t.equal(missing.body.error.field, 'secret', 'registration needs a secret');
    t.equal(generated('pjsip_trunks.conf'), pjsip, 'pjsip_trunks.conf byte-identical');
    t.equal(generated('extensions_trunks.conf'), dialplan, 'extensions_trunks.conf byte-identical');
  },
);

t.test('a Chinese name works, a duplicate name is a conflict, delete removes the endpoint', async (t) => {
  const trunk = await create({ kind: 'sip', name: '电信 备用', host: '198.51.100.7', auth: 'ip' });
  t.equal(trunk.name, '电信 备用');
  const dup = await api.req('POST', '/api/v1/trunks', {
    kind: 'sip',
    name: '电信 备用',
    host: '198.51.100.8',
    auth: 'ip',
  });
  t.equal(dup.status, 409);
  t.equal(dup.body.error.field, 'name');
  t.match(generated('pjsip_trunks.conf'), `[trunk-${trunk.id}]`);
  t.equal((await api.req('DELETE', `/api/v1/trunks/${trunk.id}`)).status, 204);
  t.notMatch(generated('pjsip_trunks.conf'), `[trunk-${trunk.id}]`);
  t.notMatch(await stack.box.cli('pjsip show endpoints'), new RegExp(`trunk-${trunk.id}\\b`));
  t.equal((await api.req('GET', `/api/v1/trunks/${trunk.id}`)).status, 404);
});
