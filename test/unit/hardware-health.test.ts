import t from 'tap';
import {
  alarmTransition,
  CLOCK_WARNING,
  counterRates,
  summarizeR2,
  warningsFor,
} from '../../src/hardware/health.js';
import { parseMfcr2Channels, parseProcSpan } from '../../src/hardware/parse-cli.js';

t.test('alarm transitions: what a reading raises and clears', async (t) => {
  t.same(alarmTransition([], ['RED']), { raised: ['RED'], cleared: [] });
  t.same(alarmTransition(['RED'], ['RED', 'YELLOW']), { raised: ['YELLOW'], cleared: [] });
  t.same(alarmTransition(['RED', 'YELLOW'], ['RECOVERING']), {
    raised: ['RECOVERING'],
    cleared: ['RED', 'YELLOW'],
  });
  t.same(alarmTransition(['BLUE'], ['BLUE']), { raised: [], cleared: [] });
});

t.test('counters become per-minute rates; unsupported or reset counters give null', async (t) => {
  const a = { at: 0, c: { crc4: 10, bpv: null, irqMisses: 0, slips: 5 } };
  const b = { at: 120_000, c: { crc4: 30, bpv: null, irqMisses: 0, slips: 1 } };
  t.same(counterRates(a, b), { crc4: 10, bpv: null, irqMisses: 0, slips: null });
});

t.test('"check clock source" only for slips without an alarm', async (t) => {
  const r = { crc4: 0, bpv: null, irqMisses: 0, slips: 2 };
  t.same(warningsFor([], r), [CLOCK_WARNING]);
  t.same(warningsFor(['RED'], r), []);
  t.same(warningsFor([], { ...r, slips: 0 }), []);
  t.same(warningsFor([], null), []);
});

t.test('/proc/dahdi/N counters, header flags, and R2 line summaries', async (t) => {
  const p = parseProcSpan(
    'Span 1: TE4/0/1 "T4XXP (PCI) Card 0 Span 1" (MASTER) CCS/HDB3/CRC4 ClockSource \n\tCRC4 error count: 12\n\tTiming slips: 3\n\n\t   1 TE4/0/1/1 Clear (In use)\n',
  );
  t.match(p, { timingSlips: 3, crc4Errors: 12, bpv: 0, master: true, clockSource: true });
  t.same(parseProcSpan('garbage'), {
    timingSlips: 0,
    crc4Errors: 0,
    bpv: 0,
    ebitErrors: 0,
    fasErrors: 0,
    irqMisses: 0,
    master: false,
    clockSource: false,
  });
  const lines = parseMfcr2Channels(
    [
      '  32    0 CN      10      8        No        No               IDLE     IDLE    ',
      '  33    0 CN      10      8        No        No               SEIZE AC SEIZE   ',
      '  34    0 CN      10      8        No        No               IDLE     BLOCK   ',
      '  35    0 CN      10      8        No        No               IDLE     0x0F    ',
    ].join('\n'),
  ).channels;
  t.same(summarizeR2(lines), { idle: 1, blocked: 1, busy: 1, other: 1 });
});
