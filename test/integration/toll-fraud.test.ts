import t from 'tap';
import { type Api, until } from '../../dev/api-client.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { type OutboundRig, outboundRig, untilPhonesAndTrunkReady } from '../support/outbound-rig.js';
import { placeCall } from '../support/phones.js';

/*
 * Toll fraud with real calls: the default deny list holds for every dialled
 * form of a number, the spend guard suspends a seat that calls out too much,
 * and emergency numbers go out whatever else applies.
 */
let rig: OutboundRig;
let phonesAmi: Ami;
let received: OutboundRig['received'];
let api: Api;

t.before(async () => {
  rig = await outboundRig([
    { extension: '1001', callClass: 'internal' },
    { extension: '1002', callClass: 'national' },
    { extension: '1003', callClass: 'international' },
    { extension: '1004', callClass: 'national' },
  ]);
  ({ api } = rig);
  ({ phonesAmi, received } = rig);
  const main = (
    await api.post('/api/v1/trunks', {
      kind: 'sip',
      host: '127.0.0.2',
      auth: 'ip',
      name: 'main',
      port: rig.carrier.ports.sip,
    })
  ).id;
  // A careless site: one national route takes anything. The deny list is the only defence.
  await api.post('/api/v1/outbound-routes', {
    name: 'everything',
    patterns: ['_X.', '_+X.'],
    requiredClass: 'national',
    trunkIds: [main],
  });
  await untilPhonesAndTrunkReady(api);
});

t.teardown(() => rig?.stop());

const cdrFrom = (src: string, dst: string) => rig.cdrFrom(src, dst);
const receivedNumber = (n: string) => rig.receivedNumber(n);

t.test('a new box ships the documented deny list', async (t) => {
  const { patterns } = await api.get('/api/v1/outbound-routes/deny-list');
  for (const p of [
    '_00881X.',
    '_00882X.',
    '_00870X.',
    '_00979X.',
    '_001900NXXXXXX',
    '_168X.',
    '_0[3-9]XX168X.',
  ])
    t.ok(patterns.includes(p), p);
});

t.test('a national seat cannot reach a denied number in any of its dialled forms', async (t) => {
  const forms = [
    // 声讯台 168 in Shanghai: local, with the area code, and as +86 / 0086
    '16812345',
    '02116812345',
    '+862116812345',
    '00862116812345',
    // North American 900 and a satellite phone, with + and with 00
    '+19005551234',
    '0019005551234',
    '+881612345678',
    '00881612345678',
  ];
  for (const n of forms) await placeCall(phonesAmi, '1002', n, 2);
  for (const n of forms) {
    const cdr = await cdrFrom('1002', n);
    t.equal(cdr.userfield, 'denied:premium', `${n} refused as premium`);
    t.not(cdr.disposition, 'ANSWERED');
  }
  // every refusal's CDR is written: a call that had reached the carrier would have come before it
  for (const n of forms)
    t.notOk(
      received.numbers.some((x) => x.number.endsWith(n.replace(/^\+/, ''))),
      `${n} never reached the carrier`,
    );
  // the API's preview agrees with the dialplan
  t.equal((await api.get('/api/v1/outbound-routes/match?number=0019005551234')).result, 'denied:premium');
});

t.test('an ordinary number still reaches the carrier, also from an international seat with +', async (t) => {
  await placeCall(phonesAmi, '1002', '02155501234', 2);
  await receivedNumber('02155501234');
  await placeCall(phonesAmi, '1003', '+12125551234', 2);
  await receivedNumber('+12125551234');
  t.pass('both sent');
});

t.test('an internal seat reaches 110: emergency numbers pass the class check', async (t) => {
  await placeCall(phonesAmi, '1001', '110', 2);
  await receivedNumber('110');
  t.pass('110 sent');
});

t.test(
  'the spend guard suspends a seat after N outside calls; 110 still goes; an admin lifts it',
  async (t) => {
    const limits = {
      seatCallsPerHour: 2,
      seatMinutesPerHour: 0,
      trunkCallsPerHour: 0,
      trunkMinutesPerHour: 0,
    };
    t.equal((await api.req('PUT', '/api/v1/outbound-routes/spend-guard', limits)).status, 200);
    const bad = await api.req('PUT', '/api/v1/outbound-routes/spend-guard', {
      ...limits,
      seatCallsPerHour: -1,
    });
    t.equal(bad.status, 400);
    t.equal(bad.body.error.field, 'seatCallsPerHour');
    for (const n of ['03155500001', '03155500002', '03155500003']) {
      await placeCall(phonesAmi, '1004', n, 1);
      await receivedNumber(n);
      await cdrFrom('1004', n);
    }
    const guard = await until(
      'seat 1004 suspended',
      async () => {
        const g = await api.get('/api/v1/outbound-routes/spend-guard');
        return g.suspensions.some((s: any) => s.kind === 'seat' && s.subject === '1004') ? g : undefined;
      },
      20_000,
    );
    const suspension = guard.suspensions.find((s: any) => s.subject === '1004');
    t.equal(suspension.calls, 3);
    t.match(suspension.reason, /3 outside calls in an hour \(limit 2\)/);
    const audit = await api.get('/api/v1/audit?q=outbound_guard');
    t.ok(
      audit.items.some((a: any) => a.action === 'suspend'),
      'an audit row',
    );

    await placeCall(phonesAmi, '1004', '03155500004', 1);
    const refused = await cdrFrom('1004', '03155500004');
    t.equal(refused.userfield, 'denied:suspended');
    t.notOk(
      received.numbers.some((x) => x.number === '03155500004'),
      'the carrier never got it',
    );
    // another seat is not affected
    await placeCall(phonesAmi, '1002', '03155500005', 1);
    await receivedNumber('03155500005');
    // emergency calls are never blocked
    const before = received.numbers.filter((x) => x.number === '120').length;
    await placeCall(phonesAmi, '1004', '120', 1);
    await until(
      '120 sent',
      async () => received.numbers.filter((x) => x.number === '120').length > before,
      20_000,
    );

    const lift = await api.req('DELETE', `/api/v1/outbound-routes/spend-guard/suspensions/${suspension.id}`);
    t.equal(lift.status, 204);
    await placeCall(phonesAmi, '1004', '03155500006', 1);
    await receivedNumber('03155500006');
    t.same((await api.get('/api/v1/outbound-routes/spend-guard')).suspensions, []);
  },
);

t.test('a seat or queue may not take an emergency number', async (t) => {
  for (const n of ['110', '119', '120', '122', '112']) {
    const seat = await api.req('POST', '/api/v1/seats', { extension: n, name: 'x' });
    t.equal(seat.status, 400);
    t.equal(seat.body.error.field, 'extension');
    const queue = await api.req('POST', '/api/v1/queues', { name: `q${n}`, number: n });
    t.equal(queue.status, 400);
    t.equal(queue.body.error.field, 'number');
  }
});
