import t from 'tap';
import type { AmiMessage } from '../../src/asterisk/ami.js';
import { translateQueueEvent } from '../../src/asterisk/queue-events.js';
import { Bus } from '../../src/bus.js';
import { wireModel } from '../../src/live/events.js';
import { type LiveDirectory, LiveModel } from '../../src/live/model.js';
import { queueLogFacts } from '../../src/live/queue-log.js';
import { createLogger } from '../../src/log.js';
import type { QueueFigures } from '../../src/metrics/queue-figures.js';
import { ql, startCallsApp, T0, uidOf } from '../support/calls-app.js';
import { abandon, agentComplete, agentConnect, join, leave } from '../support/live-frames.js';

const QUEUES = [
  { id: 7, name: '销售', serviceLevelSec: 20 },
  { id: 8, name: '售后', serviceLevelSec: 10 },
];
const directory: LiveDirectory = {
  queue: (s) => QUEUES.find((q) => `q${q.id}` === s) ?? null,
  agentName: () => null,
  agents: () => [],
  queues: () => QUEUES.map((q) => `q${q.id}`),
  trunkName: () => null,
};
const FIGURES: (keyof QueueFigures)[] = [
  'offered',
  'answered',
  'answeredWithinSl',
  'abandoned',
  'shortAbandoned',
  'exited',
  'totalWaitAnsweredSec',
  'completed',
  'totalTalkSec',
  'serviceLevelPct',
  'abandonRatePct',
  'asaSec',
  'ahtSec',
];
const pick = (x: Record<string, unknown>) => Object.fromEntries(FIGURES.map((k) => [k, x[k]]));

/**
 * One day of queue calls as app_queue logs them. q7 (20 s): answered in 12 s
 * and in 25 s, an abandon after 30 s, a short abandon after 3 s, a max-wait
 * exit, a caller still waiting, a blind transfer; q8 (10 s): an attended
 * transfer, a call still talking, a key exit; q9 (not configured): one
 * answer; and a call answered yesterday that ends today.
 */
const LOG = [
  ql(1, 0, 'q7', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(1, 12, 'q7', '1003', 'CONNECT', '12|x|3'),
  ql(1, 52, 'q7', '1003', 'COMPLETEAGENT', '12|40|1'),
  ql(2, 0, 'q7', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(2, 25, 'q7', '1004', 'CONNECT', '25|x|3'),
  ql(2, 125, 'q7', '1004', 'COMPLETECALLER', '25|100|1'),
  ql(3, 0, 'q7', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(3, 30, 'q7', 'NONE', 'ABANDON', '1|1|30'),
  ql(4, 0, 'q7', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(4, 3, 'q7', 'NONE', 'ABANDON', '1|1|3'),
  ql(5, 0, 'q7', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(5, 300, 'q7', 'NONE', 'EXITWITHTIMEOUT', '1|1|300'),
  ql(6, 0, 'q7', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(7, 0, 'q7', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(7, 5, 'q7', '1003', 'CONNECT', '5|x|1'),
  ql(7, 35, 'q7', '1003', 'BLINDTRANSFER', '2000|hotline-seats|5|30|1'),
  ql(8, 0, 'q8', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(8, 8, 'q8', '1005', 'CONNECT', '8|x|1'),
  ql(8, 58, 'q8', '1005', 'ATTENDEDTRANSFER', 'LINK|PJSIP/a|PJSIP/b|8|50|1'),
  ql(9, 0, 'q8', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(9, 15, 'q8', '1006', 'CONNECT', '15|x|1'),
  ql(10, 0, 'q8', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(10, 7, 'q8', 'NONE', 'EXITWITHKEY', '1|1|1|7'),
  ql(11, 0, 'q9', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(11, 21, 'q9', '1003', 'CONNECT', '21|x|1'),
  ql(12, -86_400, 'q7', 'NONE', 'ENTERQUEUE', '|0138|1'),
  ql(12, -86_390, 'q7', '1004', 'CONNECT', '10|x|1'),
  ql(12, 20, 'q7', '1004', 'COMPLETEAGENT', '10|86410|1'),
];

function liveModel() {
  const model = new LiveModel(directory, () => ({ slTargetPct: 80, longestWaitLimitSec: 60 }), T0 * 1000);
  return {
    model,
    from: model.todayStart / 1000,
    view: (s: string) => model.queueView(s, (T0 + 3600) * 1000)!,
  };
}

t.test('GET /calls/figures and the live stream give the same figures for the same calls', async (t) => {
  const app = await startCallsApp(t, { queues: () => QUEUES });
  await app.queueLog(LOG);
  const live = liveModel();
  live.model.seed(queueLogFacts(LOG.join('\n'), live.model.todayStart));

  const from = live.from;
  const r = await app.req('GET', `/api/v1/calls/figures?from=${from}&to=${from + 86_400}`, 'supervisor');
  t.equal(r.status, 200);
  t.same(
    r.json.queues.map((q: any) => [q.section, q.id, q.name, q.serviceLevelSec]),
    [
      ['q7', 7, '销售', 20],
      ['q8', 8, '售后', 10],
      ['q9', 9, 'q9', 20],
    ],
    'configured queues first, then a section seen in queue_log',
  );
  const q7 = r.json.queues[0];
  t.match(q7, {
    offered: 7,
    answered: 3,
    answeredWithinSl: 2,
    abandoned: 1,
    shortAbandoned: 1,
    exited: 1,
    totalWaitAnsweredSec: 42,
    completed: 4,
    totalTalkSec: 40 + 100 + 30 + 86_410,
    serviceLevelPct: 40,
    abandonRatePct: 20,
    asaSec: 14,
  });
  t.match(r.json.queues[1], {
    offered: 3,
    answered: 2,
    answeredWithinSl: 1,
    exited: 1,
    completed: 1,
    totalTalkSec: 50,
  });
  t.match(r.json.queues[1], { serviceLevelPct: 33.3, asaSec: 11.5, ahtSec: 50 });
  t.match(r.json.total, { offered: 11, answered: 6, answeredWithinSl: 3, exited: 2, serviceLevelPct: 33.3 });
  for (const q of r.json.queues) {
    t.same(pick(q), pick(live.view(q.section) as never), `${q.section}: the stream shows the same figures`);
  }
});

t.test('the live model fed over AMI (exits from queue_log) agrees with the endpoint', async (t) => {
  const app = await startCallsApp(t, { queues: () => QUEUES });
  const day = LOG.filter((l) => !l.includes(`|${uidOf(12)}|`));
  await app.queueLog(day);
  const live = liveModel();
  const bus = new Bus(createLogger('silent'));
  wireModel(bus, 'test', live.model, () => {});
  const c = (n: number, dt: number) => ({ uniqueid: uidOf(n), number: '0138', ts: T0 + n * 60 + dt });
  const frames: AmiMessage[] = [
    join('q7', c(1, 0), 1),
    leave('q7', c(1, 12)),
    agentConnect('q7', c(1, 12), '1003', 12),
    agentComplete('q7', c(1, 52), '1003', 12, 40),
    join('q7', c(2, 0), 1),
    leave('q7', c(2, 25)),
    agentConnect('q7', c(2, 25), '1004', 25),
    agentComplete('q7', c(2, 125), '1004', 25, 100),
    join('q7', c(3, 0), 1),
    abandon('q7', c(3, 30), 30),
    leave('q7', c(3, 30)),
    join('q7', c(4, 0), 1),
    abandon('q7', c(4, 3), 3),
    leave('q7', c(4, 3)),
    join('q7', c(5, 0), 1),
    leave('q7', c(5, 300)), // AMI does not say it timed out
    join('q7', c(6, 0), 1),
    join('q7', c(7, 0), 2),
    leave('q7', c(7, 5)),
    agentConnect('q7', c(7, 5), '1003', 5),
    agentComplete('q7', c(7, 35), '1003', 5, 30),
    join('q8', c(8, 0), 1),
    leave('q8', c(8, 8)),
    agentConnect('q8', c(8, 8), '1005', 8),
    agentComplete('q8', c(8, 58), '1005', 8, 50),
    join('q8', c(9, 0), 1),
    leave('q8', c(9, 15)),
    agentConnect('q8', c(9, 15), '1006', 15),
    join('q8', c(10, 0), 1),
    leave('q8', c(10, 7)),
    join('q9', c(11, 0), 1),
    leave('q9', c(11, 21)),
    agentConnect('q9', c(11, 21), '1003', 21),
  ];
  for (const f of frames) t.ok(translateQueueEvent(f, bus), `${f.Event} is a live event`);
  t.equal(live.view('q7').exited, 0, 'before queue_log is read, the timeout is not known');
  // the tick reads what queue_log gained: the exits, and every other fact once more (counted once)
  live.model.seed(queueLogFacts(day.join('\n'), live.model.todayStart));

  const from = live.from;
  const r = await app.req('GET', `/api/v1/calls/figures?from=${from}&to=${from + 86_400}`, 'supervisor');
  t.equal(r.status, 200);
  t.equal(r.json.queues[0].exited, 1);
  for (const q of r.json.queues) {
    t.same(pick(live.view(q.section) as never), pick(q), `${q.section}: AMI plus queue_log = the endpoint`);
  }
});

t.test('today by default; bad periods are refused naming the field; agents may not read it', async (t) => {
  const app = await startCallsApp(t, { queues: () => QUEUES });
  const r = await app.req('GET', '/api/v1/calls/figures', 'admin');
  t.equal(r.status, 200);
  const from = new Date();
  from.setHours(0, 0, 0, 0);
  t.equal(r.json.from, from.toISOString(), 'from local midnight');
  t.equal(Date.parse(r.json.to) - from.getTime() >= 23 * 3600_000, true, 'to the next one');
  t.same(
    r.json.queues.map((q: any) => [q.section, q.offered, q.serviceLevelPct]),
    [
      ['q7', 0, null],
      ['q8', 0, null],
    ],
    'configured queues with no calls: zeros, and null figures',
  );
  t.equal(r.json.shortAbandonSec, 5);

  const bad = await app.req('GET', '/api/v1/calls/figures?from=yesterday', 'admin');
  t.equal(bad.status, 400);
  t.match(bad.text, /from/);
  const backwards = await app.req('GET', '/api/v1/calls/figures?from=2024-11-23&to=2024-11-22', 'admin');
  t.equal(backwards.status, 400);
  t.match(backwards.text, /to/);
  const long = await app.req('GET', '/api/v1/calls/figures?from=2020-01-01&to=2024-01-01', 'admin');
  t.equal(long.status, 400);
  t.match(long.text, /367 days/);
  const extra = await app.req('GET', '/api/v1/calls/figures?queue=7', 'admin');
  t.equal(extra.status, 400);
  t.match(extra.text, /queue/);
  t.equal((await app.req('GET', '/api/v1/calls/figures', 'agent', 2)).status, 403);
});
