import t, { type Test } from 'tap';
import type { AmiMessage } from '../../src/asterisk/ami.js';
import { translateQueueEvent } from '../../src/asterisk/queue-events.js';
import { Bus } from '../../src/bus.js';
import { wireModel } from '../../src/live/events.js';
import { type LiveDirectory, LiveModel, localMidnight } from '../../src/live/model.js';
import { queueLogFacts } from '../../src/live/queue-log.js';
import { createLogger } from '../../src/log.js';
import {
  abandon,
  agentCalled,
  agentComplete,
  agentConnect,
  type CallerSpec,
  join,
  leave,
  member,
  ringNoAnswer,
} from '../support/live-frames.js';

/** Today 10:00 local, in epoch seconds: AMI Timestamp values. */
const T0 = (localMidnight(Date.now()) + 10 * 3600_000) / 1000;
const ms = (s: number) => Math.round(s * 1000);

const directory: LiveDirectory = {
  queue: (s) => (s === 'q1' ? { id: 1, name: '客服一组', serviceLevelSec: 20, wrapUpSec: 10 } : null),
  agentName: (ext) => (ext === '1001' ? '张三' : null),
  agents: () => ['1003'],
  queues: () => ['q1'],
  trunkName: (id) => `carrier ${id}`,
};

function setup(t: Test) {
  const bus = new Bus(createLogger('silent'));
  const model = new LiveModel(directory, () => ({ slTargetPct: 80, longestWaitLimitSec: 60 }), ms(T0));
  let changes = 0;
  wireModel(bus, 'test', model, () => changes++);
  const feed = (...frames: AmiMessage[]) => {
    for (const f of frames) t.ok(translateQueueEvent(f, bus), `${f.Event} is a live event`);
  };
  return { bus, model, feed, changes: () => changes, q: (s = 'q1') => model.queueView(s, ms(T0 + 100))! };
}

/** A QueueStatus member of q1, idle. */
const memberInfo = (name: string, paused: boolean) => ({
  queue: 'q1',
  name,
  interface: `PJSIP/${name}`,
  paused,
  pausedReason: '',
  status: 1,
  inCall: false,
  penalty: 0,
  callsTaken: 0,
  wrapUpSec: 0,
});

const caller = (n: number, ts: number, number = `1380013800${n}`): CallerSpec => ({
  uniqueid: `${Math.floor(T0)}.${n}`,
  number,
  ts,
});

t.test('a caller who joins waits with a join time and makes the longest wait', async (t) => {
  const s = setup(t);
  s.feed(member('QueueMemberAdded', { queue: 'q1', ext: '1001', ts: T0 }));
  s.feed(join('q1', caller(1, T0 + 1), 1), join('q1', caller(2, T0 + 30), 2));
  const q = s.model.queueView('q1', ms(T0 + 61))!;
  t.equal(q.id, 1);
  t.equal(q.name, '客服一组');
  t.equal(q.waitingCount, 2);
  t.equal(q.waiting[0]!.callerIdNum, '13800138001');
  t.equal(q.longestWaitSince, new Date(ms(T0 + 1)).toISOString());
  t.equal(q.longestWaitSec, 60, 'the first caller has waited 60 s');
  t.equal(q.offered, 2);
  t.equal(q.serviceLevelPct, null, 'no call finished yet');
  t.ok(s.changes() >= 3, 'every event asked the stream to send');
});

t.test('the agent rings, answers and talks; the call is answered within the service level', async (t) => {
  const s = setup(t);
  const c = caller(1, T0 + 1);
  s.feed(member('QueueMemberAdded', { queue: 'q1', ext: '1001', ts: T0 }), join('q1', c, 1));
  s.feed(agentCalled('q1', { ...c, ts: T0 + 2 }, '1001'));
  t.equal(s.model.agentView('1001')!.state, 'ringing');
  t.equal(s.q().agents.ringing, 1);
  s.feed(
    member('QueueMemberStatus', { queue: 'q1', ext: '1001', status: 6, ts: T0 + 2 }),
    agentConnect('q1', { ...c, ts: T0 + 6 }, '1001', 5, 4),
    leave('q1', { ...c, ts: T0 + 6 }),
    member('QueueMemberStatus', { queue: 'q1', ext: '1001', status: 2, inCall: true, ts: T0 + 6 }),
  );
  const a = s.model.agentView('1001')!;
  t.equal(a.state, 'talking');
  t.equal(a.name, '张三');
  t.equal(a.since, new Date(ms(T0 + 6)).toISOString(), 'time in state counts from the answer');
  t.same(a.call, { queue: 'q1', uniqueid: c.uniqueid, callerIdNum: '13800138001' });
  t.equal(a.handledToday, 1);
  const q = s.q();
  t.equal(q.waitingCount, 0);
  t.equal(q.answered, 1);
  t.equal(q.answeredWithinSl, 1);
  t.equal(q.serviceLevelPct, 100);
  t.equal(q.asaSec, 5);
  t.equal(q.agents.talking, 1);
});

t.test('after the call the agent wraps up for the queue wrap-up time, then is available', async (t) => {
  const s = setup(t);
  const c = caller(1, T0 + 1);
  s.feed(
    member('QueueMemberAdded', { queue: 'q1', ext: '1001', ts: T0 }),
    join('q1', c, 1),
    agentCalled('q1', c, '1001'),
    agentConnect('q1', { ...c, ts: T0 + 3 }, '1001', 2),
    leave('q1', { ...c, ts: T0 + 3 }),
    agentComplete('q1', { ...c, ts: T0 + 63 }, '1001', 2, 60),
    member('QueueMemberStatus', { queue: 'q1', ext: '1001', status: 1, ts: T0 + 63 }),
  );
  t.equal(s.model.agentView('1001')!.state, 'wrap_up', 'directory wrap-up is 10 s');
  t.equal(s.q().ahtSec, 60);
  s.model.tick(ms(T0 + 70));
  t.equal(s.model.agentView('1001')!.state, 'wrap_up');
  s.model.tick(ms(T0 + 73));
  const a = s.model.agentView('1001')!;
  t.equal(a.state, 'available');
  t.equal(a.since, new Date(ms(T0 + 73)).toISOString());
  t.equal(a.call, null);
});

t.test('an idle device after the call means available even if app_queue still says InCall', async (t) => {
  const s = setup(t);
  const c = caller(1, T0 + 1);
  s.feed(
    member('QueueMemberAdded', { queue: 'q2', ext: '1002', ts: T0 }),
    join('q2', c, 1),
    agentConnect('q2', { ...c, ts: T0 + 3 }, '1002', 2),
    member('QueueMemberStatus', { queue: 'q2', ext: '1002', status: 2, inCall: true, ts: T0 + 3 }),
    agentComplete('q2', { ...c, ts: T0 + 30 }, '1002', 2, 27),
  );
  t.equal(s.model.agentView('1002')!.state, 'talking', 'the phone is still in use');
  // the device goes idle; app_queue clears in_call afterwards, with no event of its own
  s.feed(member('QueueMemberStatus', { queue: 'q2', ext: '1002', status: 1, inCall: true, ts: T0 + 30 }));
  t.equal(s.model.agentView('1002')!.state, 'available', 'q2 has no wrap-up');
});

t.test('a caller who hangs up while queued is counted as abandoned', async (t) => {
  const s = setup(t);
  const [c1, c2] = [caller(1, T0 + 1), caller(2, T0 + 2)];
  s.feed(member('QueueMemberAdded', { queue: 'q1', ext: '1001', ts: T0 }));
  s.feed(join('q1', c1, 1), join('q1', c2, 2), agentCalled('q1', c1, '1001'));
  s.feed(abandon('q1', { ...c1, ts: T0 + 40 }, 39), leave('q1', { ...c1, ts: T0 + 40 }, 1, 1));
  t.equal(s.model.agentView('1001')!.state, 'available', 'the phone stops ringing with the abandon');
  s.feed(agentConnect('q1', { ...c2, ts: T0 + 45 }, '1001', 43), leave('q1', { ...c2, ts: T0 + 45 }));
  const q = s.q();
  t.equal(q.offered, 2);
  t.equal(q.abandoned, 1);
  t.equal(q.answered, 1);
  t.equal(q.answeredWithinSl, 0, '43 s is over the 20 s threshold');
  t.equal(q.serviceLevelPct, 0);
  t.equal(q.waitingCount, 0);
});

t.test('service level counts finished calls only: a caller still waiting does not lower it', async (t) => {
  const s = setup(t);
  const [c1, c2] = [caller(1, T0 + 1), caller(2, T0 + 2)];
  s.feed(member('QueueMemberAdded', { queue: 'q1', ext: '1001', ts: T0 }));
  s.feed(join('q1', c1, 1), agentConnect('q1', { ...c1, ts: T0 + 3 }, '1001', 2), leave('q1', c1));
  s.feed(join('q1', c2, 1));
  t.equal(s.q().serviceLevelPct, 100);
  t.equal(s.q().offered, 2);
});

t.test('a paused agent shows the reason; talking beats paused; ring-no-answer ends ringing', async (t) => {
  const s = setup(t);
  s.feed(member('QueueMemberAdded', { queue: 'q1', ext: '1002', ts: T0 }));
  s.feed(member('QueueMemberPause', { queue: 'q1', ext: '1002', paused: true, reason: '培训', ts: T0 + 5 }));
  let a = s.model.agentView('1002')!;
  t.equal(a.state, 'paused');
  t.equal(a.pausedReason, '培训');
  t.equal(a.name, '1002', 'no seat name: the extension');
  s.feed(
    member('QueueMemberStatus', {
      queue: 'q1',
      ext: '1002',
      paused: true,
      reason: '培训',
      status: 2,
      ts: T0 + 9,
    }),
  );
  t.equal(s.model.agentView('1002')!.state, 'talking', 'a direct call while paused');
  s.feed(member('QueueMemberPause', { queue: 'q1', ext: '1002', status: 1, ts: T0 + 20 }));
  t.equal(s.model.agentView('1002')!.state, 'available');
  const c = caller(7, T0 + 21);
  s.feed(join('q1', c, 1), agentCalled('q1', c, '1002'));
  t.equal(s.model.agentView('1002')!.state, 'ringing');
  s.feed(ringNoAnswer('q1', { ...c, ts: T0 + 36 }, '1002', 15000));
  a = s.model.agentView('1002')!;
  t.equal(a.state, 'available');
  t.equal(s.q().waitingCount, 1, 'the caller still waits');
});

t.test('logged out: listed agents without membership, removed members, unreachable devices', async (t) => {
  const s = setup(t);
  t.equal(s.model.agentView('1003')!.state, 'logged_out', 'the directory lists 1003');
  s.feed(member('QueueMemberAdded', { queue: 'q1', ext: '1001', status: 5, ts: T0 }));
  t.equal(s.model.agentView('1001')!.deviceOffline, true, 'phone not registered');
  s.feed(member('QueueMemberRemoved', { queue: 'q1', ext: '1001', ts: T0 + 10 }));
  const a = s.model.agentView('1001')!;
  t.equal(a.state, 'logged_out');
  t.same(a.queues, []);
  t.equal(s.q().agents.loggedIn, 0);
});

t.test('a queue section not in the directory is shown by its name; qN still gets id N', async (t) => {
  const s = setup(t);
  s.feed(join('q7', caller(1, T0), 1), join('support', caller(2, T0), 1));
  t.equal(s.model.queueView('q7', ms(T0))!.name, 'q7');
  t.equal(s.model.queueView('q7', ms(T0))!.id, 7);
  t.equal(s.model.queueView('support', ms(T0))!.id, null);
  t.equal(s.model.queueView('q7', ms(T0))!.serviceLevelSec, 20, 'default threshold');
});

t.test('a resync after an Asterisk restart replaces waiting callers and members, keeps today', async (t) => {
  const s = setup(t);
  const [c1, c2] = [caller(1, T0 + 1), caller(2, T0 + 2)];
  s.feed(member('QueueMemberAdded', { queue: 'q1', ext: '1001', ts: T0 }));
  s.feed(join('q1', c1, 1), agentConnect('q1', c1, '1001', 1), leave('q1', c1), join('q1', c2, 1));
  t.equal(s.model.agentView('1001')!.state, 'talking');
  // Asterisk restarted: nobody waits, 1002 is the only member (re-added by the agents domain)
  s.model.resync(
    {
      queues: [{ queue: 'q1', serviceLevelSec: 30, strategy: 'ringall' }],
      members: [memberInfo('1002', false)],
      callers: [],
    },
    ms(T0 + 100),
  );
  const q = s.q();
  t.equal(q.waitingCount, 0, 'the waiting caller went with the restart');
  t.equal(q.answered, 1, "today's answered call stays");
  t.equal(q.offered, 2);
  t.equal(s.model.agentView('1001')!.state, 'logged_out');
  t.equal(s.model.agentView('1001')!.handledToday, 1);
  t.equal(s.model.agentView('1002')!.state, 'available');
  t.equal(q.agents.loggedIn, 1);
});

t.test("today's figures are seeded from queue_log once, whatever AMI repeats", async (t) => {
  const s = setup(t);
  const y = T0 - 86400;
  const log = [
    `${y}|${y}.1|q1|1001|CONNECT|3|${y}.2|2`, // yesterday: ignored
    `${T0}|${T0}.1|q1|NONE|ENTERQUEUE||13800138001|1`,
    `${T0 + 5}|${T0}.1|q1|1001|CONNECT|5|${T0}.3|4`,
    `${T0 + 65}|${T0}.1|q1|1001|COMPLETECALLER|5|60|1`,
    `${T0 + 70}|${T0}.4|q1|NONE|ENTERQUEUE||13800138004|1`,
    `${T0 + 90}|${T0}.4|q1|NONE|ABANDON|1|1|20`,
    `${T0 + 91}|NONE|q1|1001|PAUSE||培训`,
    'garbage line without fields',
    `${T0 + 95}|${T0}.5|q1|NONE|ENTERQUEUE||1380013`, // cut short by a crash: still counts as offered
  ].join('\n');
  s.model.seed(queueLogFacts(log, s.model.todayStart));
  let q = s.q();
  t.same([q.offered, q.answered, q.abandoned, q.ahtSec, q.asaSec], [3, 1, 1, 60, 5]);
  t.equal(s.model.agentView('1001')!.handledToday, 1);
  // the same answer arriving over AMI (a restart raced the file read) counts once
  s.feed(agentConnect('q1', { uniqueid: `${T0}.1`, number: '13800138001', ts: T0 + 5 }, '1001', 5));
  s.model.seed(queueLogFacts(log, s.model.todayStart));
  q = s.q();
  t.same([q.offered, q.answered, q.abandoned], [3, 1, 1]);
  t.equal(s.model.agentView('1001')!.handledToday, 1);
});

t.test("at local midnight today's figures start again", async (t) => {
  const s = setup(t);
  const c = caller(1, T0);
  s.feed(member('QueueMemberAdded', { queue: 'q1', ext: '1001', ts: T0 }));
  s.feed(join('q1', c, 1), agentConnect('q1', c, '1001', 1), leave('q1', c));
  t.equal(s.q().answered, 1);
  s.model.tick(localMidnight(ms(T0)) + 86400_000 + 1000);
  t.equal(s.q().answered, 0);
  t.equal(s.q().offered, 0);
  t.equal(s.model.agentView('1001')!.handledToday, 0);
  t.equal(s.model.agentView('1001')!.state, 'talking', 'the call itself goes on');
});

t.test('channels make active calls grouped by linkedid', async (t) => {
  const s = setup(t);
  const ch = (ev: string, uid: string, state: string, ts: number): AmiMessage => ({
    Event: ev,
    Timestamp: ts.toFixed(6),
    Channel: `PJSIP/x-${uid}`,
    ChannelState: state === 'Up' ? '6' : '4',
    ChannelStateDesc: state,
    CallerIDNum: '13800138000',
    ConnectedLineNum: '',
    Context: 'from-trunks',
    Exten: '80001',
    Uniqueid: uid,
    Linkedid: 'L1',
  });
  s.feed(ch('Newchannel', 'L1', 'Ring', T0), ch('Newchannel', 'B2', 'Down', T0 + 1));
  s.feed(ch('Newstate', 'B2', 'Up', T0 + 4));
  const snap = s.model.snapshot(ms(T0 + 5));
  t.same(snap.calls.L1, {
    id: 'L1',
    from: '13800138000',
    to: '80001',
    startedAt: new Date(ms(T0)).toISOString(),
    answeredAt: new Date(ms(T0 + 4)).toISOString(),
    channels: 2,
    queue: null,
    agent: null,
  });
  s.feed({ Event: 'Hangup', Uniqueid: 'B2', Linkedid: 'L1', Cause: '16', Timestamp: String(T0 + 9) });
  t.equal(s.model.snapshot(ms(T0 + 9)).calls.L1!.channels, 1);
  s.feed({ Event: 'Hangup', Uniqueid: 'L1', Linkedid: 'L1', Cause: '16', Timestamp: String(T0 + 9) });
  t.same(s.model.snapshot(ms(T0 + 9)).calls, {});
  const d = s.model.takeDelta(ms(T0 + 9))!;
  t.equal(d.calls!.L1, null, 'the delta says the call is gone');
  t.equal(s.model.takeDelta(ms(T0 + 9)), null, 'a delta is taken once');
});

t.test('caller numbers are masked to their ends; extensions and short numbers stay', async (t) => {
  const { maskNumber } = await import('../../src/live/mask.js');
  t.equal(maskNumber('13800138000'), '138****8000');
  t.equal(maskNumber('+8613800138000'), '+861****8000');
  t.equal(maskNumber('87654321'), '87****21');
  t.equal(maskNumber('1001'), '1001');
  t.equal(maskNumber('95555'), '95555');
  t.equal(maskNumber('张三 13800138000'), '张三 138****8000');
  t.equal(maskNumber(''), '');
});

t.test(
  'a restarted hotlined: an agent’s since is when its stored state began, if Asterisk agrees',
  async (t) => {
    const stored: Record<string, { loggedIn: boolean; paused: boolean; since: number }> = {
      '1001': { loggedIn: true, paused: true, since: ms(T0 - 600) },
      '1002': { loggedIn: true, paused: false, since: ms(T0 - 300) },
      '1003': { loggedIn: false, paused: false, since: ms(T0 - 900) },
      // stored as available, but Asterisk says paused (paused while hotlined was down): the restart it is
      '1004': { loggedIn: true, paused: false, since: ms(T0 - 200) },
    };
    const model = new LiveModel(
      { ...directory, agents: () => ['1003'], agentState: (ext) => stored[ext] ?? null },
      () => ({ slTargetPct: 80, longestWaitLimitSec: 60 }),
      ms(T0),
    );
    const report = {
      queues: [{ queue: 'q1', serviceLevelSec: 20, strategy: 'ringall' }],
      members: [memberInfo('1001', true), memberInfo('1002', false), memberInfo('1004', true)],
      callers: [],
    };
    model.resync(report, ms(T0 + 5));
    const since = (ext: string) => model.agentView(ext)!.since;
    t.equal(since('1001'), new Date(ms(T0 - 600)).toISOString(), 'paused since its pause');
    t.equal(since('1002'), new Date(ms(T0 - 300)).toISOString(), 'available since its login');
    t.equal(since('1003'), new Date(ms(T0 - 900)).toISOString(), 'logged out since its logout');
    t.equal(since('1004'), new Date(ms(T0 + 5)).toISOString(), 'a state the store does not know: from now');
    // a later resync (Asterisk reconnected) leaves times alone: they are live by now
    stored['1001'] = { loggedIn: true, paused: true, since: ms(T0 - 100) };
    model.resync(report, ms(T0 + 60));
    t.equal(since('1001'), new Date(ms(T0 - 600)).toISOString());
  },
);
