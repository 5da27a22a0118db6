import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { LiveEvents } from '../../src/bus.js';
import { CLOCK_WARNING } from '../../src/hardware/health.js';
import { type E1App, e1Trunk, startE1App } from '../support/e1-app.js';
import { waitFor } from '../support/fake-ami.js';
import { spanAlarmClearFrame, spanAlarmFrame } from '../support/fake-ami-dahdi.js';

/**
 * The alarm flow through the real AMI client: a local server speaking AMI
 * replays chan_dahdi's SpanAlarm → SpanAlarmClear for span 2, and the status
 * polls answer as DAHDIShowStatus would meanwhile.
 */
let app: E1App;
let proc: string;
const LOC = 'PCI_Express_Bus_02_Slot_01';
const events: { name: string; payload: any }[] = [];

t.before(async () => {
  proc = mkdtempSync(path.join(tmpdir(), 'hotline-proc-'));
  mkdirSync(path.join(proc, 'dahdi'));
  app = await startE1App({ procRoot: proc });
  for (const name of [
    'span.alarm',
    'span.alarm.cleared',
    'span.status',
    'trunk.status',
  ] as (keyof LiveEvents)[])
    app.bus.on('test', name, (payload) => events.push({ name, payload }));
  await app.api.req('PUT', `/api/v1/hardware/cards/${LOC}`, { driver: 'wct4xxp', portCount: 2 });
  const r = await app.api.req('POST', '/api/v1/trunks', e1Trunk(LOC, 2, { kind: 'pri' }, 'carrier PRI', 1));
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
});
t.teardown(async () => {
  await app.close();
  rmSync(proc, { recursive: true, force: true });
});

const status = (span: number, alarms: string) => ({
  span,
  description: `T4XXP (PCI) Card 0 Span ${span}`,
  alarms,
  crc: 0,
  bpv: 0,
  irq: 0,
  framing: 'CCS',
  coding: 'HDB3',
  options: 'CRC4',
});

t.test('SpanAlarm → bus event, open history row, API; SpanAlarmClear closes it', async (t) => {
  const trunk = (await app.api.get('/api/v1/trunks')).items[0];
  // the line went red and the far end's RAI came with it: the poll sees both bits
  app.dahdi.spans = [status(1, 'OK'), status(2, 'YEL/RED')];
  app.fake.broadcast(spanAlarmFrame(2, 'Red Alarm'));
  await waitFor(() => events.some((e) => e.name === 'span.alarm' && e.payload.alarm === 'RED'), 'RED event');
  const red = events.find((e) => e.name === 'span.alarm')!.payload;
  t.match(red, { span: 2, location: LOC, port: 2, trunkId: trunk.id, alarm: 'RED' });
  t.match(red.raisedAt, /^\d{4}-\d\d-\d\dT/);

  let open = await app.api.get('/api/v1/hardware/alarms?open=true');
  t.same(
    open.items.map((a: any) => [a.span, a.alarm, a.clearedAt]),
    [[2, 'RED', null]],
  );
  t.equal(open.items[0].id, red.historyId);
  // SpanAlarm names only the highest alarm; the poll it triggers adds YELLOW
  await waitFor(
    () => events.some((e) => e.name === 'span.alarm' && e.payload.alarm === 'YELLOW'),
    'poll',
    4000,
  );
  const health = await app.api.get('/api/v1/hardware/health');
  t.same(health.spans.find((s: any) => s.span === 2).alarms, ['RED', 'YELLOW']);
  t.same(health.spans.find((s: any) => s.span === 1)?.alarms ?? [], []);
  t.same(
    (await app.api.get(`/api/v1/trunks/${trunk.id}`)).span.alarms,
    ['RED', 'YELLOW'],
    'on the trunk view',
  );

  app.dahdi.spans = [status(1, 'OK'), status(2, 'OK')];
  app.fake.broadcast(spanAlarmClearFrame(2));
  await waitFor(() => events.filter((e) => e.name === 'span.alarm.cleared').length === 2, 'cleared events');
  const cleared = events.filter((e) => e.name === 'span.alarm.cleared').map((e) => e.payload);
  t.same(cleared.map((c) => c.alarm).sort(), ['RED', 'YELLOW']);
  t.equal(cleared.find((c) => c.alarm === 'RED').historyId, red.historyId);
  open = await app.api.get('/api/v1/hardware/alarms?open=true');
  t.same(open.items, []);
  const all = await app.api.get('/api/v1/hardware/alarms?span=2');
  t.equal(all.total, 2);
  for (const a of all.items) t.match(a.clearedAt, /^\d{4}-/, `${a.alarm} cleared`);
  t.same((await app.api.get('/api/v1/hardware/health')).spans.find((s: any) => s.span === 2).alarms, []);
  // layer 2 comes up: PRIShowSpans is the only place that says so
  app.dahdi.dchannels = [{ span: 2, dchannel: 47, up: true }];
  await app.hardware.health.poll();
  const up = await app.api.get(`/api/v1/trunks/${trunk.id}`);
  t.same(up.span.dchannel, { up: true, active: true, inAlarm: false });
  t.equal(up.status.reachability, 'reachable');
  t.ok(events.some((e) => e.name === 'span.status' && e.payload.span === 2 && e.payload.dchannelUp === true));
  t.match(events.filter((e) => e.name === 'trunk.status').at(-1)?.payload, {
    id: trunk.id,
    reachability: 'reachable',
  });
});

t.test(
  'slips rising on a span without alarm raise "check clock source"; counters become rates',
  async (t) => {
    const slips = (n: number) =>
      writeFileSync(
        path.join(proc, 'dahdi', '2'),
        `Span 2: TE4/0/2 "T4XXP (PCI) Card 0 Span 2" CCS/HDB3/CRC4 \n\tTiming slips: ${n}\n\n`,
      );
    app.dahdi.spans = [status(1, 'OK'), { ...status(2, 'OK'), crc: 10 }];
    slips(3);
    await app.hardware.health.poll();
    await new Promise((r) => setTimeout(r, 50));
    slips(9);
    app.dahdi.spans = [status(1, 'OK'), { ...status(2, 'OK'), crc: 40 }];
    await app.hardware.health.poll();
    const s2 = (await app.api.get('/api/v1/hardware/health')).spans.find((s: any) => s.span === 2);
    t.same(s2.warnings, [CLOCK_WARNING]);
    t.ok(s2.rates.slips > 0, `slips/min ${s2.rates.slips}`);
    t.ok(s2.rates.crc4 > 0, `crc4/min ${s2.rates.crc4}`);
    t.equal(s2.counters.slips, 9);
    t.ok(
      events.some((e) => e.name === 'span.status' && e.payload.warnings.includes(CLOCK_WARNING)),
      'on the bus',
    );

    // slips while the span is in alarm are a line problem, not a clock one
    slips(20);
    app.dahdi.spans = [status(1, 'OK'), { ...status(2, 'RED'), crc: 40 }];
    await app.hardware.health.poll();
    const again = (await app.api.get('/api/v1/hardware/health')).spans.find((s: any) => s.span === 2);
    t.same(again.warnings, []);
    t.same(again.alarms, ['RED']);
  },
);

t.test('alarm history paging is validated: 400 naming the field', async (t) => {
  const r = await app.api.req('GET', '/api/v1/hardware/alarms?limit=0');
  t.equal(r.status, 400);
  t.equal(r.body.error.field, 'limit');
});

t.test('chan_dahdi not loaded at all reads as "no DAHDI", quietly', async (t) => {
  app.fake.handle('DAHDIShowStatus', (a, c) => {
    c.write(
      `Response: Error\r\nActionID: ${a.id}\r\nMessage: Invalid/unknown command: DAHDIShowStatus. Use Action: ListCommands to show available commands.\r\n\r\n`,
    );
    return true;
  });
  await app.hardware.health.poll();
  t.equal((await app.api.get('/api/v1/hardware/health')).dahdi, false);
});
