import t, { type Test } from 'tap';
import { translateQueueEvent } from '../../src/asterisk/queue-events.js';
import { localMidnight } from '../../src/live/model.js';
import { type LiveApp, startLiveApp } from '../support/live-app.js';
import { join, member } from '../support/live-frames.js';
import { openSse } from '../support/sse-client.js';

const T0 = (localMidnight(Date.now()) + 10 * 3600_000) / 1000;

async function app(t: Test, opts: Parameters<typeof startLiveApp>[0] = {}): Promise<LiveApp> {
  const a = await startLiveApp({ hub: { flushMs: 20, heartbeatMs: 200 }, ...opts });
  t.teardown(() => a.close());
  return a;
}

const feed = (a: LiveApp, ...frames: Parameters<typeof translateQueueEvent>[0][]) => {
  for (const f of frames) translateQueueEvent(f, a.bus);
};

t.test('a client gets a snapshot, then deltas as events arrive', async (t) => {
  const a = await app(t);
  feed(a, member('QueueMemberAdded', { queue: 'q1', ext: '1001', ts: T0 }));
  const sse = await openSse(`${a.url}/api/v1/live`, { cookie: await a.login() });
  t.teardown(() => sse.close());
  t.equal(sse.status, 200);
  const first = await sse.waitFor(() => true, 'first event');
  t.equal(first.event, 'snapshot');
  const snap = JSON.parse(first.data);
  t.equal(snap.agents['1001'].name, '张三');
  t.equal(snap.agents['1001'].state, 'available');
  t.equal(snap.queues.q1.name, '客服一组');
  t.same(snap.queues.q1.thresholds, { slTargetPct: 80, longestWaitLimitSec: 60 });
  t.same(
    snap.banners.map((b: any) => `${b.code}:${b.subject}`),
    ['asterisk_disconnected:ami', 'asterisk_disconnected:ari'],
    'nothing connected yet',
  );

  feed(a, join('q1', { uniqueid: `${T0}.1`, number: '13800138000', ts: T0 + 1 }, 1));
  const delta = await sse.waitFor((e) => e.event === 'delta' && e.data.includes('13800138000'), 'delta');
  const d = JSON.parse(delta.data);
  t.equal(d.queues.q1.waitingCount, 1);
  t.equal(d.queues.q1.longestWaitSince, new Date((T0 + 1) * 1000).toISOString());
  t.notOk(d.agents, 'only what changed');
  t.match(delta.id, /^[0-9a-z]+-[0-9]+$/);

  a.bus.emit('ami.state', { state: 'connected', since: Date.now() });
  a.bus.emit('ari.state', { state: 'connected', since: Date.now() });
  const cleared = await sse.waitFor(
    (e) => e.event === 'delta' && e.data.includes('"banners":[]'),
    'no banners',
  );
  t.equal(JSON.parse(cleared.data).asterisk.ami.state, 'connected');
});

t.test('a burst of events is coalesced into few deltas', async (t) => {
  const a = await app(t, { hub: { flushMs: 100, heartbeatMs: 10_000 } });
  const sse = await openSse(`${a.url}/api/v1/live`, { cookie: await a.login() });
  t.teardown(() => sse.close());
  await sse.waitFor((e) => e.event === 'snapshot', 'snapshot');
  for (let i = 1; i <= 200; i++) {
    feed(a, join('q1', { uniqueid: `${T0}.${i}`, number: `1380000${i}`, ts: T0 + 1 }, i));
  }
  const last = await sse.waitFor((e) => e.data.includes('"waitingCount":200'), 'all 200 callers');
  const deltas = sse.events.filter((e) => e.event === 'delta');
  t.ok(deltas.length <= 3, `200 joins in ${deltas.length} deltas`);
  t.equal(JSON.parse(last.data).queues.q1.waiting.length, 50, 'the first 50 callers are listed');
});

t.test('heartbeat comments keep the stream alive', async (t) => {
  const a = await app(t);
  const sse = await openSse(`${a.url}/api/v1/live`, { cookie: await a.login() });
  t.teardown(() => sse.close());
  const c = await sse.waitForComment((x) => x.startsWith('heartbeat'), 2000);
  t.match(c, /^heartbeat \d{4}-\d\d-\d\dT/);
});

t.test('a client reconnecting with Last-Event-ID gets what it missed, or a snapshot', async (t) => {
  const a = await app(t, { hub: { flushMs: 10, heartbeatMs: 10_000, bufferSize: 3 } });
  const cookie = await a.login();
  const one = await openSse(`${a.url}/api/v1/live`, { cookie });
  const snap = await one.waitFor((e) => e.event === 'snapshot', 'snapshot');
  feed(a, join('q1', { uniqueid: `${T0}.1`, number: '111', ts: T0 }, 1));
  const d1 = await one.waitFor((e) => e.data.includes('"111"'), 'first delta');
  one.close();

  // missed two deltas while away
  feed(a, join('q1', { uniqueid: `${T0}.2`, number: '222', ts: T0 }, 2));
  a.live.hub.flush();
  feed(a, join('q1', { uniqueid: `${T0}.3`, number: '333', ts: T0 }, 3));
  a.live.hub.flush();
  const back = await openSse(`${a.url}/api/v1/live`, { cookie, 'last-event-id': d1.id! });
  t.teardown(() => back.close());
  const got = await back.waitFor((e) => e.data.includes('"333"'), 'missed deltas');
  t.same(
    back.events.map((e) => e.event),
    ['delta', 'delta'],
    'the two missed deltas, no snapshot',
  );
  t.ok(back.events[0]!.data.includes('"222"'));
  t.not(got.id, d1.id);

  // an id from before the buffer (or another process) gets a fresh snapshot
  for (let i = 4; i <= 8; i++) {
    feed(a, join('q1', { uniqueid: `${T0}.${i}`, number: `${i}`, ts: T0 }, i));
    a.live.hub.flush();
  }
  for (const stale of [snap.id!, 'zzzz-1', 'garbage']) {
    const again = await openSse(`${a.url}/api/v1/live?lastEventId=${encodeURIComponent(stale)}`, { cookie });
    const e = await again.waitFor(() => true, 'first event');
    again.close();
    t.equal(e.event, 'snapshot', `${stale}: snapshot`);
    t.equal(JSON.parse(e.data).queues.q1.waitingCount, 8);
  }
});

t.test('the wallboard token opens the stream; no token is refused with 401', async (t) => {
  const a = await app(t);
  const wb = await a.token('wallboard');
  for (const q of [`token=${wb}`, `wallboard_token=${wb}`]) {
    const sse = await openSse(`${a.url}/api/v1/live?${q}`);
    t.equal(sse.status, 200, q.split('=')[0]!);
    t.equal((await sse.waitFor(() => true, 'snapshot')).event, 'snapshot');
    sse.close();
  }
  const bearer = await openSse(`${a.url}/api/v1/live`, { authorization: `Bearer ${await a.token('api')}` });
  t.equal(bearer.status, 200, 'an API token as bearer');
  bearer.close();

  const none = await openSse(`${a.url}/api/v1/live`);
  t.equal(none.status, 401);
  t.equal(JSON.parse(none.body).error.code, 'unauthorized');
  const wrong = await openSse(`${a.url}/api/v1/live?token=hl_nottherealtoken`);
  t.equal(wrong.status, 401, 'a wrong token');
  const api = await a.token('api');
  const apiInUrl = await openSse(`${a.url}/api/v1/live?token=${api}`);
  t.equal(apiInUrl.status, 401, 'only wallboard tokens are accepted in a URL');
  const put = await fetch(`${a.url}/api/v1/live/thresholds/1?token=${wb}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ slTargetPct: 90, longestWaitLimitSec: 30 }),
  });
  t.equal(put.status, 401, 'the ?token= shortcut is for the stream only');
});

t.test('agents and wallboard tokens see callers’ numbers masked unless the site shows them', async (t) => {
  const a = await app(t);
  const admin = await a.login();
  const agent = await a.createUser('zuoxi', 'agent');
  const wb = await a.token('wallboard');
  feed(a, join('q1', { uniqueid: `${T0}.1`, number: '13800138000', name: '13800138000', ts: T0 }, 1));
  a.bus.emit('channel.created', {
    uniqueid: `${T0}.1`,
    linkedid: `${T0}.1`,
    channel: 'PJSIP/trunk-1-00000001',
    state: 'Up',
    callerIdNum: '+8613800138000',
    connectedLineNum: '',
    exten: '02088886666',
    context: 'from-trunks',
    at: T0 * 1000,
  });
  const first = async (url: string, headers: Record<string, string> = {}) => {
    const sse = await openSse(url, headers);
    const e = await sse.waitFor((x) => x.event === 'snapshot', 'snapshot');
    sse.close();
    return e.data;
  };
  const full = await first(`${a.url}/api/v1/live`, { cookie: admin });
  t.ok(full.includes('13800138000'), 'an admin sees the number');
  for (const [who, data] of [
    ['agent', await first(`${a.url}/api/v1/live`, { cookie: agent })],
    ['wallboard', await first(`${a.url}/api/v1/live?token=${wb}`)],
  ] as const) {
    const snap = JSON.parse(data);
    t.notOk(data.includes('13800138000') || data.includes('02088886666'), `${who}: no whole number anywhere`);
    t.equal(snap.queues.q1.waiting[0].callerIdNum, '138****8000', who);
    t.equal(snap.queues.q1.waiting[0].callerIdName, '138****8000', who);
    const call = Object.values(snap.calls)[0] as { from: string; to: string };
    t.equal(call.from, '+861****8000', who);
    t.equal(call.to, '020****6666', who);
  }

  const put = await fetch(`${a.url}/api/v1/live/settings`, {
    method: 'PUT',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ diskWarnPct: 90, showCallerNumbers: true }),
  });
  t.equal(put.status, 200);
  t.equal(((await put.json()) as any).showCallerNumbers, true);
  t.ok(
    (await first(`${a.url}/api/v1/live?token=${wb}`)).includes('13800138000'),
    'shown once the site says so',
  );
  const keep = await fetch(`${a.url}/api/v1/live/settings`, {
    method: 'PUT',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ diskWarnPct: 85 }),
  });
  t.equal(((await keep.json()) as any).showCallerNumbers, true, 'a PUT without it keeps the setting');
  const bad = await fetch(`${a.url}/api/v1/live/settings`, {
    method: 'PUT',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ diskWarnPct: 85, showCallerNumbers: 'yes' }),
  });
  t.equal(bad.status, 400);
  t.equal(((await bad.json()) as any).error.field, 'showCallerNumbers');
});

t.test('wallboard thresholds per queue: validated, audited, pushed to the stream', async (t) => {
  const a = await app(t);
  const admin = await a.login();
  const call = async (method: string, p: string, cookie: string, body?: unknown) => {
    const r = await fetch(a.url + p, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, json: (await r.json()) as any };
  };
  t.same((await call('GET', '/api/v1/live/thresholds/1', admin)).json, {
    queueId: 1,
    slTargetPct: 80,
    longestWaitLimitSec: 60,
  });
  const sse = await openSse(`${a.url}/api/v1/live`, { cookie: admin });
  t.teardown(() => sse.close());
  await sse.waitFor((e) => e.event === 'snapshot', 'snapshot');
  const sup = await a.createUser('banzhang', 'supervisor');
  const ok = await call('PUT', '/api/v1/live/thresholds/1', sup, {
    slTargetPct: 90,
    longestWaitLimitSec: 30,
  });
  t.equal(ok.status, 200);
  t.same(ok.json, { queueId: 1, slTargetPct: 90, longestWaitLimitSec: 30 });
  // q1 is on the stream once it exists; it is known to the directory
  feed(a, join('q1', { uniqueid: `${T0}.1`, number: '1', ts: T0 }, 1));
  const d = await sse.waitFor((e) => e.data.includes('"slTargetPct":90'), 'thresholds on the stream');
  t.equal(JSON.parse(d.data).queues.q1.thresholds.longestWaitLimitSec, 30);
  const audit = a.db
    .prepare("SELECT username, entity, entity_id, after FROM audit_log WHERE entity = 'wallboard_thresholds'")
    .all() as any[];
  t.equal(audit.length, 1);
  t.equal(audit[0].username, 'banzhang');

  const bad: [unknown, string][] = [
    [{ slTargetPct: 0, longestWaitLimitSec: 30 }, 'slTargetPct'],
    [{ slTargetPct: 101, longestWaitLimitSec: 30 }, 'slTargetPct'],
    [{ slTargetPct: '90;[x]', longestWaitLimitSec: 30 }, 'slTargetPct'],
    [{ slTargetPct: 80.5, longestWaitLimitSec: 30 }, 'slTargetPct'],
    [{ slTargetPct: 80, longestWaitLimitSec: 3601 }, 'longestWaitLimitSec'],
    [{ slTargetPct: 80, longestWaitLimitSec: '${EXTEN}' }, 'longestWaitLimitSec'],
    [{ slTargetPct: 80 }, 'longestWaitLimitSec'],
    [{ slTargetPct: 80, longestWaitLimitSec: 30, 客服: 'x'.repeat(10_000) }, '客服'],
  ];
  for (const [body, field] of bad) {
    const r = await call('PUT', '/api/v1/live/thresholds/1', admin, body);
    t.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
    t.equal(r.json.error.field, field);
  }
  t.equal((await call('PUT', '/api/v1/live/thresholds/abc', admin, {})).json.error.field, 'id');
  t.equal(
    (await call('PUT', '/api/v1/live/thresholds/99', admin, { slTargetPct: 80, longestWaitLimitSec: 30 }))
      .status,
    404,
  );
  const agent = await a.createUser('zuoxi', 'agent');
  t.equal(
    (await call('PUT', '/api/v1/live/thresholds/1', agent, { slTargetPct: 80, longestWaitLimitSec: 30 }))
      .status,
    403,
  );
  t.equal((await call('GET', '/api/v1/live/thresholds/1', agent)).status, 403);
});

t.test('disk almost full raises a banner at the configured threshold', async (t) => {
  let usedPct = 85;
  const a = await app(t, {
    diskUsage: async (paths) => paths.map((p) => ({ ...p, usedPct })),
    diskPollMs: 100,
  });
  const admin = await a.login();
  const sse = await openSse(`${a.url}/api/v1/live`, { cookie: admin });
  t.teardown(() => sse.close());
  const snap = JSON.parse((await sse.waitFor((e) => e.event === 'snapshot', 'snapshot')).data);
  t.notOk(
    snap.banners.some((b: any) => b.code === 'disk_full'),
    '85 % is below the default 90 %',
  );
  const put = (body: unknown) =>
    fetch(`${a.url}/api/v1/live/settings`, {
      method: 'PUT',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const bad = await put({ diskWarnPct: 49 });
  t.equal(bad.status, 400);
  t.equal(((await bad.json()) as any).error.field, 'diskWarnPct');
  t.equal((await put({ diskWarnPct: 80 })).status, 200);
  const d = await sse.waitFor((e) => e.data.includes('disk_full'), 'disk banner');
  const banner = JSON.parse(d.data).banners.find((b: any) => b.code === 'disk_full');
  t.same(banner.data, { path: a.dir, usedPct: 85, thresholdPct: 80 });
  usedPct = 70; // files deleted: the next poll clears it
  const seen = sse.events.length;
  const gone = await sse.waitFor((e) => {
    const b = JSON.parse(e.data).banners;
    return sse.events.indexOf(e) >= seen && Array.isArray(b) && !b.some((x: any) => x.code === 'disk_full');
  }, 'banner gone');
  t.equal(JSON.parse(gone.data).banners.length, 2, 'only the Asterisk banners remain');
});
