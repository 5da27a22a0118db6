import t from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { type LocalTime, localTime } from '../../src/schedules/evaluate.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { adminStack, carrierTrunk, noCallsUp, seatsWithPhones } from '../support/stack.js';

/**
 * Real calls from the carrier into the box: DIDs reach the seats their
 * routes name, schedule branches follow the clock (schedules are built
 * relative to now, so the test is deterministic at any hour), and routing
 * keeps working with hotlined killed.
 */
/**
 * The schedules' zone: Shanghai, unless it is within 2 hours of midnight
 * there; then UTC, which is 8 hours behind (14:00 to 18:00). Chosen when the
 * schedules are built, so "today" and the open range hold for the whole run
 * without waiting for a day to turn.
 */
const MARGIN_MIN = 120;
const fromMidnight = (minute: number) => Math.min(minute, 24 * 60 - minute);
function scheduleZone(): { zone: string; now: LocalTime } {
  for (const zone of ['Asia/Shanghai', 'UTC']) {
    const now = localTime(new Date(), zone);
    if (fromMidnight(now.minute) >= MARGIN_MIN) return { zone, now };
  }
  throw new Error('unreachable: Shanghai and UTC are 8 hours apart');
}
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let phones: PhonesInstance;
let api: Api;

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  // 1003 exists but no phone registers for it: calls to it fail and take the fallback
  ({ phones } = await seatsWithPhones(
    stack,
    api,
    [{ extension: '1001' }, { extension: '1002' }, { extension: '1003' }],
    ['1001', '1002'],
  ));
  await carrierTrunk(api, carrier);
  carrierAmi = await rigAmi(carrier);
});

t.teardown(async () => {
  await carrierAmi?.stop();
  await carrier?.destroy();
  await stack?.stop();
  void phones;
});

const seat = (extension: string) => ({ type: 'seat', extension });

/** The carrier calls `did`; resolves with the seat whose phone the box rang and connected. */
async function callLandsOn(did: string, callerId = '01088886666'): Promise<string> {
  await noCallsUp(stack.box);
  await carrierCall(carrierAmi, { did, callerId, seconds: 3 });
  const ext = await until(
    `call to ${did} answered by a seat`,
    async () => {
      const chans = await stack.box.cli('core show channels concise');
      const m = /^PJSIP\/(100[0-9])-[^!]*!(?:[^!]*!){3}Up!/m.exec(chans);
      return m?.[1] ?? null;
    },
    30_000,
  );
  return ext;
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const noHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const allDay = Object.fromEntries(Object.keys(noHours).map((d) => [d, ['00:00-24:00']]));

let scheduleRoutes: { did: string; expect: string; scheduleId: number; open: boolean }[] = [];

t.test('routes and schedules built relative to now', async (t) => {
  const { zone, now } = scheduleZone();
  t.comment(`schedules in ${zone}, local ${now.date} ${hhmm(now.minute)}`);
  // at least MARGIN_MIN from midnight: neither range touches the day's ends
  const openRange = `${hhmm(now.minute - 60)}-${hhmm(now.minute + 60)}`;
  const closedRange = '00:00-01:00';
  const schedules = [
    {
      did: '5550002',
      name: '现在营业',
      open: true,
      body: { weekly: { ...noHours, [now.weekday]: [openRange] } },
    },
    {
      did: '5550003',
      name: '现在下班',
      open: false,
      body: { weekly: { ...noHours, [now.weekday]: [closedRange] } },
    },
    {
      did: '5550004',
      name: '今天放假',
      open: false,
      body: { weekly: allDay, closedDates: [{ date: now.date, name: '节假日' }] },
    },
    {
      did: '5550005',
      name: '今天调休',
      open: true,
      body: { weekly: noHours, openDates: [{ date: now.date, name: '调休', hours: ['00:00-24:00'] }] },
    },
  ];
  scheduleRoutes = [];
  for (const s of schedules) {
    const created = await api.post('/api/v1/schedules', { name: s.name, timeZone: zone, ...s.body });
    const status = await api.get(`/api/v1/schedules/${created.id}/status`);
    t.equal(status.open, s.open, `${s.name}: the API says ${s.open ? 'open' : 'closed'} now`);
    await api.post('/api/v1/inbound-routes', {
      did: s.did,
      destination: { type: 'schedule', scheduleId: created.id, open: seat('1001'), closed: seat('1002') },
    });
    scheduleRoutes.push({
      did: s.did,
      expect: s.open ? '1001' : '1002',
      scheduleId: created.id,
      open: s.open,
    });
  }
  await api.post('/api/v1/inbound-routes', { name: '总机', did: '5550001', destination: seat('1001') });
  await api.post('/api/v1/inbound-routes', { did: '5550001', callerId: '_139X.', destination: seat('1002') });
  await api.post('/api/v1/inbound-routes', {
    did: '5550006',
    destination: seat('1003'),
    fallback: seat('1002'),
  });
  const dialplan = await stack.box.cli('dialplan show hotline-inbound');
  t.match(dialplan, /'5550001' \(CID match '_139X\.'\)|5550001\/_139X\./, 'caller-match extension loaded');
  const sched = await stack.box.cli(`dialplan show hotline-schedule-${scheduleRoutes[0]?.scheduleId}`);
  t.match(sched, /GotoIfTime/, 'schedule context loaded');
});

t.test('a carrier call to DID A reaches the seat its route names', async (t) => {
  t.equal(await callLandsOn('5550001'), '1001');
});

t.test('a caller-number match wins over the plain route for the same DID', async (t) => {
  t.equal(await callLandsOn('5550001', '13900001111'), '1002');
});

t.test('schedule branches: open and closed now, holiday today, make-up day today', async (t) => {
  for (const r of scheduleRoutes) {
    t.equal(
      await callLandsOn(r.did),
      r.expect,
      `${r.did} → ${r.open ? 'open' : 'closed'} destination ${r.expect}`,
    );
  }
});

t.test('when the destination cannot take the call, the fallback does', async (t) => {
  t.equal(await callLandsOn('5550006'), '1002', 'unregistered seat 1003 → fallback seat 1002');
});

t.test('with hotlined stopped, calls to a DID still follow their routes', async (t) => {
  await stack.hotlined.stop('SIGKILL');
  t.equal(await callLandsOn('5550001'), '1001', 'exact DID');
  t.equal(await callLandsOn(scheduleRoutes[1]?.did ?? ''), '1002', 'schedule branch (closed now)');
  await stack.hotlined.start();
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  const list = await api.get('/api/v1/inbound-routes');
  t.ok(list.items.length >= 7, 'the API is back with every route');
});
