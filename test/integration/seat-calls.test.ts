import t from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { placeCall, rigAmi } from '../support/phones.js';
import { adminStack, noCallsUp, seatsWithPhones } from '../support/stack.js';

let stack: Stack;
let api: Api;
let phones: PhonesInstance;
let ami: Ami;

t.before(async () => {
  ({ stack, api } = await adminStack());
  ({ phones } = await seatsWithPhones(stack, api, [
    { extension: '1001', name: '客服一组 张伟' },
    { extension: '1002', name: 'Li Na' },
  ]));
  ami = await rigAmi(phones);
});

t.teardown(async () => {
  await ami?.stop();
  await stack?.stop();
});

/** CDRs of calls from 1001 to 1002, newest first. */
const calls = async () =>
  ((await api.get('/api/v1/cdrs?number=1001&limit=100')).items as any[]).filter(
    (c) => c.src === '1001' && c.dst === '1002',
  );

t.test('registered seats call each other and the call leaves exactly one answered CDR', async (t) => {
  const before = (await calls()).length;
  const seatState = async (ext: string) =>
    (await api.get('/api/v1/seats')).items.find((s: any) => s.extension === ext).registration.deviceState;
  t.equal(await seatState('1002'), 'NOT_INUSE', 'a registered idle seat is NOT_INUSE');
  await placeCall(ami, '1001', '1002', 3);
  await until(
    'both seats in use, from AMI device state events',
    async () => (await seatState('1001')) === 'INUSE' && (await seatState('1002')) === 'INUSE',
  );
  await until('the CDR of the 1001→1002 call', async () => (await calls()).length > before, 30_000);
  // a moment more: a second row for the same call would show up now
  await new Promise((r) => setTimeout(r, 1500));
  const after = await calls();
  t.equal(after.length - before, 1, 'one CDR for one call');
  const cdr = after[0];
  t.equal(cdr.disposition, 'ANSWERED');
  t.ok(cdr.billsec >= 2, `billsec ${cdr.billsec} ≥ 2`);
});

t.test('a call survives hotlined being killed mid-call, and its CDR arrives after the restart', async (t) => {
  const before = (await calls()).length;
  await placeCall(ami, '1001', '1002', 6);
  await until('call up on the box', async () =>
    /2 active channels/.test(await stack.box.cli('core show channels count')),
  );
  await stack.hotlined.stop('SIGKILL');
  await new Promise((r) => setTimeout(r, 1500));
  t.match(
    await stack.box.cli('core show channels count'),
    /2 active channels/,
    'call still up with hotlined dead',
  );
  await noCallsUp(stack.box, 20_000);
  await stack.hotlined.start();
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  const rows = await until(
    'CDR after restart',
    async () => {
      const r = await calls();
      return r.length > before ? r : null;
    },
    20_000,
  );
  const cdr = rows[0];
  t.equal(rows.length - before, 1, 'exactly one new CDR');
  t.equal(cdr.disposition, 'ANSWERED');
  t.ok(cdr.billsec >= 5, `billsec ${cdr.billsec} covers the time hotlined was down`);
});

t.test('hotlined reconnects by itself when Asterisk restarts', async (t) => {
  // signed in: anonymous callers get only up or down
  const health = async () => (await api.get('/api/v1/system/health')) as any;
  t.equal((await health()).ami.state, 'connected');
  await stack.box.stop({ kill: true });
  await until('health shows AMI down', async () => (await health()).ami.state !== 'connected', 15_000);
  t.not((await health()).status, 'ok', 'health is degraded while Asterisk is down');
  await stack.box.start();
  const back = Date.now();
  await until(
    'AMI and ARI connected again',
    async () => {
      const h = await health();
      return h.ami.state === 'connected' && h.ari.state === 'connected';
    },
    15_000,
  );
  const seconds = (Date.now() - back) / 1000;
  t.ok(seconds <= 5, `reconnected ${seconds.toFixed(2)} s after Asterisk was back`);
  const h = await health();
  t.match(h.asterisk.version, /^22\./);
  t.equal(h.db.ok, true);
});
