import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { Bus, type ChannelInfo } from '../../src/bus.js';
import { buildCall } from '../../src/calls/build.js';
import type { CdrForCall } from '../../src/calls/rows.js';
import { createLostCalls } from '../../src/cdr/lost.js';
import { openDb } from '../../src/db/index.js';
import { createLogger } from '../../src/log.js';
import { TRUNK_IN_CONTEXT } from '../../src/trunks/confgen.js';

const T = 1_732_359_000_000;
const RUN1 = T - 3_600_000;
const RUN2 = T + 60_000;

/** A box whose bus is driven by hand, and its cdr rows. */
function setup(tt: Test) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-lost-'));
  const log = createLogger('silent');
  const db = openDb(path.join(dir, 'hotline.db'), log);
  const bus = new Bus(log);
  let listing: Record<string, string>[] = [];
  let catchUps = 0;
  const lost = createLostCalls({
    db,
    bus,
    log,
    ami: { list: async () => listing as never },
    catchUp: async () => catchUps++,
  });
  const ingested: number[] = [];
  bus.on('test', 'cdr.ingested', (e) => ingested.push(e.count));
  tt.teardown(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const channel = (over: Partial<ChannelInfo>): ChannelInfo => ({
    uniqueid: `${T / 1000}.1`,
    linkedid: `${T / 1000}.1`,
    channel: 'PJSIP/carrier-00000001',
    state: 'Ring',
    callerIdNum: '13800000001',
    connectedLineNum: '',
    exten: '80031',
    context: TRUNK_IN_CONTEXT,
    at: T,
    ...over,
  });
  const ready = async (startedAt: number | null) => {
    bus.emit('ami.state', { state: 'connected', since: Date.now() });
    bus.emit('asterisk.ready', { version: '22', startedAt });
    await new Promise((r) => setTimeout(r, 20));
  };
  const rows = () =>
    db.prepare('SELECT * FROM cdr ORDER BY id').all() as (CdrForCall & { spool_id: number })[];
  return {
    bus,
    lost,
    channel,
    ready,
    rows,
    setListing: (l: Record<string, string>[]) => {
      listing = l;
    },
    catchUps: () => catchUps,
    ingested,
  };
}

/** Two calls up (one answered by seat 1001, one waiting), then the link drops at T + 30 s. */
async function twoCallsThenDrop(b: ReturnType<typeof setup>) {
  await b.ready(RUN1);
  b.bus.emit('channel.created', b.channel({}));
  b.bus.emit(
    'channel.state',
    b.channel({ state: 'Up', at: T + 1000, context: 'hotline-queue-1', exten: 's' }),
  );
  b.bus.emit(
    'channel.created',
    b.channel({
      uniqueid: `${T / 1000}.2`,
      channel: 'PJSIP/1001-00000002',
      callerIdNum: '1001',
      at: T + 5000,
    }),
  );
  b.bus.emit(
    'channel.state',
    b.channel({ uniqueid: `${T / 1000}.2`, channel: 'PJSIP/1001-00000002', state: 'Up', at: T + 6000 }),
  );
  b.bus.emit(
    'channel.created',
    b.channel({ uniqueid: 'w.3', linkedid: 'w.3', callerIdNum: '13800000002', at: T + 2000 }),
  );
  // a call that ended before the drop: not lost
  b.bus.emit('channel.created', b.channel({ uniqueid: 'e.4', linkedid: 'e.4', callerIdNum: '13800000003' }));
  b.bus.emit('channel.hungup', { uniqueid: 'e.4', linkedid: 'e.4', cause: 16, at: T + 3000 });
  b.bus.emit('ami.state', { state: 'disconnected', since: T + 30_000 });
}

t.test(
  'a new Asterisk run: one LOST CDR per call that was up, once, and each builds a cut_off call',
  async (t) => {
    const b = setup(t);
    await twoCallsThenDrop(b);
    await b.ready(RUN2);
    const rows = b.rows();
    t.equal(b.catchUps(), 1, 'the spool was read up to date first');
    t.same(
      rows.map((r) => [
        r.src,
        r.uniqueid,
        r.disposition,
        r.start_at,
        r.answer_at,
        r.end_at,
        r.did,
        r.dstchannel,
      ]),
      [
        [
          '13800000001',
          `${T / 1000}.1`,
          'LOST',
          T / 1000,
          T / 1000 + 1,
          T / 1000 + 30,
          '80031',
          'PJSIP/1001-00000002',
        ],
        ['13800000002', 'w.3', 'LOST', T / 1000 + 2, null, T / 1000 + 30, '80031', ''],
      ],
    );
    t.ok(
      rows.every((r) => r.spool_id < 0),
      'spool ids below the spool range',
    );
    t.same(b.ingested, [2], 'the calls builder is told');

    // a second pass over the same calls (say, a flap) adds nothing
    await twoCallsThenDrop(b);
    await b.ready(RUN2 + 1000);
    t.equal(b.rows().length, 2, 'not doubled');

    const call = buildCall([{ ...rows[0]!, sequence: 0 }], []);
    t.equal(call?.outcome, 'cut_off');
    t.equal(call?.endedAt, T / 1000 + 30);
    t.equal(call?.direction, 'inbound');
  },
);

t.test('the same Asterisk run (only the link dropped): nothing is written', async (t) => {
  const b = setup(t);
  await twoCallsThenDrop(b);
  b.setListing([]);
  await b.ready(RUN1);
  t.same(b.rows(), []);
  t.equal(b.catchUps(), 0);
});

t.test('after a reconnect to the same run, calls hung up in the gap are not counted later', async (t) => {
  const b = setup(t);
  await twoCallsThenDrop(b);
  // Asterisk lists only the waiting call: the answered one ended while the link was down
  b.setListing([
    {
      Event: 'CoreShowChannel',
      Uniqueid: 'w.3',
      Linkedid: 'w.3',
      Channel: 'PJSIP/carrier-00000003',
      ChannelStateDesc: 'Up',
      CallerIDNum: '13800000002',
      Exten: 's',
      Context: 'hotline-queue-1',
      Duration: '00:00:40',
    },
  ]);
  await b.ready(RUN1);
  t.equal(b.lost.size(), 1, 'only the listed channel');
  b.bus.emit('ami.state', { state: 'disconnected', since: T + 60_000 });
  await b.ready(RUN2);
  t.same(
    b.rows().map((r) => [r.uniqueid, r.disposition]),
    [['w.3', 'LOST']],
  );
});

t.test('a spool CDR for the same channel wins over a LOST one in the calls builder', async (t) => {
  const base = {
    id: 1,
    start_at: 100,
    answer_at: null,
    end_at: 130,
    src: '138',
    dst: '80031',
    dcontext: 'from-trunks',
    channel: 'PJSIP/carrier-1',
    dstchannel: '',
    lastapp: '',
    duration: 30,
    billsec: 0,
    disposition: 'LOST',
    uniqueid: 'u.1',
    linkedid: 'u.1',
    sequence: 0,
    did: '80031',
    ivrpath: '',
    recording: '',
    afterhours: '',
  };
  t.equal(buildCall([base], [])?.outcome, 'cut_off');
  const spool = { ...base, id: 2, disposition: 'NO ANSWER', lastapp: 'Hangup', end_at: 129 };
  const c = buildCall([base, spool], []);
  t.equal(c?.outcome, 'failed', 'the late spool row decides');
  t.equal(c?.endedAt, 129);
});
