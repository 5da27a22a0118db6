import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import type { Api } from '../../dev/api-client.js';
import { startTestBox, type TestBox } from '../support/box.js';

/**
 * The schedules and inbound-routes API in-process, in the box as hotlined
 * builds it, on a real SQLite file. Asterisk is "disconnected": files are
 * written and the reload is deferred, so what is tested here is validation
 * and generation.
 */
let api: Api;
let box: TestBox | undefined;

t.before(async () => {
  box = await startTestBox({ seats: ['1001', '1002'] });
  api = box.api;
});
t.teardown(() => box?.close());

const file = (name: string) => readFileSync(path.join(box!.settings.generatedDir, name), 'utf8');
const LONG = 'x'.repeat(10_000);
const WEEK = { mon: ['09:00-18:00'], tue: ['09:00-18:00'] };

t.test('a schedule with a Chinese name is created, listed, evaluated and generated', async (t) => {
  const r = await api.req('POST', '/api/v1/schedules', {
    name: '客服时间',
    timeZone: 'Asia/Shanghai',
    weekly: WEEK,
    closedDates: [{ date: '2099-10-01', name: '国庆节' }],
    openDates: [{ date: '2099-10-10', name: '调休' }],
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  t.equal(r.body.name, '客服时间');
  t.same(r.body.weekly.sun, []);
  const id = r.body.id;
  t.match(file('extensions_schedules.conf'), `[hotline-schedule-${id}]`);
  const s = await api.get(`/api/v1/schedules/${id}/status?at=2099-10-01T02:00:00Z`);
  t.match(s, { open: false, reason: 'closed-date', timeZone: 'Asia/Shanghai', local: { time: '10:00' } });
  const m = await api.get(`/api/v1/schedules/${id}/status?at=2099-09-28T02:00:00Z`);
  t.match(m, { open: true, reason: 'weekly' }, 'Monday 10:00 in Shanghai');
  t.equal((await api.get('/api/v1/schedules')).total, 1);
  const def = await api.req('POST', '/api/v1/schedules', { name: 'default zone' });
  t.equal(def.body.timeZone, Intl.DateTimeFormat().resolvedOptions().timeZone, "defaults to the box's zone");
  t.equal((await api.req('GET', `/api/v1/schedules/${id}/status?at=yesterday`)).body.error.field, 'at');
});

const SCHEDULE_HOSTILE: [string, Record<string, unknown>][] = [
  ['name', { name: 'a\n[evil]' }],
  ['name', { name: 'a;b' }],
  ['name', { name: '${SHELL(id)}' }],
  ['name', { name: 'say "hi"' }],
  ['name', { name: LONG }],
  ['name', { name: '' }],
  ['timeZone', { timeZone: 'Asia/Shanghai?open' }],
  ['timeZone', { timeZone: 'Asia/Shanghai,1' }],
  ['timeZone', { timeZone: 'Nowhere/City' }],
  ['timeZone', { timeZone: '${TZ}' }],
  ['timeZone', { timeZone: LONG }],
  ['weekly.mon.0', { weekly: { mon: ['09:00-18:00,*,*,*?evil'] } }],
  ['weekly.mon.0', { weekly: { mon: ['18:00-09:00'] } }],
  ['weekly.mon.0', { weekly: { mon: ['09:00-18:00\n'] } }],
  ['weekly.mon', { weekly: { mon: '09:00-18:00' } }],
  ['weekly.funday', { weekly: { funday: [] } }],
  ['closedDates.0.date', { closedDates: [{ date: '2026-13-01', name: 'x' }] }],
  ['closedDates.0.date', { closedDates: [{ date: '2026-10-01;', name: 'x' }] }],
  ['closedDates.0.name', { closedDates: [{ date: '2026-10-01', name: 'x\ny' }] }],
  ['closedDates.0.name', { closedDates: [{ date: '2026-10-01' }] }],
  ['openDates.0.hours.0', { openDates: [{ date: '2026-10-10', hours: ['[09:00-18:00]'] }] }],
  ['openDates.0.hours', { openDates: [{ date: '2026-10-10', hours: [] }] }],
  [
    'openDates.0.date',
    { closedDates: [{ date: '2026-10-10', name: 'x' }], openDates: [{ date: '2026-10-10' }] },
  ],
  ['context', { context: 'from-internal' }],
];

t.test(
  'hostile schedule input is refused with 400 naming the field; files stay byte-identical',
  async (t) => {
    const before = file('extensions_schedules.conf');
    const existing = (await api.get('/api/v1/schedules')).items[0];
    for (const [field, patch] of SCHEDULE_HOSTILE) {
      const r = await api.req('POST', '/api/v1/schedules', { name: 'ok', ...patch });
      t.equal(r.status, 400, `${field}: ${JSON.stringify(patch).slice(0, 60)} → 400`);
      t.equal(r.body?.error?.field, field, `names ${field}`);
      if (field === 'context' || field === 'name') continue;
      const u = await api.req('PATCH', `/api/v1/schedules/${existing.id}`, patch);
      t.equal(u.status, 400, `PATCH ${field} → 400`);
      t.equal(u.body?.error?.field, field, `PATCH names ${field}`);
    }
    t.equal(file('extensions_schedules.conf'), before, 'extensions_schedules.conf byte-identical');
    const dup = await api.req('POST', '/api/v1/schedules', { name: '客服时间' });
    t.equal(dup.status, 409);
    t.equal(dup.body.error.field, 'name');
  },
);

const seatDest = (extension: string) => ({ type: 'seat', extension });

t.test('inbound routes are listed in the order Asterisk matches them, with their rank', async (t) => {
  const schedule = (await api.get('/api/v1/schedules')).items[0];
  const create = async (body: unknown) => {
    const r = await api.req('POST', '/api/v1/inbound-routes', body);
    t.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const catchAll = await create({ name: '其他号码', did: '_X.', destination: { type: 'hangup' } });
  const exact = await create({
    name: '总机',
    did: '4008001000',
    destination: seatDest('1001'),
    fallback: { type: 'voicemail', extension: '1001' },
  });
  const vip = await create({ did: '4008001000', callerId: '_139X.', destination: seatDest('1002') });
  const branch = await create({
    did: '_40080020XX',
    destination: {
      type: 'schedule',
      scheduleId: schedule.id,
      open: seatDest('1001'),
      closed: { type: 'voicemail', extension: '1002' },
    },
  });
  t.equal(exact.name, '总机');
  t.same(exact.fallback, { type: 'voicemail', extension: '1001' });
  t.same(catchAll.fallback, { type: 'hangup' }, 'fallback defaults to hangup');
  const list = await api.get('/api/v1/inbound-routes');
  t.same(
    list.items.map((r: any) => [r.id, r.rank]),
    [
      [vip.id, 1],
      [exact.id, 2],
      [branch.id, 3],
      [catchAll.id, 4],
    ],
  );
  const conf = file('extensions_inbound.conf');
  t.match(conf, 'exten => 4008001000/_139X.,1,MSet(HOTLINE_ROUTE=');
  t.match(conf, `Gosub(hotline-schedule-${schedule.id},s,1)`);
  t.ok(conf.indexOf('4008001000/_139X.') < conf.indexOf('exten => 4008001000,'), 'written in rank order');
  const same = await api.req('POST', '/api/v1/inbound-routes', {
    did: '4008001000',
    destination: seatDest('1001'),
  });
  t.equal(same.status, 409, 'a second route for the same DID and caller');
  t.equal(same.body.error.field, 'did');
});

t.test('referenced seats and schedules cannot be deleted while in use', async (t) => {
  const seats = (await api.get('/api/v1/seats')).items;
  const s1001 = seats.find((s: any) => s.extension === '1001');
  const r = await api.req('DELETE', `/api/v1/seats/${s1001.id}`);
  t.equal(r.status, 409);
  t.match(r.body.error.message, /in use by inbound route/);
  const schedule = (await api.get('/api/v1/schedules')).items[0];
  const d = await api.req('DELETE', `/api/v1/schedules/${schedule.id}`);
  t.equal(d.status, 409);
  t.ok((await api.req('GET', `/api/v1/schedules/${schedule.id}`)).status === 200, 'still there');
});

const ROUTE_HOSTILE: [string, Record<string, unknown>][] = [
  ['did', { did: '_X.,1,System(touch /tmp/pwned)' }],
  ['did', { did: '_X.\n[evil]' }],
  ['did', { did: '100;1' }],
  ['did', { did: '${EXTEN}' }],
  ['did', { did: '_X(1)' }],
  ['did', { did: '100 200' }],
  ['did', { did: '100/200' }],
  ['did', { did: '"100"' }],
  ['did', { did: LONG }],
  ['did', { did: '' }],
  ['did', { did: 100 }],
  ['callerId', { callerId: '_X.,1,System(id)' }],
  ['callerId', { callerId: '139$' }],
  ['callerId', { callerId: '[139]' }],
  ['name', { name: 'a\nb' }],
  ['name', { name: '${SHELL(id)}' }],
  ['name', { name: LONG }],
  ['destination.queueId', { destination: { type: 'queue', queueId: 1 } }],
  ['destination.ivrId', { destination: { type: 'ivr', ivrId: 1 } }],
  ['destination.number', { destination: { type: 'external', number: '10086,1,System(id)' } }],
  ['destination.number', { destination: { type: 'external', number: '${EXTEN}' } }],
  ['destination.type', { destination: { type: 'System' } }],
  ['destination.extension', { destination: { type: 'seat', extension: '1001,1' } }],
  ['destination.extension', { destination: { type: 'seat', extension: '9999' } }],
  ['destination.extension', { destination: { type: 'voicemail', extension: '1001)' } }],
  ['destination.app', { destination: { type: 'hangup', app: 'System(id)' } }],
  ['destination.announcementId', { destination: { type: 'announcement', announcementId: '1;' } }],
  [
    'destination.scheduleId',
    {
      destination: {
        type: 'schedule',
        scheduleId: 999,
        open: { type: 'hangup' },
        closed: { type: 'hangup' },
      },
    },
  ],
  [
    'destination.open.type',
    {
      destination: {
        type: 'schedule',
        scheduleId: 1,
        open: { type: 'schedule' },
        closed: { type: 'hangup' },
      },
    },
  ],
  ['destination.closed', { destination: { type: 'schedule', scheduleId: 1, open: { type: 'hangup' } } }],
  ['fallback.extension', { fallback: { type: 'seat', extension: '[1001]' } }],
  ['enabled', { enabled: 'yes' }],
  ['context', { context: 'from-internal' }],
];

t.test(
  'hostile route input is refused with 400 naming the field; the dialplan stays byte-identical',
  async (t) => {
    const before = file('extensions_inbound.conf');
    const existing = (await api.get('/api/v1/inbound-routes')).items[0];
    for (const [field, patch] of ROUTE_HOSTILE) {
      const body = { did: '5551234', destination: { type: 'hangup' }, ...patch };
      const r = await api.req('POST', '/api/v1/inbound-routes', body);
      t.equal(r.status, 400, `${field}: ${JSON.stringify(patch).slice(0, 70)} → 400`);
      t.equal(r.body?.error?.field, field, `names ${field}`);
      t.notMatch(JSON.stringify(r.body), /at .*\.js:\d+/, 'no stack trace');
      const u = await api.req('PATCH', `/api/v1/inbound-routes/${existing.id}`, patch);
      t.equal(u.status, 400, `PATCH ${field} → 400`);
    }
    t.equal(file('extensions_inbound.conf'), before, 'extensions_inbound.conf byte-identical');
    t.equal((await api.get('/api/v1/inbound-routes')).total, 4, 'nothing stored');
  },
);

t.test('a route can be updated, disabled and deleted', async (t) => {
  const list = (await api.get('/api/v1/inbound-routes')).items;
  const catchAll = list.find((r: any) => r.did === '_X.');
  let r = await api.req('PATCH', `/api/v1/inbound-routes/${catchAll.id}`, { enabled: false });
  t.equal(r.status, 200);
  t.equal(r.body.rank, null, 'a disabled route has no rank');
  t.notMatch(file('extensions_inbound.conf'), 'exten => _X.,');
  r = await api.req('DELETE', `/api/v1/inbound-routes/${catchAll.id}`);
  t.equal(r.status, 204);
  t.equal((await api.req('GET', `/api/v1/inbound-routes/${catchAll.id}`)).status, 404);
  const audit = await api.get('/api/v1/audit?entity=inbound-route');
  t.ok(
    audit.items.some((a: any) => a.action === 'delete'),
    'audited',
  );
});
