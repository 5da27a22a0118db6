import t from 'tap';
import { trunksDialplan, trunksPjsipConf } from '../../src/trunks/confgen.js';
import type { SipTrunk } from '../../src/trunks/schema.js';
import { golden } from '../support/golden.js';
import { sipTrunk } from '../support/trunk-rows.js';

const demo: SipTrunk[] = [
  // registration trunk over TCP to a host name, wideband codecs first
  sipTrunk(2, {
    name: '联通 SIP',
    host: 'sip.carrier.example.cn',
    port: 5080,
    transport: 'tcp',
    auth: 'registration',
    username: '0215550100',
    secret: 'Reg!secret:42/x',
    codecs: ['g722', 'opus', 'alaw'],
    maxChannels: 8,
    callerId: { number: '02155500100', name: '客服中心', presentation: 'allowed' },
  }),
  // IP-authenticated trunk with a restricted caller ID
  sipTrunk(1, {
    name: 'Telecom IP',
    codecs: ['alaw', 'ulaw', 'gsm'],
    maxChannels: 2,
    callerId: { number: '+861055501234', presentation: 'restricted' },
  }),
  sipTrunk(3, { name: 'disabled', enabled: false }),
];

t.test(
  'pjsip_trunks.conf matches its golden file (registration, IP, codecs; disabled left out)',
  async (t) => {
    const { expected, actual } = golden('trunks/pjsip_trunks.conf', trunksPjsipConf(demo));
    t.equal(actual, expected);
    t.notMatch(actual, /\[trunk-3\]/);
    t.match(actual, /^type = registration$/m);
    t.match(actual, /^allow = g722,opus,alaw$/m);
    t.match(actual, /^set_var = GROUP\(hotline-trunk\)=1$/m, 'both directions counted per trunk');
  },
);

t.test('extensions_trunks.conf matches its golden file (limit gate, caller ID, restricted)', async (t) => {
  const { expected, actual } = golden('trunks/extensions_trunks.conf', trunksDialplan(demo));
  t.equal(actual, expected);
  t.match(actual, /Set\(CALLERID\(pres\)=prohib\)/);
  t.match(actual, /GROUP_COUNT\(2@hotline-trunk\)\} >= 8/);
});

t.test('the generator refuses values that would break out of their line', async (t) => {
  const bad: Partial<SipTrunk>[] = [
    { host: 'evil.example\n[trunk-9]' },
    { host: 'a;b' },
    { auth: 'registration', username: 'u;x', secret: 'goodsecret' },
    { auth: 'registration', username: 'user', secret: 'sec ret' },
    { auth: 'registration', username: 'user', secret: 'sec"ret' },
    { auth: 'registration', username: 'user', secret: null },
  ];
  for (const b of bad) t.throws(() => trunksPjsipConf([sipTrunk(1, b)]), /unsafe value/, JSON.stringify(b));
  for (const callerId of [
    { number: '123,1', presentation: 'allowed' as const },
    { number: '123', name: 'x${EXTEN}', presentation: 'allowed' as const },
    { number: '123', name: 'a)b', presentation: 'allowed' as const },
  ]) {
    t.throws(() => trunksDialplan([sipTrunk(1, { callerId })]), /unsafe value/, JSON.stringify(callerId));
  }
});

t.test('no trunks: no sections, but the inbound gate exists', async (t) => {
  t.notMatch(trunksPjsipConf([]), /^\[/m);
  t.match(trunksDialplan([]), /^\[hotline-trunk-in\]$/m);
});
