import t from 'tap';
import { startTestBox } from '../support/box.js';

const box = await startTestBox({ seats: ['1001', '1002'] });
t.teardown(() => box.close());
const { api, hotline } = box;

const q = await api.post('/api/v1/queues', {
  name: '客服一组',
  number: '8001',
  settings: { serviceLevelSeconds: 20, wrapUpSeconds: 10 },
});
const agent = await api.post('/api/v1/agents', {
  extension: '1001',
  name: '客服 1001',
  skills: [{ queueId: q.id }],
});
await api.post('/api/v1/agents', { extension: '1002', name: '客服 1002', skills: [] });

const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00`).getTime();
const insertCall = hotline.db.prepare(
  `INSERT INTO calls (linkedid, direction, caller, entered_at, ended_at, queue_id, wait_seconds, agent,
     talk_seconds, outcome, updated_at)
   VALUES (?, 'inbound', '13800138000', ?, ?, ?, 5, '1001', ?, ?, 0)`,
);
let n = 0;
const call = (date: string, hhmm: string, talk: number, outcome = 'answered', queueId = q.id) => {
  const entered = at(date, hhmm) / 1000;
  insertCall.run(`c${++n}`, entered, entered + talk, queueId, talk, outcome);
};

// Wednesdays 2026-11-04, 11, 18, 25 forecast Wednesday 2026-12-02.
// 09:00–09:30: 3, 1, 0 and 2 answered calls; 10:00: one week with an abandoned call.
for (const [date, count] of [
  ['2026-11-04', 3],
  ['2026-11-11', 1],
  ['2026-11-25', 2],
] as const) {
  for (let i = 0; i < count; i++) call(date, `09:${String(i * 5).padStart(2, '0')}`, 170);
}
call('2026-11-18', '10:10', 0, 'abandoned_queue');
call('2026-11-18', '09:10', 500, 'answered', q.id + 1000); // another queue
call('2026-11-26', '09:10', 500); // a Thursday
call('2026-10-28', '09:10', 500); // five weeks back

t.test('the what-if calculator answers the textbook half hour', async (t) => {
  const r = await api.get(
    '/api/v1/staffing/erlang?calls=100&intervalMinutes=30&ahtSeconds=180&serviceLevelPct=80&targetSeconds=20&maxOccupancyPct=100',
  );
  t.same(r, {
    agents: 14,
    erlangs: 10,
    serviceLevelPct: 88.8,
    asaSec: 7.8,
    occupancyPct: 71.4,
    waitProbabilityPct: 17.4,
  });
});

t.test('bad what-if input names the field', async (t) => {
  for (const [qs, field] of [
    ['calls=-1&ahtSeconds=180', 'calls'],
    ['calls=10', 'ahtSeconds'],
    ['calls=10&ahtSeconds=180&serviceLevelPct=100', 'serviceLevelPct'],
    ['calls=10&ahtSeconds=180&maxOccupancyPct=abc', 'maxOccupancyPct'],
  ] as [string, string][]) {
    const r = await box.api.req('GET', `/api/v1/staffing/erlang?${qs}`);
    t.equal(r.status, 400, qs);
    t.match(JSON.stringify(r.body), field, `${qs} names ${field}`);
  }
});

t.test('a day: the mean of the same weekdays per half hour, Erlang C agents, logged-in agents', async (t) => {
  const addEvent = hotline.db.prepare(
    "INSERT INTO agent_events (agent_id, extension, event, reason, source, at) VALUES (?, '1001', ?, NULL, 'test', ?)",
  );
  addEvent.run(agent.id, 'login', at('2026-12-01', '20:00')); // logged in since the evening before
  addEvent.run(agent.id, 'logout', at('2026-12-02', '09:15'));
  addEvent.run(agent.id, 'login', at('2026-12-02', '10:00'));
  addEvent.run(agent.id, 'logout', at('2026-12-02', '11:00'));

  const day = await api.get(`/api/v1/staffing/day?queueId=${q.id}&date=2026-12-02&weeks=4`);
  t.same(day.sampledDates, ['2026-11-04', '2026-11-11', '2026-11-18', '2026-11-25']);
  t.equal(day.targetSeconds, 20, "the queue's service level");
  t.equal(day.slots.length, 48);
  const slot = (time: string) => day.slots.find((s: { time: string }) => s.time === time);

  const nine = slot('09:00');
  t.equal(nine.forecastCalls, 1.5, '(3 + 1 + 0 + 2) / 4');
  t.equal(nine.forecastAhtSec, 180, 'talk 170 + wrap-up 10');
  t.equal(nine.agentsNeeded, 1, '0.15 Erlangs: one agent answers 86 % within 20 s');
  t.equal(nine.serviceLevelPct, 86.4, '1 − 0.15 × e^(−0.85 × 20 / 180)');
  t.equal(nine.loggedIn, 0.5, 'logged in for the first quarter of an hour');

  const ten = slot('10:00');
  t.equal(ten.forecastCalls, 0.25, 'an abandoned call is offered too');
  t.equal(ten.forecastAhtSec, 180, 'no answered call then: the sample mean');
  t.equal(slot('10:30').loggedIn, 1);
  t.equal(slot('03:00').forecastCalls, 0);
  t.equal(slot('03:00').agentsNeeded, 0);
  t.equal(slot('03:00').loggedIn, 1, 'logged in since the evening before');
  t.equal(slot('12:00').loggedIn, 0);
});

t.test('a day ahead has no logged-in figures; an unknown queue is 404', async (t) => {
  const ahead = await api.get(`/api/v1/staffing/day?queueId=${q.id}&date=2099-01-07&weeks=1`);
  t.ok(ahead.slots.every((s: { loggedIn: unknown }) => s.loggedIn === null));
  t.equal((await api.req('GET', '/api/v1/staffing/day?queueId=9999&date=2026-12-02')).status, 404);
  const bad = await api.req('GET', `/api/v1/staffing/day?queueId=${q.id}&date=2026-13-45`);
  t.equal(bad.status, 400);
  t.match(JSON.stringify(bad.body), 'date');
});

t.test('agents may not use staffing', async (t) => {
  const agentApi = await box.userApi('staff1001', 'agent', '1001');
  t.equal((await agentApi.req('GET', '/api/v1/staffing/erlang?calls=1&ahtSeconds=60')).status, 403);
});
