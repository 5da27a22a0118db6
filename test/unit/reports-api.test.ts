import ExcelJS from 'exceljs';
import t from 'tap';
import { DEFAULT_SERVICE_LEVEL_SEC, SHORT_ABANDON_SEC } from '../../src/metrics/queue-figures.js';
import { resolvePeriod } from '../../src/reports/period.js';
import { startTestBox } from '../support/box.js';
import { figuresByHand } from '../support/report-figures.js';

const box = await startTestBox({ seats: ['1001', '1002'] });
t.teardown(() => box.close());
const { api, hotline } = box;

const q1 = await api.post('/api/v1/queues', { name: '客服一组', number: '8001' });
const q2 = await api.post('/api/v1/queues', {
  name: '售后',
  number: '8002',
  settings: { serviceLevelSeconds: 30, wrapUpSeconds: 10 },
});

interface Row {
  linkedid: string;
  direction: string;
  did: string;
  at: number;
  queue: number | null;
  wait: number | null;
  agent: string;
  talk: number;
  outcome: string;
}
const insert = hotline.db.prepare(
  `INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds,
     agent, talk_seconds, outcome, updated_at)
   VALUES (@linkedid, @direction, '13800138000', @did, @at, @at + 100, '', @queue, @wait, @agent, @talk, @outcome, 0)
   ON CONFLICT(linkedid) DO UPDATE SET entered_at = excluded.entered_at, queue_id = excluded.queue_id,
     wait_seconds = excluded.wait_seconds, agent = excluded.agent, talk_seconds = excluded.talk_seconds,
     outcome = excluded.outcome`,
);
/** As the calls service does: upsert, then calls.updated with the entered times before and after. */
function build(rows: Row[], previous: number[] = []) {
  hotline.db.transaction(() => {
    for (const r of rows) insert.run(r);
  })();
  hotline.bus.emit('calls.updated', {
    linkedids: rows.map((r) => r.linkedid),
    enteredAt: [...previous, ...rows.map((r) => r.at)],
  });
}

// one local day, 2026-11-23 (a Monday), with a mix of every fate over several hours and two DIDs
const DAY = new Date(2026, 10, 23).getTime() / 1000;
const OUTCOMES = ['answered', 'answered', 'answered', 'abandoned_queue', 'overflow', 'voicemail', 'answered'];
const rows: Row[] = [];
for (let i = 0; i < 300; i++) {
  const queued = i % 11 !== 0;
  const outcome = queued ? OUTCOMES[i % OUTCOMES.length]! : 'answered';
  rows.push({
    linkedid: `${DAY + i}.${i}`,
    direction: i % 13 === 0 ? 'outbound' : 'inbound',
    did: i % 3 === 0 ? '4008001234' : '4008005678',
    at: DAY + 8 * 3600 + i * 97,
    queue: queued ? (i % 2 ? q1.id : q2.id) : null,
    wait: queued ? (i * 7) % 60 : null,
    agent: outcome === 'answered' ? (i % 4 ? '1001' : '1002') : '',
    talk: outcome === 'answered' ? 30 + (i % 50) : 0,
    outcome,
  });
}
build(rows);

/** The rows as the call list shows them, counted by hand (test/support/report-figures.ts). */
const byHand = (list: Row[], sl: (q: number) => number) =>
  figuresByHand(
    list.map((r) => ({ queueId: r.queue, outcome: r.outcome, waitSeconds: r.wait, talkSeconds: r.talk })),
    sl,
  );
const slOf = (q: number) => (q === q2.id ? 30 : DEFAULT_SERVICE_LEVEL_SEC);
const DAY_Q = `period=custom&from=2026-11-23&to=2026-11-24`;

t.test('the queue summary equals the figures counted by hand from the same calls', async (t) => {
  const r = await api.get(`/api/v1/reports/queues?${DAY_Q}`);
  t.equal(r.queues.length, 2);
  for (const item of r.queues) {
    t.match(
      item,
      byHand(
        rows.filter((x) => x.queue === item.id),
        slOf,
      ),
      item.name,
    );
  }
  t.match(r.total, byHand(rows, slOf), 'the total');
  const q2Answered = rows.filter((x) => x.queue === q2.id && x.outcome === 'answered').length;
  t.equal(r.queues[1].wrapUpSec, 10 * q2Answered, 'wrap-up is the queue wrap-up seconds × answered');
  t.ok(r.total.offered > 0 && r.total.abandoned > 0 && r.total.shortAbandoned > 0 && r.total.overflow > 0);

  const agent = await api.get(`/api/v1/reports/queues?${DAY_Q}&agent=1002`);
  t.match(
    agent.total,
    byHand(
      rows.filter((x) => x.agent === '1002'),
      slOf,
    ),
    'the agent filter',
  );
  const did = await api.get(`/api/v1/reports/queues?${DAY_Q}&did=4008001234&queue=${q1.id}`);
  t.equal(did.queues.length, 1);
  t.match(
    did.total,
    byHand(
      rows.filter((x) => x.did === '4008001234' && x.queue === q1.id),
      slOf,
    ),
  );
});

t.test('distribution by hour and the weekday × hour heat map add up the same calls', async (t) => {
  const d = await api.get(`/api/v1/reports/distribution?${DAY_Q}&interval=hour`);
  t.equal(d.points.length, 24, 'every hour of the day, empty ones too');
  for (const p of d.points) {
    const start = new Date(p.start).getTime() / 1000;
    const inHour = rows.filter((x) => x.at >= start && x.at < start + 3600);
    t.equal(p.calls, inHour.length);
    t.match(p, byHand(inHour, slOf));
  }
  const day = await api.get(`/api/v1/reports/distribution?${DAY_Q}&interval=day`);
  t.equal(day.points.length, 1);
  t.match(day.points[0], byHand(rows, slOf));

  const h = await api.get(`/api/v1/reports/heatmap?${DAY_Q}`);
  t.equal(h.cells.length, 7);
  const monday = h.cells[0] as number[];
  for (let hour = 0; hour < 24; hour++) {
    const at = DAY + hour * 3600;
    t.equal(monday[hour], rows.filter((x) => x.queue !== null && x.at >= at && x.at < at + 3600).length);
  }
  t.equal(
    h.cells
      .slice(1)
      .flat()
      .reduce((a: number, b: number) => a + b, 0),
    0,
    'nothing on other days',
  );
});

t.test('rollups are idempotent: rebuilt twice, or a call rebuilt with a new outcome', async (t) => {
  const before = await api.get(`/api/v1/reports/queues?${DAY_Q}`);
  t.match(await api.post('/api/v1/reports/rebuild', {}, 200), { buckets: Number });
  await api.post('/api/v1/reports/rebuild', {}, 200);
  t.same(await api.get(`/api/v1/reports/queues?${DAY_Q}`), before, 'a rebuild gives the same report');
  build(rows.slice(0, 50));
  t.same(await api.get(`/api/v1/reports/queues?${DAY_Q}`), before, 'calls rebuilt unchanged count once');

  // an abandoned call turns out answered, and moves an hour later (an earlier leg's time corrected)
  const abandonedOne = rows.find((x) => x.outcome === 'abandoned_queue' && x.wait! > SHORT_ABANDON_SEC)!;
  const moved = { ...abandonedOne, outcome: 'answered', agent: '1001', talk: 40, at: abandonedOne.at + 3600 };
  build([moved], [abandonedOne.at]);
  const after = await api.get(`/api/v1/reports/queues?${DAY_Q}`);
  t.equal(after.total.abandoned, before.total.abandoned - 1);
  t.equal(after.total.answered, before.total.answered + 1);
  t.equal(after.total.offered, before.total.offered);
  const now = rows.map((x) => (x.linkedid === moved.linkedid ? moved : x));
  t.match(after.total, byHand(now, slOf));
  const hours = await api.get(`/api/v1/reports/distribution?${DAY_Q}&interval=hour`);
  for (const p of hours.points) {
    const start = new Date(p.start).getTime() / 1000;
    t.equal(p.offered, now.filter((x) => x.queue !== null && x.at >= start && x.at < start + 3600).length);
  }
  await api.post('/api/v1/reports/rebuild', {}, 200);
  t.same(await api.get(`/api/v1/reports/queues?${DAY_Q}`), after, 'the full rebuild agrees with the upkeep');
});

t.test('named periods are box-local; bad input is a 400 naming the field', async (t) => {
  const now = new Date(2026, 10, 25, 15, 30); // a Wednesday
  const local = (y: number, m: number, d: number) => new Date(y, m, d).getTime() / 1000;
  t.same(resolvePeriod({ period: 'today' }, now), { from: local(2026, 10, 25), to: local(2026, 10, 26) });
  t.same(resolvePeriod({ period: 'yesterday' }, now), { from: local(2026, 10, 24), to: local(2026, 10, 25) });
  t.same(resolvePeriod({ period: 'thisWeek' }, now), { from: local(2026, 10, 23), to: local(2026, 10, 30) });
  t.same(resolvePeriod({ period: 'lastMonth' }, now), { from: local(2026, 9, 1), to: local(2026, 10, 1) });
  t.same(resolvePeriod({ period: 'lastMonth' }, new Date(2026, 0, 5)), {
    from: local(2025, 11, 1),
    to: local(2026, 0, 1),
  });
  const bad = async (query: string, field: string) => {
    const r = await api.fetch(`/api/v1/reports/${query}`);
    t.equal(r.status, 400, query);
    t.match(await r.text(), field, query);
  };
  await bad('queues?period=custom&from=2026-11-23', 'to');
  await bad('queues?period=today&from=2026-11-23', 'from');
  await bad('queues?period=someday', 'period');
  await bad('queues?period=custom&from=2026-11-24&to=2026-11-23', 'to');
  await bad('queues?agent=1%3B2', 'agent');
  await bad('queues?did=%24%7BEXTEN%7D', 'did');
  await bad('distribution?period=custom&from=2025-01-01&to=2026-06-01&interval=15m', 'interval');
  await bad('heatmap?queue=abc', 'queue');
  const agent = await box.userApi('agent1001', 'agent', '1001');
  t.equal((await agent.fetch('/api/v1/reports/queues')).status, 403);
  await agent.post('/api/v1/reports/rebuild', {}, 403);
});

t.test('exports: CSV with a BOM and the total; XLSX read back; the heat map as 7 × 24', async (t) => {
  const csv = await api.fetch(`/api/v1/reports/queues/export?${DAY_Q}&format=csv`);
  t.equal(csv.status, 200);
  const body = Buffer.from(await csv.arrayBuffer());
  t.same([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = body.subarray(3).toString('utf8').trimEnd().split('\r\n');
  t.match(lines[0], /^队列,进线量,接通量/);
  t.equal(lines.length, 4, 'a header, two queues and the total');
  const summary = await api.get(`/api/v1/reports/queues?${DAY_Q}`);
  t.match(lines[3], new RegExp(`^合计,${summary.total.offered},${summary.total.answered},`));

  const x = await api.fetch(
    `/api/v1/reports/distribution/export?${DAY_Q}&interval=hour&format=xlsx`,
    undefined,
    {
      'accept-language': 'en',
    },
  );
  t.equal(x.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await x.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const sheet = book.worksheets[0]!;
  t.equal(sheet.getRow(1).getCell(1).value, 'From');
  t.equal(sheet.rowCount, 25, 'a header and 24 hours');

  const h = await api.fetch(`/api/v1/reports/heatmap/export?${DAY_Q}`);
  const hl = Buffer.from(await h.arrayBuffer())
    .subarray(3)
    .toString('utf8')
    .trimEnd()
    .split('\r\n');
  t.equal(hl.length, 8);
  t.equal(hl[0]!.split(',').length, 25);
  t.match(hl[1], /^周一,/);
});
