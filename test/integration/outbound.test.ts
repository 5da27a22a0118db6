import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { type OutboundRig, outboundRig } from '../support/outbound-rig.js';
import { carrierCall, placeCall } from '../support/phones.js';
import { noCallsUp } from '../support/stack.js';

let rig: OutboundRig;
let carrier: OutboundRig['carrier'];
let phonesAmi: Ami;
let carrierAmi: Ami;
let received: OutboundRig['received'];
let stack: Stack;
let api: Api;
const trunk = { dead: 0, main: 0, small: 0 };

const generated = (file: string) => readFileSync(path.join(stack.box.paths.confDir, 'hotline', file), 'utf8');

t.before(async () => {
  rig = await outboundRig([
    { extension: '1001', callClass: 'local' },
    { extension: '1002', callClass: 'national' },
    { extension: '1003', callClass: 'national' },
  ]);
  ({ stack, api } = rig);
  ({ carrier, phonesAmi, carrierAmi, received } = rig);
  const sip = { kind: 'sip', host: '127.0.0.2', auth: 'ip' };
  // trunk "dead": nothing listens on port 9, so it is unavailable
  trunk.dead = (await api.post('/api/v1/trunks', { ...sip, name: 'dead', port: 9 })).id;
  trunk.main = (
    await api.post('/api/v1/trunks', {
      ...sip,
      name: 'main',
      port: carrier.ports.sip,
      callerId: { number: '02100000002', name: 'Main line' },
    })
  ).id;
  trunk.small = (
    await api.post('/api/v1/trunks', {
      ...sip,
      name: 'small',
      port: carrier.ports.sip,
      maxChannels: 1,
      callerId: { number: '02100000003' },
    })
  ).id;
  await until(
    'phones registered, trunks qualified',
    async () => {
      const seats = await api.get('/api/v1/seats');
      const trunks = await api.get('/api/v1/trunks');
      const reach = (id: number) => trunks.items.find((x: any) => x.id === id).status.reachability;
      return (
        seats.items.every((s: any) => s.registration.registered) &&
        reach(trunk.dead) === 'unreachable' &&
        reach(trunk.main) === 'reachable' &&
        reach(trunk.small) === 'reachable'
      );
    },
    30_000,
  );
});

t.teardown(() => rig?.stop());

const cdrFrom = (src: string, dst: string) => rig.cdrFrom(src, dst);
const receivedNumber = (n: string) => rig.receivedNumber(n);

t.test('there are no routes by default, and in particular no international one', async (t) => {
  const list = await api.get('/api/v1/outbound-routes');
  t.same(list.items, []);
  // the documented default deny list (docs/outbound.md)
  t.ok(list.denyList.includes('_00881X.'));
  t.equal(list.matchingOrder[0].kind, 'seats');
});

t.test('routes are created in order and the matching order is shown', async (t) => {
  await api.post('/api/v1/outbound-routes', {
    name: '国内长途',
    patterns: ['_0[1-9]X.'],
    requiredClass: 'national',
    // strip the trunk prefix 0, prepend the country code
    stripDigits: 1,
    prepend: '86',
    trunkIds: [trunk.dead, trunk.main],
  });
  await api.post('/api/v1/outbound-routes', {
    name: 'International',
    patterns: ['_00X.'],
    requiredClass: 'international',
    trunkIds: [trunk.main],
    // a route is placed by position: before 国内长途, whose _0[1-9]X. would not match 00… anyway
    position: 1,
  });
  await api.post('/api/v1/outbound-routes', {
    name: 'Limited',
    patterns: ['_9XXXX'],
    requiredClass: 'local',
    trunkIds: [trunk.small, trunk.main],
  });
  const put = await api.req('PUT', '/api/v1/outbound-routes/deny-list', {
    patterns: ['_1900X.', '_00882X.'],
  });
  t.equal(put.status, 200);
  const list = await api.get('/api/v1/outbound-routes');
  t.same(
    list.items.map((r: any) => [r.position, r.name]),
    [
      [1, 'International'],
      [2, '国内长途'],
      [3, 'Limited'],
    ],
  );
  t.same(
    list.matchingOrder.map((s: any) => s.pattern ?? s.name ?? s.kind),
    ['seats', '_1900X.', '_00882X.', 'International', '国内长途', 'Limited'],
  );
  const m = await api.get('/api/v1/outbound-routes/match?number=02155501234');
  t.equal(m.route.name, '国内长途');
  t.equal(m.dial, '862155501234');
  t.equal((await api.get('/api/v1/outbound-routes/match?number=19001234')).result, 'denied:premium');
  t.match(await stack.box.cli('dialplan show hotline-outbound'), /Include =>\s+'hotline-outbound-r/);
});

t.test('a local seat dialling an international number is refused, and its CDR says why', async (t) => {
  const before = received.numbers.length;
  await placeCall(phonesAmi, '1001', '00441234567890', 3);
  const cdr = await cdrFrom('1001', '00441234567890');
  t.equal(cdr.userfield, 'denied:class');
  t.not(cdr.disposition, 'ANSWERED');
  t.equal(received.numbers.length, before, 'nothing reached the carrier');
});

t.test('a premium number is refused for every seat', async (t) => {
  await placeCall(phonesAmi, '1002', '19001234', 3);
  const cdr = await cdrFrom('1002', '19001234');
  t.equal(cdr.userfield, 'denied:premium');
  t.notOk(received.numbers.some((n) => n.number.includes('19001234')));
});

t.test('with the first trunk unavailable the call leaves on the second, stripped and prefixed', async (t) => {
  await placeCall(phonesAmi, '1002', '02155501234', 2);
  const got = await receivedNumber('862155501234');
  t.equal(got.callerId, '02100000002', "the second trunk's caller ID");
  const cdr = await cdrFrom('1002', '02155501234');
  t.equal(cdr.disposition, 'ANSWERED');
  t.match(cdr.dstchannel, `PJSIP/trunk-${trunk.main}-`);
});

t.test('a trunk at its channel limit is skipped without being dialled', async (t) => {
  await placeCall(phonesAmi, '1002', '91111', 12);
  const first = await receivedNumber('91111');
  t.equal(first.callerId, '02100000003', 'first call on the small trunk');
  await until('first call up', async () => /PJSIP\/trunk-/.test(await stack.box.cli('core show channels')));
  await placeCall(phonesAmi, '1003', '92222', 2);
  const second = await receivedNumber('92222');
  t.equal(second.callerId, '02100000002', 'second call skipped the full trunk');
  const cdr = await cdrFrom('1003', '92222');
  t.match(cdr.dstchannel, `PJSIP/trunk-${trunk.main}-`);
  await noCallsUp(stack.box, 20_000);
});

t.test('routing works with hotlined stopped: it is plain dialplan', async (t) => {
  await stack.hotlined.stop();
  try {
    await placeCall(phonesAmi, '1002', '03155509999', 2);
    await receivedNumber('863155509999');
    t.pass('the carrier received the number with hotlined down');
  } finally {
    await stack.hotlined.start();
    api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  }
});

t.test(
  'hostile route input is refused with 400 naming the field; the dialplan stays byte-identical',
  async (t) => {
    const before = generated('extensions_outbound.conf');
    const base = { name: 'x', patterns: ['_8X.'], requiredClass: 'national', trunkIds: [trunk.main] };
    const hostile: [string, unknown][] = [
      ['patterns', ['_X.,1,System(touch /tmp/pwned)']],
      ['patterns', ['_X.;']],
      ['patterns', ['_[X.']],
      ['patterns', ['${EXTEN}']],
      ['patterns', ['_X.\n[evil]']],
      ['patterns', 'X.'],
      ['name', 'a\nb'],
      ['name', 'x;y'],
      ['name', '[hotline-outbound]'],
      ['name', '${SHELL(id)}'],
      ['name', 'y'.repeat(10_000)],
      ['requiredClass', 'internal'],
      ['stripDigits', '1'],
      ['prepend', '0)'],
      ['prepend', '${EXTEN}'],
      ['trunkIds', [999]],
      ['trunkIds', ['1']],
      ['callerId', { number: '1,2' }],
      ['callerId', { number: '1', name: 'a"b' }],
      ['dialplan', 'x'],
    ];
    for (const [field, value] of hostile) {
      const r = await api.req('POST', '/api/v1/outbound-routes', { ...base, [field]: value });
      t.equal(r.status, 400, `${field}=${JSON.stringify(value).slice(0, 40)} → 400`);
      t.equal(String(r.body?.error?.field).split('.')[0], field, `names ${field} (${r.body?.error?.field})`);
    }
    const id = (await api.get('/api/v1/outbound-routes')).items[0].id;
    for (const [field, value] of hostile) {
      const r = await api.req('PATCH', `/api/v1/outbound-routes/${id}`, { [field]: value });
      t.equal(r.status, 400, `PATCH ${field} → 400`);
    }
    const deny = await api.req('PUT', '/api/v1/outbound-routes/deny-list', {
      patterns: ['_X.,1,System(id)'],
    });
    t.equal(deny.status, 400);
    t.equal(deny.body.error.field, 'patterns.0');
    const order = await api.req('PUT', '/api/v1/outbound-routes/order', { ids: [id] });
    t.equal(order.status, 400);
    t.equal(order.body.error.field, 'ids');
    t.equal(generated('extensions_outbound.conf'), before, 'extensions_outbound.conf byte-identical');
  },
);

t.test('a trunk used by a route cannot be deleted', async (t) => {
  const r = await api.req('DELETE', `/api/v1/trunks/${trunk.main}`);
  t.equal(r.status, 409);
  t.match(r.body.error.message, /国内长途/);
});

t.test(
  'inbound calls pass the channel limit gate into from-trunks; over the limit they get congestion',
  async (t) => {
    // only the small trunk (max 1 channel) is left to claim calls from the carrier's address
    for (const id of [trunk.dead, trunk.main]) {
      t.equal((await api.req('PATCH', `/api/v1/trunks/${id}`, { enabled: false })).status, 200);
    }
    const inbound = (did: string) =>
      until(
        `inbound CDR ${did}`,
        async () => ((await api.get(`/api/v1/cdrs?number=${did}&limit=10`)).items as any[])[0],
        20_000,
      );
    await carrierCall(carrierAmi, { did: '5551234', callerId: '13900000001', seconds: 2 });
    const free = await inbound('5551234');
    t.match(free.channel, `PJSIP/trunk-${trunk.small}-`, 'identified as the small trunk');
    t.not(free.userfield, 'refused:trunk-limit', 'under the limit the call goes on');
    t.not(free.dcontext, 'hotline-trunk-in', 'it left the gate for from-trunks');

    await placeCall(phonesAmi, '1002', '93333', 12);
    await receivedNumber('93333');
    await carrierCall(carrierAmi, { did: '5552222', callerId: '13900000002', seconds: 2 });
    const full = await inbound('5552222');
    t.equal(full.userfield, 'refused:trunk-limit', 'the second call on a 1-channel trunk is refused');
    t.not(full.disposition, 'ANSWERED');
  },
);
