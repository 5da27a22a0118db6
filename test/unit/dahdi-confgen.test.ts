import t from 'tap';
import { cleanLocation } from '../../src/e1/signalling.js';
import {
  assignedSpansConf,
  chanDahdiConf,
  checkSystemConf,
  modprobeConf,
  spanLayout,
  spanTypesConf,
  systemConf,
} from '../../src/hardware/confgen.js';
import { HardwarePlan, type HardwarePlanInput } from '../../src/hardware/span-schema.js';
import { golden } from '../support/golden.js';

const LOC_A = 'PCI_Express_Bus_02_Slot_01';
const LOC_B = 'PCI_Express_Bus_03_Slot_01';

const priCpe = { kind: 'pri', node: 'pri_cpe', switchtype: 'euroisdn' } as const;
const priNet = { kind: 'pri', node: 'pri_net', switchtype: 'euroisdn' } as const;
const r2cn = { kind: 'mfcr2', variant: 'cn', maxDnis: 8, maxAni: 12, getAniFirst: true } as const;

const oneCard = (driver: string, port: Record<string, unknown>): HardwarePlanInput =>
  ({
    cards: [{ location: LOC_A, driver, portCount: 1, ports: [{ port: 1, ...port }] }],
  }) as HardwarePlanInput;

const cases: Record<string, HardwarePlanInput> = {
  'pri-cpe': oneCard('wcte13xp', {
    lineMode: 'e1',
    clockPriority: 1,
    echoCanceller: 'oslec',
    signalling: priCpe,
    group: 1,
  }),
  'pri-net': oneCard('wcte13xp', {
    lineMode: 'e1',
    clockPriority: 0,
    echoCanceller: 'hw',
    signalling: { ...priNet, switchtype: 'qsig', dialplan: 'national', overlapDial: true },
    group: 2,
    context: 'from-legacy-pbx',
  }),
  'r2-cn': oneCard('wcte13xp', {
    lineMode: 'e1',
    framing: 'cas',
    clockPriority: 1,
    echoCanceller: 'oslec',
    signalling: { ...r2cn, mfBackTimeout: 3000, callFiles: true },
    group: 3,
  }),
  t1: oneCard('wcte13xp', {
    lineMode: 't1',
    clockPriority: 1,
    lbo: 2,
    signalling: { kind: 'pri', switchtype: 'national' },
    group: 4,
  }),
  'mixed-4-port': {
    cards: [
      {
        location: LOC_A,
        driver: 'wct4xxp',
        portCount: 4,
        // listed out of order on purpose: output follows port numbers
        ports: [
          { port: 3, lineMode: 'e1', clockPriority: 0, signalling: priNet, group: 13, context: 'from-pbx' },
          { port: 1, lineMode: 'e1', clockPriority: 1, echoCanceller: 'hw', signalling: priCpe, group: 11 },
          {
            port: 2,
            lineMode: 'e1',
            framing: 'cas',
            clockPriority: 2,
            echoCanceller: 'oslec',
            signalling: { ...r2cn, idleBits: '1101' },
            group: 12,
          },
        ],
      },
    ],
  },
  'second-card': {
    cards: [
      {
        location: LOC_A,
        driver: 'wct4xxp',
        portCount: 2,
        ports: [
          { port: 1, lineMode: 'e1', clockPriority: 1, echoCanceller: 'oslec', signalling: priCpe, group: 1 },
          {
            port: 2,
            lineMode: 't1',
            clockPriority: 2,
            signalling: { kind: 'pri', switchtype: 'national' },
            group: 2,
          },
        ],
      },
      {
        location: LOC_B,
        driver: 'opvxd115',
        portCount: 1,
        // priorities are per card: this card's own first choice
        ports: [{ port: 1, lineMode: 'e1', framing: 'cas', clockPriority: 1, signalling: r2cn, group: 3 }],
      },
    ],
    toneZone: 'cn',
  },
};

const files = {
  'system.conf': systemConf,
  'chan_dahdi.conf': chanDahdiConf,
  'modprobe.conf': modprobeConf,
  'assigned-spans.conf': assignedSpansConf,
  'span-types.conf': spanTypesConf,
};

for (const [name, input] of Object.entries(cases)) {
  t.test(`${name}: every DAHDI file matches its golden file`, async (t) => {
    const plan = HardwarePlan.parse(input);
    for (const [file, gen] of Object.entries(files)) {
      const { expected, actual } = golden(`dahdi/${name}/${file}`, gen(plan));
      t.equal(actual, expected, file);
    }
  });

  t.test(`${name}: the generated system.conf passes the dahdi_cfg syntax rules`, async (t) => {
    const plan = HardwarePlan.parse(input);
    const text = systemConf(plan);
    t.same(checkSystemConf(text, spanLayout(plan)), []);
    for (const line of text.split('\n')) t.ok(Buffer.byteLength(line) < 256);
  });

  t.test(`${name}: chan_dahdi never lists a D-channel or the CAS timeslot`, async (t) => {
    const plan = HardwarePlan.parse(input);
    const text = chanDahdiConf(plan);
    for (const l of spanLayout(plan)) {
      if (!l.settings) continue;
      const reserved = l.basechan + (l.channels === 24 ? 23 : 15);
      const lists = [...text.matchAll(/^channel => (.*)$/gm)].map((m) => m[1] ?? '');
      for (const list of lists)
        t.notMatch(`,${list},`, new RegExp(`[,-]${reserved}[,-]`), `channel ${reserved}`);
    }
    t.match(text, /^reportalarms=all$/m);
    t.match(text, /^ignore_failed_channels=yes$/m);
  });
}

t.test('a single-card system.conf also passes with the default span arithmetic', async (t) => {
  for (const name of ['pri-cpe', 'r2-cn', 't1', 'mixed-4-port'])
    t.same(checkSystemConf(systemConf(HardwarePlan.parse(cases[name]))), [], name);
});

t.test('E1 PRI CPE port gives the brief reference lines', async (t) => {
  const text = systemConf(HardwarePlan.parse(cases['pri-cpe']));
  t.match(text, /^span=1,1,0,ccs,hdb3,crc4\nbchan=1-15,17-31\ndchan=16\necho/m);
  t.match(text, /^loadzone=cn\ndefaultzone=cn$/m);
});

t.test('MFC/R2 span: cas without TS16, no dchan, no crc4 unless asked, China idle bits', async (t) => {
  const text = systemConf(HardwarePlan.parse(cases['r2-cn']));
  t.match(text, /^span=1,1,0,cas,hdb3\ncas=1-15:1111\ncas=17-31:1111$/m);
  t.notMatch(text, /dchan|hardhdlc/);
  const chan = chanDahdiConf(HardwarePlan.parse(cases['r2-cn']));
  t.match(chan, /^mfcr2_variant=cn$/m);
  t.match(chan, /^mfcr2_max_dnis=8$/m);
  t.match(chan, /^mfcr2_get_ani_first=yes$/m);
});

t.test('span numbers and base channels follow card order and line mode', async (t) => {
  const layout = spanLayout(HardwarePlan.parse(cases['second-card']));
  t.same(
    layout.map((l) => [l.location === LOC_A ? 'A' : 'B', l.port, l.span, l.basechan]),
    [
      ['A', 1, 1, 1],
      ['A', 2, 2, 32],
      ['B', 1, 3, 56],
    ],
  );
});

t.test('checkSystemConf finds what dahdi_cfg or the driver would refuse', async (t) => {
  const has = (text: string, re: RegExp) => t.match(checkSystemConf(text).join('\n'), re, text);
  has('span=1,1,0,cas,hdb3\ncas=1-15:1111\ndchan=16\n', /TS16|timeslot 16/);
  has('span=1,1,0,cas,hdb3\nbchan=1-15\n', /bchan on a CAS span/);
  has('span=1,1,0,ccs,hdb3,crc4\nspan=2,1,0,ccs,hdb3,crc4\n', /clock priority 1 like span 1/);
  has(`span=1,1,0,ccs,hdb3\nbchan=${'1,'.repeat(130)}1\n`, /longer than 255 bytes/);
  has('span=1,1,0,ccs,hdb3\nbchan=15-1\n', /bad channel range/);
  has('span=1,1,0,ccs,hdb3\nbchan=1-15,17-31\nbchan=31\n', /already configured as bchan at line 2/);
  has('span=1,1,0,ccs,hdb3\nbchan=1-15\ndchan=16\nechocanceller=oslec,16\n', /not a B-channel/);
  has('span=1,1,0,ccs,hdb3\nbchan=40\n', /on no configured span/);
  has('span=1,1,0,esf,hdb3,crc4\n', /coding hdb3 does not go with framing esf[\s\S]*crc4 is an E1 option/);
  has('span=1,1,0,ccs,hdb3\ndchan=1\n', /D-channel must be position 16/);
  has('span=1,1,0,ccs,hdb3\ncas=1-15:11\n', /cas needs/);
  has('span=1,1,0,ccs,hdb3\nfxsks=1\n', /unknown keyword fxsks/);
  has('span=1,1,0,ccs\n', /5 to 9 fields/);
  has('loadzone=china\n', /two-letter/);
});

t.test('clock priority 1 on two different cards is fine; on one card it is not', async (t) => {
  const text = 'span=1,1,0,ccs,hdb3\nspan=2,1,0,ccs,hdb3\n';
  const ext = (card2: number) => [
    { span: 1, basechan: 1, channels: 31, card: 0 },
    { span: 2, basechan: 32, channels: 31, card: card2 },
  ];
  t.same(checkSystemConf(text, ext(1)), []);
  t.not(checkSystemConf(text, ext(0)).length, 0);
});

const refused = (input: unknown): string[] => {
  const r = HardwarePlan.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const card = (ports: unknown[], extra: Record<string, unknown> = {}) => ({
  cards: [{ location: LOC_A, driver: 'wct4xxp', portCount: 4, ports, ...extra }],
});
const e1 = (port: number, extra: Record<string, unknown> = {}) => ({
  port,
  lineMode: 'e1',
  signalling: priCpe,
  group: port,
  ...extra,
});

t.test('hostile and contradictory settings are refused, naming the field', async (t) => {
  t.match(refused(card([e1(1, { clockPriority: 1 }), e1(2, { clockPriority: 1 })])), [
    /^cards\.0\.ports\.1\.clockPriority: port 1 already has clock priority 1/,
  ]);
  t.match(refused(card([e1(1, { clockPriority: 5 })])), [/clockPriority: clockPriority is at most 4/]);
  t.match(refused(card([e1(1, { signalling: priNet, clockPriority: 1 })])), [
    /clockPriority: a pri_net port/,
  ]);
  t.match(refused(card([e1(1, { framing: 'cas', signalling: { kind: 'mfcr2' } })])), [
    /signalling\.maxDnis: maxDnis is required/,
  ]);
  t.match(refused(card([e1(1, { framing: 'cas' })])), [/framing: ISDN PRI needs ccs framing/]);
  t.match(refused(card([e1(1, { signalling: r2cn })])), [/framing: MFC\/R2 needs cas framing/]);
  t.match(refused(card([{ ...e1(1), lineMode: 't1', signalling: r2cn }])), [
    /signalling\.kind: MFC\/R2 runs on E1/,
  ]);
  t.match(refused(card([e1(1, { signalling: { ...priCpe, switchtype: 'dms100' } })])), [/switchtype/]);
  t.match(refused(card([{ ...e1(1), lineMode: 't1', signalling: priCpe }])), [
    /euroisdn is an E1 switch type/,
  ]);
  t.match(refused(card([{ ...e1(1), lineMode: 't1', framing: 'ccs' }])), [/framing/]);
  t.match(refused(card([e1(1, { lbo: 3 })])), [/lbo|Unrecognized/i]);
  t.match(refused(card([e1(1, { dchannel: 17 })])), [/signalling|dchannel|Unrecognized/i]);
  t.match(refused(card([e1(1), e1(1)])), [/port 1 is listed twice/]);
  t.match(refused(card([e1(5)])), [/the card has 4 ports/]);
  t.match(refused(card([e1(1, { signalling: { ...r2cn, idleBits: '11' } })])), [/idleBits/]);
  t.match(refused(card([e1(1, { maxChannels: 31 })])), [/maxChannels is at most 30/]);
});

t.test('values with newlines or config syntax never get into the model', async (t) => {
  t.match(refused(card([e1(1, { context: 'ok\n[evil]' })])), [/context/]);
  t.match(refused(card([e1(1, { context: 'a;b' })])), [/context/]);
  t.match(refused(card([], { location: `${LOC_A}\nspan=9,1,0,ccs,hdb3` })), [/location/]);
  t.match(refused(card([], { location: 'PCI Bus 02 Slot 01' })), [/location/]);
  t.match(refused(card([], { location: 'PCI_Bus_*' })), [/location/]);
  t.match(refused({ ...card([]), toneZone: 'cn\nloadzone=us' }), [/toneZone/]);
  t.match(refused({ cards: [card([]).cards[0], card([]).cards[0]] }), [
    /cards\.1\.location: card listed twice/,
  ]);
});

t.test('the generators refuse a hostile value that bypassed the schema', async (t) => {
  const plan = HardwarePlan.parse(cases['pri-cpe']);
  const port = plan.cards[0]?.ports[0];
  if (!port) throw new Error('fixture');
  port.context = 'x\n[evil]';
  t.throws(() => chanDahdiConf(plan), /unsafe value/);
  const plan2 = HardwarePlan.parse(cases['pri-cpe']);
  plan2.toneZone = 'cn\nloadzone=us';
  t.throws(() => systemConf(plan2), /unsafe value/);
  const plan3 = HardwarePlan.parse(cases['pri-cpe']);
  const card3 = plan3.cards[0];
  if (!card3) throw new Error('fixture');
  card3.location = 'pci0000:00 1:1:1\n@evil';
  t.throws(() => assignedSpansConf(plan3), /unsafe value/);
  const plan4 = HardwarePlan.parse(cases['r2-cn']);
  const r2 = plan4.cards[0]?.ports[0]?.signalling;
  if (r2?.kind !== 'mfcr2') throw new Error('fixture');
  r2.maxDnis = Number.NaN;
  t.throws(() => chanDahdiConf(plan4), /unsafe value/);
});

t.test('device locations are cleaned the way dahdi_span_assignments matches them', async (t) => {
  t.equal(cleanLocation('PCI Express Bus 02 Slot 01\n'), 'PCI_Express_Bus_02_Slot_01');
  t.equal(cleanLocation('usb!004!006 [x]*'), 'usb/004/006__x__');
  t.equal(refused(card([], { location: cleanLocation('PCI Bus 02 Slot 01') })).length, 0);
});

t.test("checkSystemConf accepts the brief's hand-written reference file", async (t) => {
  const reference = [
    '# span 1: TE4/0/1 (E1 PRI to carrier)',
    'span=1,1,0,ccs,hdb3,crc4',
    'bchan=1-15,17-31',
    'dchan=16',
    'echocanceller=mg2,1-15,17-31',
    'span=2,2,0,cas,hdb3',
    'cas=32-46:1111          # idle pattern: 1111 suggested for China',
    'cas=48-62:1111',
    'echocanceller=mg2,32-46,48-62',
    'loadzone = cn',
    'defaultzone=cn',
    '',
  ].join('\n');
  t.same(checkSystemConf(reference), []);
});

t.test('every chan_dahdi span block sets every option it relies on', async (t) => {
  const text = chanDahdiConf(HardwarePlan.parse(cases['mixed-4-port']));
  const blocks = text.split('; ---- ').slice(1);
  t.equal(blocks.length, 3);
  for (const b of blocks) {
    for (const key of ['signalling', 'context', 'group', 'callerid', 'echocancel', 'echocancelwhenbridged'])
      t.match(b, new RegExp(`^${key}=`, 'm'), key);
    t.match(b, /^channel => /m);
    if (/signalling=mfcr2/.test(b))
      for (const k of ['variant', 'max_ani', 'max_dnis', 'get_ani_first', 'category'])
        t.match(b, new RegExp(`^mfcr2_${k}=`, 'm'), k);
    else
      for (const k of ['switchtype', 'pridialplan', 'prilocaldialplan', 'overlapdial', 'resetinterval'])
        t.match(b, new RegExp(`^${k}=`, 'm'), k);
  }
});
