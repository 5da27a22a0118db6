import t from 'tap';
import type { AmiMessage } from '../../src/asterisk/ami.js';
import {
  alarmFromText,
  alarmsFromMask,
  alarmsFromShort,
  alarmsFromWords,
} from '../../src/hardware/alarms.js';
import { parsePriShowSpans, parseShowChannels, parseShowStatus } from '../../src/hardware/parse-ami.js';
import {
  casName,
  parseMfcr2Channels,
  parsePriShowSpans as parsePriCli,
} from '../../src/hardware/parse-cli.js';
import { parseDahdiScan } from '../../src/hardware/parse-scan.js';
import { lookupCard } from '../../src/hardware/pci-ids.js';
import {
  parsePortTypes,
  readDahdiDevices,
  readDahdiSpans,
  readPciDevices,
} from '../../src/hardware/sysfs.js';
import { sysfsFixture, TE420_AND_UNKNOWN } from '../support/dahdi-sysfs.js';

t.test('sysfs alarm bitmasks map to named alarms, with LOS/LFA details of RED', async (t) => {
  t.same(alarmsFromMask('0x0').alarms, []);
  t.same(alarmsFromMask('0x8\n').alarms, ['RED']);
  t.same(alarmsFromMask('0x108').alarms, ['RED', 'LOS']);
  t.same(alarmsFromMask('0x208').alarms, ['RED', 'LOF']);
  t.same(alarmsFromMask('0x14').alarms, ['BLUE', 'YELLOW']);
  t.same(alarmsFromMask('0x23').alarms, ['LOOP', 'NOTOPEN', 'RECOVERING']);
  t.same(alarmsFromMask('0x4000'), { alarms: [], unconfigured: false, unknown: true }, 'unknown bit');
  t.equal(alarmsFromMask('zz').unknown, true, 'garbage is unknown, not clear');
  t.equal(alarmsFromMask('').unknown, true);
});

t.test('short, word and single-text alarm forms', async (t) => {
  t.same(alarmsFromShort('OK').alarms, []);
  t.same(alarmsFromShort('BLU/RED').alarms, ['RED', 'BLUE']);
  t.same(alarmsFromShort('RED/LFA').alarms, ['RED', 'LOF']);
  t.same(alarmsFromShort('LMFA/OK').alarms, ['LOF']);
  t.equal(alarmsFromShort('UNCONFI').unconfigured, true, 'CLI-truncated UNCONFIGURED');
  t.equal(alarmsFromShort('UNCONFIGURED').unconfigured, true);
  t.equal(alarmsFromShort('UUU').unknown, true);
  t.same(alarmsFromShort('YEL/LB/NOP/REC').alarms, ['YELLOW', 'LOOP', 'NOTOPEN', 'RECOVERING']);
  t.same(alarmsFromWords('BLUE YELLOW RED LOOP RECOVERING NOTOPEN ClockSource').alarms.length, 6);
  t.same(alarmFromText('Red Alarm').alarms, ['RED']);
  t.same(alarmFromText('No Alarm').alarms, []);
  t.same(alarmFromText('Not Open').alarms, ['NOTOPEN']);
  t.same(alarmFromText('Loopback').alarms, ['LOOP']);
  t.equal(alarmFromText('Purple Alarm').unknown, true);
});

const SCAN = `[1]
active=yes
alarms=OK
description=T4XXP (PCI) Card 0 Span 1
name=TE4/0/1
manufacturer=Digium
devicetype=Wildcard TE420 (5th Gen) (VPMOCT128)
location=PCI Express Bus 02 Slot 01
basechan=1
totchans=31
irq=0
type=digital-E1
syncsrc=1
lbo=0 db (CSU)/0-133 feet (DSX-1)
coding_opts=AMI,HDB3
framing_opts=CCS,CRC4
coding=HDB3
framing=CCS/CRC4
[2]
active=yes
alarms=RED/LFA
description=T4XXP (PCI) Card 0 Span 2
name=TE4/0/2
type=digital-E1
basechan=32
totchans=31
this line is garbage
=no key
[3]
active=yes
alarms=LMFA/OK
type=digital-T1
basechan=63
totchans=24
[4]
active=yes
alarms=UNCONFIGURED
description=Wildcard TDM410P
type=analog
port=1,FXS
port=2,FXO
port=bogus
`;

t.test('dahdi_scan blocks parse; garbage lines are skipped and counted', async (t) => {
  const r = parseDahdiScan(`leading junk\n${SCAN}`);
  t.equal(r.spans.length, 4);
  const [s1, s2, s3, s4] = r.spans;
  t.match(s1, {
    span: 1,
    active: true,
    name: 'TE4/0/1',
    manufacturer: 'Digium',
    location: 'PCI Express Bus 02 Slot 01',
    basechan: 1,
    totalChannels: 31,
    lineType: 'e1',
    syncSource: 1,
    framing: 'CCS/CRC4',
    framingOptions: ['CCS', 'CRC4'],
  });
  t.same(s1?.alarms.alarms, []);
  t.same(s2?.alarms.alarms, ['RED', 'LOF']);
  t.equal(s3?.crc4Misaligned, true);
  t.equal(s3?.lineType, 't1');
  t.equal(s4?.alarms.unconfigured, true);
  t.same(s4?.ports, [
    { port: 1, type: 'FXS' },
    { port: 2, type: 'FXO' },
  ]);
  t.equal(r.skippedLines, 4, 'junk before the first block, two bad lines, a bad port line');
  t.same(parseDahdiScan('').spans, []);
});

t.test('PCI IDs name the cards; unknown IDs are null so detection lists them as unknown', async (t) => {
  t.match(lookupCard({ vendor: '0xd161', device: '0x1420' }), { driver: 'wct4xxp', ports: 4 });
  t.match(lookupCard({ vendor: 'd161', device: '800a' }), { name: /TE131/, driver: 'wcte13xp' });
  t.match(lookupCard({ vendor: '1b74', device: 'd430' }), { name: 'OpenVox D430' });
  t.match(
    lookupCard({ vendor: 'e159', device: '0001', subsystemVendor: '0x79fe', subsystemDevice: '0x0001' }),
    { driver: 'wcte11xp' },
    'TE110P by subsystem vendor',
  );
  t.equal(lookupCard({ vendor: 'e159', device: '0001', subsystemVendor: 'a159' }), null, 'TDM400P is not E1');
  t.equal(lookupCard({ vendor: '1b74', device: 'f00d' }), null);
  t.equal(lookupCard({ vendor: 'nonsense', device: '1420' }), null);
});

t.test('sysfs trees: devices, spans tied to their device, PCI with bound driver', async (t) => {
  const fx = sysfsFixture(TE420_AND_UNKNOWN);
  t.teardown(fx.remove);
  const devices = readDahdiDevices(fx.root);
  t.equal(devices.length, 1);
  t.match(devices[0], {
    id: 'pci:0000:02:00.0',
    manufacturer: 'Digium',
    location: 'PCI_Express_Bus_02_Slot_01',
    hardwareId: '1TE420F-0012345',
    spanCount: 4,
  });
  t.equal(devices[0]?.portTypes.length, 4);
  const spans = readDahdiSpans(fx.root);
  t.same(
    spans.map((s) => [s.span, s.deviceId, s.localSpan, s.basechan]),
    [
      [1, 'pci:0000:02:00.0', 1, 1],
      [2, 'pci:0000:02:00.0', 2, 32],
      [3, 'pci:0000:02:00.0', 3, 63],
      [4, 'pci:0000:02:00.0', 4, 94],
    ],
  );
  t.same(spans[1]?.alarms.alarms, ['RED', 'LOS']);
  t.equal(spans[0]?.isSyncMaster, true);
  const pci = readPciDevices(fx.root);
  t.same(
    pci.map((p) => [p.slot, p.driver]),
    [
      ['0000:00:19.0', 'e1000e'],
      ['0000:02:00.0', 'wct4xxp'],
      ['0000:03:00.0', null],
    ],
  );
  t.same(parsePortTypes('1:E1\n2:t1\ngarbage\n3:'), [
    { port: 1, type: 'E1' },
    { port: 2, type: 'T1' },
  ]);
});

t.test('a root without DAHDI or PCI reads as empty, never throws', async (t) => {
  t.same(readDahdiDevices('/nonexistent/sys'), []);
  t.same(readDahdiSpans('/nonexistent/sys'), []);
  t.same(readPciDevices('/nonexistent/sys'), []);
});

const ev = (fields: Record<string, string>): AmiMessage => fields;

t.test('DAHDIShowStatus items: counters, -1 as unsupported, options, stray events skipped', async (t) => {
  const items = [
    ev({
      Event: 'DAHDIShowStatus',
      Span: '1',
      Description: 'T4XXP (PCI) Card 0 Span 1',
      Alarms: 'OK',
      IRQ: '0',
      bpviol: '0',
      CRC: '12',
      Framing: 'CCS',
      Coding: 'HDB3',
      Options: 'CRC4',
      LBO: '0 db (CSU)/0-133 feet (DSX-1)',
      ActionID: 'hl-3',
    }),
    ev({
      Event: 'DAHDIShowStatus',
      Span: '2',
      Description: 'Wildcard TE122 Card 0',
      Alarms: 'BLU/RED',
      IRQ: '0',
      bpviol: '-1',
      CRC: '-1',
      Framing: 'CAS',
      Coding: 'HDB3',
      Options: 'CRC4/YEL',
      ActionID: 'hl-3',
    }),
    ev({ Event: 'DAHDIShowStatus', Span: 'x', Alarms: 'OK' }),
    ev({ Event: 'FullyBooted', Status: 'Fully Booted' }),
  ];
  const s = parseShowStatus(items);
  t.equal(s.length, 2);
  t.same(s[0]?.counters, { irqMisses: 0, bpv: 0, crc4: 12 });
  t.equal(s[0]?.crc4, true);
  t.same(s[1]?.counters, { irqMisses: 0, bpv: null, crc4: null }, '-1 = not supported');
  t.same(s[1]?.alarms.alarms, ['RED', 'BLUE']);
  t.equal(s[1]?.yellowFlag, true);
});

t.test('PRIShowSpans and DAHDIShowChannels items', async (t) => {
  const spans = parsePriShowSpans([
    ev({
      Event: 'PRIShowSpans',
      Span: '1',
      DChannel: '16',
      Order: 'Primary',
      Active: 'Yes',
      Alarm: 'No',
      Up: 'Yes',
    }),
    ev({
      Event: 'PRIShowSpans',
      Span: '3',
      DChannel: '78',
      Order: 'Primary',
      Active: 'No',
      Alarm: 'Yes',
      Up: 'No',
    }),
    ev({ Event: 'PRIShowSpans', Span: '', DChannel: '16' }),
  ]);
  t.same(spans, [
    { span: 1, dchannel: 16, order: 'Primary', active: true, inAlarm: false, up: true },
    { span: 3, dchannel: 78, order: 'Primary', active: false, inAlarm: true, up: false },
  ]);
  const chans = parseShowChannels([
    ev({
      Event: 'DAHDIShowChannels',
      DAHDIChannel: '1',
      Signalling: 'ISDN PRI',
      SignallingCode: '128',
      Context: 'hotline-e1-in-1',
      DND: 'Disabled',
      Alarm: 'No Alarm',
      Description: '',
      Channel: 'DAHDI/1-1',
      Uniqueid: '1732350000.12',
      AccountCode: '',
    }),
    ev({
      Event: 'DAHDIShowChannels',
      DAHDIChannel: '32',
      Signalling: 'MFC/R2',
      SignallingCode: '32768',
      Context: 'hotline-e1-in-2',
      Alarm: 'Red Alarm',
    }),
    ev({ Event: 'DAHDIShowChannels', DAHDIChannel: 'pseudo', Signalling: 'Pseudo' }),
  ]);
  t.equal(chans.length, 2);
  t.match(chans[0], { channel: 1, inCall: true, asteriskChannel: 'DAHDI/1-1', signalling: 'ISDN PRI' });
  t.match(chans[1], { channel: 32, inCall: false });
  t.same(chans[1]?.alarm.alarms, ['RED']);
});

t.test('pri show spans text: status words, garbage skipped', async (t) => {
  const r = parsePriCli(
    'PRI span 1/0: Up, Active\nPRI span 2/0: In Alarm, Down, Active\nNo such command\nPRI span 4/1: Down, Standby\n',
  );
  t.same(r.spans, [
    { span: 1, dchannelIndex: 0, inAlarm: false, up: true, active: true },
    { span: 2, dchannelIndex: 0, inAlarm: true, up: false, active: true },
    { span: 4, dchannelIndex: 1, inAlarm: false, up: false, active: false },
  ]);
  t.equal(r.skippedLines, 1);
  t.same(parsePriCli('').spans, [], 'no output: no PRI spans');
});

t.test('mfcr2 show channels: fixed columns, truncated CAS names restored, raw bits kept', async (t) => {
  const text = [
    'Chan Link# Variant Max ANI Max DNIS ANI First Immediate Accept Tx CAS   Rx CAS  ',
    '  32    0 CN      10      8        No        No               IDLE     IDLE    ',
    '  33    0 CN      10      8        No        No               SEIZE AC SEIZE   ',
    '  34    0 CN      10      8        Yes       Yes              CLEAR BA CLEAR FO',
    '  46    0 CN      10      8        No        No               BLOCK    0x0F    ',
    'garbage that is not a row',
    '',
  ].join('\n');
  const r = parseMfcr2Channels(text);
  t.equal(r.channels.length, 4);
  t.match(r.channels[0], { channel: 32, link: 0, variant: 'cn', maxAni: 10, maxDnis: 8, rxCas: 'IDLE' });
  t.match(r.channels[1], { txCas: 'SEIZE ACK', rxCas: 'SEIZE' });
  t.match(r.channels[2], {
    aniFirst: true,
    immediateAccept: true,
    txCas: 'CLEAR BACK',
    rxCas: 'CLEAR FORWARD',
  });
  t.match(r.channels[3], { txCas: 'BLOCK', rxCas: '0x0F' });
  t.equal(r.skippedLines, 1);
  t.equal(casName('CLEAR'), 'CLEAR', 'ambiguous prefix stays raw');
});
