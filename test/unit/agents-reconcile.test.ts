import t from 'tap';
import { desiredMembers, type Member, observedState, planReconcile } from '../../src/agents/reconcile.js';
import type { Agent, AgentState, Skill } from '../../src/agents/schema.js';
import { queueSection } from '../../src/queues/schema.js';

const agent = (extension: string, skills: Skill[], state: Partial<AgentState> = {}): Agent => ({
  id: Number(extension),
  extension,
  name: `客服 ${extension}`,
  skills,
  state: { loggedIn: true, paused: false, pauseReason: null, since: 0, ...state },
  createdAt: 0,
  updatedAt: 0,
});
const member = (queue: string, extension: string, patch: Partial<Member> = {}): Member => ({
  queue,
  extension,
  penalty: 0,
  paused: false,
  reason: '',
  ...patch,
});
const managed = (q: string) => /^q[0-9]+$/.test(q);

t.test('desiredMembers: one member per skill of each logged-in agent, paused with its reason', async (t) => {
  const members = desiredMembers(
    [
      agent('1003', [
        { queueId: 1, level: 0 },
        { queueId: 2, level: 3 },
      ]),
      agent('1004', [{ queueId: 1, level: 1 }], { paused: true, pauseReason: '培训' }),
      agent('1005', [{ queueId: 1, level: 0 }], { loggedIn: false }),
      agent('1006', []),
    ],
    queueSection,
  );
  t.same(members, [
    member('q1', '1003'),
    member('q2', '1003', { penalty: 3 }),
    member('q1', '1004', { penalty: 1, paused: true, reason: '培训' }),
  ]);
  t.same(
    desiredMembers([agent('1007', [{ queueId: 1, level: 0 }], { paused: true })], queueSection),
    [member('q1', '1007', { paused: true, reason: '' })],
    'paused without a reason',
  );
});

t.test('planReconcile: nothing to do when app_queue matches', async (t) => {
  const want = [member('q1', '1003'), member('q2', '1003', { penalty: 2, paused: true, reason: '会议' })];
  t.same(planReconcile(want, [...want].reverse(), managed), []);
  t.same(planReconcile([], [], managed), []);
});

t.test('planReconcile: adds missing members with their penalty and pause', async (t) => {
  const m = member('q1', '1003', { penalty: 4, paused: true, reason: '培训' });
  t.same(planReconcile([m], [], managed), [{ kind: 'add', member: m }]);
});

t.test('planReconcile: removes members of managed queues the database does not want', async (t) => {
  t.same(planReconcile([], [member('q1', '1003'), member('q7', '1004')], managed), [
    { kind: 'remove', queue: 'q1', extension: '1003' },
    { kind: 'remove', queue: 'q7', extension: '1004' },
  ]);
});

t.test('planReconcile: unmanaged queues and their members are never touched', async (t) => {
  const handMade = [member('support', '1003'), member('sales', '1009', { paused: true })];
  t.same(planReconcile([], handMade, managed), [], 'not removed');
  t.same(
    planReconcile([member('q1', '1003')], [...handMade, member('q1', '1003')], managed),
    [],
    'the same extension in an unmanaged queue does not count as the managed member',
  );
});

t.test('planReconcile: a changed level becomes a penalty change, not a re-add', async (t) => {
  t.same(
    planReconcile([member('q1', '1003', { penalty: 5 })], [member('q1', '1003', { penalty: 0 })], managed),
    [{ kind: 'penalty', queue: 'q1', extension: '1003', penalty: 5 }],
  );
});

t.test('planReconcile: pause, unpause and a changed reason', async (t) => {
  const pause = planReconcile(
    [member('q1', '1003', { paused: true, reason: '培训' })],
    [member('q1', '1003')],
    managed,
  );
  t.same(pause, [{ kind: 'pause', queue: 'q1', extension: '1003', paused: true, reason: '培训' }]);
  const unpause = planReconcile(
    [member('q1', '1003')],
    [member('q1', '1003', { paused: true, reason: '培训' })],
    managed,
  );
  t.same(unpause, [{ kind: 'pause', queue: 'q1', extension: '1003', paused: false, reason: '' }]);
  const reason = planReconcile(
    [member('q1', '1003', { paused: true, reason: '会议' })],
    [member('q1', '1003', { paused: true, reason: '培训' })],
    managed,
  );
  t.same(reason, [{ kind: 'pause', queue: 'q1', extension: '1003', paused: true, reason: '会议' }]);
  t.same(
    planReconcile([member('q1', '1003')], [member('q1', '1003', { reason: 'stale' })], managed),
    [],
    'a leftover reason on an unpaused member is not a change',
  );
});

t.test('planReconcile: several changes at once, removals first', async (t) => {
  const actions = planReconcile(
    [member('q1', '1003', { penalty: 1, paused: true, reason: '休息' }), member('q2', '1004')],
    [member('q1', '1003'), member('q3', '1004'), member('support', '1004')],
    managed,
  );
  t.same(actions, [
    { kind: 'remove', queue: 'q3', extension: '1004' },
    { kind: 'penalty', queue: 'q1', extension: '1003', penalty: 1 },
    { kind: 'pause', queue: 'q1', extension: '1003', paused: true, reason: '休息' },
    { kind: 'add', member: member('q2', '1004') },
  ]);
});

t.test('observedState: what app_queue shows about one agent', async (t) => {
  const a = agent('1003', [
    { queueId: 1, level: 0 },
    { queueId: 2, level: 0 },
  ]);
  t.same(
    observedState(a, []),
    { loggedIn: false, paused: false, pauseReason: null },
    'no member: logged out',
  );
  t.same(observedState(a, [member('q1', '1004')]), { loggedIn: false, paused: false, pauseReason: null });
  t.same(observedState(a, [member('q1', '1003'), member('q2', '1003')]), {
    loggedIn: true,
    paused: false,
    pauseReason: null,
  });
  t.same(
    observedState(a, [member('q1', '1003'), member('q2', '1003', { paused: true, reason: '培训' })]),
    {
      loggedIn: true,
      paused: true,
      pauseReason: '培训',
    },
    'paused in any queue: paused, with that reason',
  );
  t.same(
    observedState(a, [member('q1', '1003', { paused: true })]),
    {
      loggedIn: true,
      paused: true,
      pauseReason: null,
    },
    'paused without a reason',
  );
});

t.test(
  'observedState: an agent without skills keeps its stored state (app_queue cannot show it)',
  async (t) => {
    const a = agent('1005', [], { loggedIn: true, paused: true, pauseReason: '用餐' });
    t.same(observedState(a, []), { loggedIn: true, paused: true, pauseReason: '用餐' });
    const out = agent('1005', [], { loggedIn: false });
    t.same(observedState(out, []), { loggedIn: false, paused: false, pauseReason: null });
  },
);
