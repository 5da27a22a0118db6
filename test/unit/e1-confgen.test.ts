import t from 'tap';
import { chanDahdiConf } from '../../src/hardware/confgen.js';
import { buildPlan } from '../../src/hardware/plan.js';
import { trunksDialplan, trunksPjsipConf } from '../../src/trunks/confgen.js';
import type { E1Trunk, Trunk } from '../../src/trunks/schema.js';
import { golden } from '../support/golden.js';
import { sipTrunk } from '../support/trunk-rows.js';

const LOC = 'PCI_Express_Bus_02_Slot_01';
const e1 = (
  id: number,
  port: number,
  signalling: E1Trunk['signalling'],
  extra: Partial<E1Trunk> = {},
): E1Trunk => ({
  id,
  kind: 'e1',
  name: `e1 ${id}`,
  enabled: true,
  location: LOC,
  port,
  signalling,
  group: id,
  maxChannels: 30,
  callerId: null,
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});
const pri: E1Trunk['signalling'] = {
  kind: 'pri',
  node: 'pri_cpe',
  switchtype: 'euroisdn',
  dialplan: 'unknown',
  localDialplan: 'unknown',
  overlapDial: false,
  dchannel: 'dchan',
};
const r2: E1Trunk['signalling'] = {
  kind: 'mfcr2',
  variant: 'cn',
  maxAni: 10,
  maxDnis: 8,
  getAniFirst: false,
  category: 'national_subscriber',
  mfBackTimeout: -1,
  meteringPulseTimeout: -1,
  idleBits: '1111',
  callFiles: false,
};
const sip = sipTrunk(3, { name: 'carrier', codecs: ['alaw'] });
const trunks: Trunk[] = [
  e1(1, 1, pri, { callerId: { number: '02155550100', presentation: 'allowed' } }),
  e1(2, 2, r2, { maxChannels: 12 }),
  sip,
  e1(4, 3, pri, { enabled: false }),
];

t.test('trunk dialplan with E1 trunks next to a SIP trunk matches its golden file', async (t) => {
  const { expected, actual } = golden('trunks/extensions_trunks_e1.conf', trunksDialplan(trunks));
  t.equal(actual, expected);
  t.match(actual, /^\[hotline-e1-in-2\]\nexten => _\[\+0-9\*#A-Za-z\]!,1,Set\(HOTLINE_TRUNK=2\)/m);
  t.notMatch(actual, /hotline-e1-in-4|hotline-trunk-4\]/, 'a disabled trunk is not in the dialplan');
  t.notMatch(trunksPjsipConf(trunks), /e1 |DAHDI/, 'E1 trunks never reach pjsip');
});

t.test('E1 trunks on a card give one chan_dahdi block per span, in the E1 trunk contexts', async (t) => {
  const plan = buildPlan({
    cards: [{ location: LOC, driver: 'wct4xxp', portCount: 4, position: 0, createdAt: 0, updatedAt: 0 }],
    ports: [],
    trunks: trunks.filter((x): x is E1Trunk => x.kind === 'e1'),
    toneZone: 'cn',
  });
  const { expected, actual } = golden('dahdi/e1-trunks/chan_dahdi.conf', chanDahdiConf(plan));
  t.equal(actual, expected);
  t.match(actual, /^context=hotline-e1-in-1$/m);
  t.match(actual, /^context=hotline-e1-in-2$/m);
  t.notMatch(actual, /hotline-e1-in-4/);
});
