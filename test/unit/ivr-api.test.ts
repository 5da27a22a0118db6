import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type Api, login } from '../../dev/api-client.js';
import { startTestBox, type TestBox } from '../support/box.js';

/**
 * The IVR API in-process, in the box as hotlined builds it (seats,
 * schedules, inbound routes, prompts, announcements, IVRs sharing one
 * destinations registry), on a real SQLite file. Asterisk is "disconnected":
 * files are written and reloads deferred, so this tests validation, storage
 * and generation.
 */
let api: Api;
let base: string;
let confDir: string;
let adminLogin: (u: string, p: string) => Promise<Api>;
let box: TestBox | undefined;
const prompts: number[] = [];
let scheduleId = 0;

t.before(async () => {
  box = await startTestBox({
    settings: (s) => {
      s.asterisk.spoolDir = '/var/spool/asterisk';
      s.asterisk.promptDir = '/var/lib/asterisk/sounds/hotline';
    },
  });
  const { dir, admin } = box;
  confDir = box.settings.generatedDir;
  base = box.url;
  adminLogin = (u, p) => login(base, u, p);
  api = box.api;

  for (const extension of ['1001', '1002', '1003']) {
    const r = await api.req('POST', '/api/v1/seats', { extension, name: `坐席 ${extension}` });
    if (r.status !== 201) throw new Error(`seat ${extension}: ${r.status}`);
  }
  const tone = path.join(dir, 'tone.wav');
  execFileSync('/usr/bin/sox', ['-n', '-r', '8000', '-c', '1', tone, 'synth', '0.5', 'sine', '440']);
  const loggedIn = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: admin.username, password: admin.password }),
  });
  const cookie = (loggedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  for (const name of ['欢迎', '主菜单', '无效按键']) {
    const res = await fetch(`${base}/api/v1/prompts?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'audio/wav', cookie },
      body: readFileSync(tone),
    });
    if (res.status !== 201) throw new Error(`prompt ${name}: ${res.status} ${await res.text()}`);
  }
  const list = await api.get('/api/v1/prompts');
  prompts.push(...list.items.map((p: { id: number }) => p.id));
  const s = await api.req('POST', '/api/v1/schedules', {
    name: '工作时间',
    weekly: { mon: ['09:00-18:00'] },
  });
  scheduleId = s.body.id;
});
t.teardown(() => box?.close());

const file = (name: string) => readFileSync(path.join(confDir, name), 'utf8');

function tree(p = prompts) {
  return {
    start: 'welcome',
    nodes: {
      welcome: { type: 'play', name: '欢迎', promptId: p[0], next: 'who' },
      who: { type: 'lookup', next: 'main' },
      main: {
        type: 'menu',
        name: '主菜单',
        promptId: p[1],
        invalidPromptId: p[2],
        options: { '1': 'sales', '2': 'service', '3': 'hours' },
        onTimeout: 'service',
        onInvalid: 'bye',
      },
      hours: { type: 'schedule', scheduleId, open: 'service', closed: 'bye' },
      sales: { type: 'transfer', destination: { type: 'seat', extension: '1001' } },
      service: { type: 'transfer', destination: { type: 'seat', extension: '1003' } },
      bye: { type: 'hangup' },
    },
  };
}

t.test('setup made three prompts', async (t) => {
  t.equal(prompts.length, 3, 'prompt uploads worked (sox)');
});

t.test('an IVR is created, read, listed, edited and generated; every change audited', async (t) => {
  const r = await api.req('POST', '/api/v1/ivrs', { name: '客服热线', tree: tree() });
  t.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  t.equal(r.body.context, `hotline-ivr-${id}`);
  t.equal(r.body.fallback, null);
  t.match(r.body.createdAt, /^\d{4}-\d\d-\d\dT/, 'ISO timestamps');
  t.match(r.body.tree.nodes.main, { timeoutSeconds: 5, retries: 2 }, 'defaults stored');

  const conf = file('extensions_ivr.conf');
  t.match(
    conf,
    // a lookup tree runs in Stasis; it takes over the path a compiled IVR before it may have kept
    `[hotline-ivr-${id}]\nexten => s,1,Answer()\n same => n,Set(LOCAL(path)=\${IF($["\${HOTLINE_IVR_PATH}" != ""]?\${HOTLINE_IVR_PATH}:\${CDR(ivrpath)})})\n same => n,Set(HOTLINE_IVR_PATH=)\n same => n,Stasis(hotline,ivr,${id},\${path})\n same => n,Return()`,
  );
  // leaving the app, the path goes where a compiled IVR next would read it
  t.match(
    conf,
    `exten => t1,1,NoOp(ivr ${id} node sales)\n same => n,Set(HOTLINE_IVR_PATH=\${CDR(ivrpath)})\n same => n,Gosub(hotline-call-seat,s,1(1001,30))`,
  );
  t.match(conf, `exten => t2,1,NoOp(ivr ${id} node service)`);
  t.notMatch(conf, '客服', 'display names never reach the dialplan');

  const got = await api.get(`/api/v1/ivrs/${id}`);
  t.same(got.tree, r.body.tree);
  const list = await api.get('/api/v1/ivrs?limit=1&offset=0');
  t.equal(list.items.length, 1);
  t.ok(list.total >= 1);
  t.equal(list.limit, 1);

  const upd = await api.req('PATCH', `/api/v1/ivrs/${id}`, {
    fallback: { type: 'seat', extension: '1002' },
  });
  t.equal(upd.status, 200, JSON.stringify(upd.body));
  t.match(
    file('extensions_ivr.conf'),
    ` same => n,Stasis(hotline,ivr,${id},\${path})\n same => n,NoOp(ivr ${id} fallback)\n same => n,Set(HOTLINE_IVR_PATH=\${CDR(ivrpath)})\n same => n,Gosub(hotline-call-seat,s,1(1002,30))`,
  );

  const audit = await api.get('/api/v1/audit?entity=ivr');
  const mine = (audit.items ?? audit).filter(
    (a: any) => a.entity === 'ivr' && String(a.entityId) === String(id),
  );
  t.same(mine.map((a: any) => a.action).sort(), ['create', 'update']);

  t.equal((await api.req('DELETE', `/api/v1/ivrs/${id}`)).status, 204);
  t.notMatch(file('extensions_ivr.conf'), `[hotline-ivr-${id}]`);
  t.equal((await api.req('GET', `/api/v1/ivrs/${id}`)).status, 404);
});

t.test('hostile input is refused with 400 naming the field; the dialplan stays byte-identical', async (t) => {
  const ok = await api.req('POST', '/api/v1/ivrs', { name: 'ok', tree: tree() });
  t.equal(ok.status, 201);
  const before = file('extensions_ivr.conf');
  const bad = (mutate: (b: any) => void) => {
    const b: any = { name: 'x', tree: tree() };
    mutate(b);
    return b;
  };
  const cases: [unknown, string][] = [
    [bad((b) => (b.tree.nodes.main.options['2'] = 'nowhere')), 'tree.nodes.main.options.2'],
    [bad((b) => (b.tree.nodes.main.type = 'System')), 'tree.nodes.main.type'],
    [bad((b) => (b.tree.nodes['a;b'] = { type: 'hangup' })), 'tree.nodes'],
    [bad((b) => (b.tree.nodes['a\nb'] = { type: 'hangup' })), 'tree.nodes'],
    [bad((b) => (b.tree.nodes.welcome.promptId = 99_999)), 'tree.nodes.welcome.promptId'],
    [bad((b) => (b.tree.nodes.main.invalidPromptId = 99_999)), 'tree.nodes.main.invalidPromptId'],
    [bad((b) => (b.tree.nodes.hours.scheduleId = 99_999)), 'tree.nodes.hours.scheduleId'],
    [
      bad((b) => (b.tree.nodes.sales.destination.extension = '4321')),
      'tree.nodes.sales.destination.extension',
    ],
    [
      bad((b) => (b.tree.nodes.sales.destination = { type: 'ivr', ivrId: 99_999 })),
      'tree.nodes.sales.destination.ivrId',
    ],
    [
      bad((b) => (b.tree.nodes.sales.destination = { type: 'queue', queueId: 1 })),
      'tree.nodes.sales.destination.queueId',
    ],
    [
      bad((b) => (b.tree.nodes.sales.destination = { type: 'seat', extension: '1001,1,System(id)' })),
      'tree.nodes.sales.destination.extension',
    ],
    [bad((b) => (b.fallback = { type: 'voicemail', extension: '9999' })), 'fallback.extension'],
    [bad((b) => (b.name = 'x\n[hotline-seats]')), 'name'],
    [bad((b) => (b.name = 'x'.repeat(10_000))), 'name'],
    [bad((b) => (b.tree.nodes.bye = { type: 'play', promptId: prompts[0], next: 'bye' })), 'tree.nodes.bye'],
    [bad((b) => (b.exten = '_X.')), 'exten'],
    [{ name: 'x' }, 'tree'],
  ];
  for (const [body, field] of cases) {
    const r = await api.req('POST', '/api/v1/ivrs', body);
    t.equal(r.status, 400, `${field}: ${JSON.stringify(r.body).slice(0, 120)}`);
    t.equal(r.body?.error?.field, field, JSON.stringify(r.body).slice(0, 160));
  }
  const self = await api.req('PATCH', `/api/v1/ivrs/${ok.body.id}`, {
    tree: bad((b) => (b.tree.nodes.sales.destination = { type: 'ivr', ivrId: ok.body.id })).tree,
  });
  t.equal(self.body?.error?.field, 'tree.nodes.sales.destination.ivrId', 'no transfer into itself');
  t.equal(file('extensions_ivr.conf'), before, 'byte-identical after every refusal');
});

t.test('a 10,000-node tree is a 400 naming tree.nodes; a body past the JSON limit is a 413', async (t) => {
  const nodes: Record<string, unknown> = {};
  for (let i = 0; i < 10_000; i++) nodes[i.toString(36)] = { type: 'hangup' };
  const body = JSON.stringify({ name: 'huge', tree: { start: '0', nodes } });
  t.ok(body.length < 256 * 1024, `the 10,000-node body (${body.length} bytes) fits the JSON limit`);
  const r = await api.req('POST', '/api/v1/ivrs', body);
  t.equal(r.status, 400);
  t.equal(r.body.error.field, 'tree.nodes');
  t.match(r.body.error.message, /at most 200 nodes/);

  const big = JSON.stringify({
    name: 'x',
    tree: { start: 'a', nodes: { a: { type: 'hangup', name: 'x'.repeat(2_000_000) } } },
  });
  const r2 = await api.req('POST', '/api/v1/ivrs', big);
  t.equal(r2.status, 413, 'too large: a 4xx, not a 500');
  t.equal(r2.body.error.field, 'body');
  const r3 = await api.req('POST', '/api/v1/ivrs', '{"name": "x", "tree": {');
  t.equal(r3.status, 400, 'malformed JSON');
});

t.test('what an IVR uses cannot be deleted; an IVR in use cannot be deleted', async (t) => {
  const ivr = await api.req('POST', '/api/v1/ivrs', { name: '在用', tree: tree() });
  t.equal(ivr.status, 201);
  const id = ivr.body.id;
  const delPrompt = await api.req('DELETE', `/api/v1/prompts/${prompts[2]}`);
  t.equal(delPrompt.status, 409, 'the invalid-key prompt is in use');
  t.match(delPrompt.body.error.message, `ivr ${id}`);
  const seat = (await api.get('/api/v1/seats')).items.find((x: any) => x.extension === '1003');
  const delSeat = await api.req('DELETE', `/api/v1/seats/${seat.id}`);
  t.equal(delSeat.status, 409, 'a transfer target seat is in use');
  const delSched = await api.req('DELETE', `/api/v1/schedules/${scheduleId}`);
  t.equal(delSched.status, 409, 'a schedule node counts as a use');
  t.match(delSched.body.error.message, `ivr ${id} "在用" node hours`);

  const route = await api.req('POST', '/api/v1/inbound-routes', {
    did: '4008001234',
    destination: { type: 'ivr', ivrId: id },
    fallback: { type: 'seat', extension: '1002' },
  });
  t.equal(route.status, 201, JSON.stringify(route.body));
  const del = await api.req('DELETE', `/api/v1/ivrs/${id}`);
  t.equal(del.status, 409);
  t.match(del.body.error.message, 'inbound route');
  t.match(
    file('extensions_inbound.conf'),
    `GosubIf(\${DIALPLAN_EXISTS(hotline-ivr-${id},s,1)}?hotline-ivr-${id},s,1)`,
  );
  t.equal((await api.req('DELETE', `/api/v1/inbound-routes/${route.body.id}`)).status, 204);
  t.equal((await api.req('DELETE', `/api/v1/ivrs/${id}`)).status, 204);
});

t.test('supervisors read, agents and anonymous callers cannot; only admins write', async (t) => {
  for (const [username, role] of [
    ['sup1', 'supervisor'],
    ['agent1', 'agent'],
  ] as const) {
    const r = await api.req('POST', '/api/v1/users', { username, role, password: 'correct horse battery' });
    t.equal(r.status, 201);
  }
  const sup = await adminLogin('sup1', 'correct horse battery');
  const agent = await adminLogin('agent1', 'correct horse battery');
  t.equal((await sup.req('GET', '/api/v1/ivrs')).status, 200);
  t.equal((await sup.req('POST', '/api/v1/ivrs', { name: 'x', tree: tree() })).status, 403);
  t.equal((await agent.req('GET', '/api/v1/ivrs')).status, 403);
  t.equal((await fetch(`${base}/api/v1/ivrs`)).status, 401);
  t.equal((await api.req('GET', '/api/v1/ivrs/abc')).body.error.field, 'id');
  t.equal((await api.req('GET', '/api/v1/ivrs?limit=100000')).status, 400);
});
