import t, { type Test } from 'tap';
import { createAgentStore, createSyncStore } from '../../src/agents/store.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { AppError } from '../../src/errors.js';
import { QueueSettings } from '../../src/queues/schema.js';
import { createQueueStore } from '../../src/queues/store.js';
import { SeatCreate } from '../../src/seats/schema.js';
import { buildTestHotline, unreachableAmi } from '../support/box.js';

interface FakeMember {
  queue: string;
  iface: string;
  penalty: number;
  paused: boolean;
  reason: string;
}

/**
 * app_queue's dynamic members as a table behind the AMI actions the agents
 * domain uses, answering like Asterisk 22 (QueueStatus items, "Unable to
 * add interface: Already there"). It calls itself disconnected so the config
 * applier writes files without reloading.
 */
function memberAmi(initial: FakeMember[]) {
  const members = [...initial];
  const log: string[] = [];
  const find = (q: string, iface: string) => members.findIndex((m) => m.queue === q && m.iface === iface);
  const ami = {
    state: 'disconnected',
    onState: () => () => {},
    async list(name: string) {
      if (name !== 'QueueStatus') throw new Error(`unexpected list ${name}`);
      const queues = [...new Set(members.map((m) => m.queue))];
      return [
        ...queues.map((q) => ({ Event: 'QueueParams', Queue: q, Max: '0' })),
        ...members.map((m) => ({
          Event: 'QueueMember',
          Queue: m.queue,
          Name: m.iface,
          Location: m.iface,
          StateInterface: m.iface,
          Membership: 'dynamic',
          Penalty: String(m.penalty),
          Paused: m.paused ? '1' : '0',
          PausedReason: m.reason,
        })),
        { Event: 'QueueStatusComplete' },
      ];
    },
    async action(name: string, f: Record<string, string>) {
      log.push(
        `${name} ${f.Queue} ${f.Interface}${f.Penalty ? ` ${f.Penalty}` : ''}${f.Paused ? ` ${f.Paused}` : ''}${f.Reason ? ` ${f.Reason}` : ''}`,
      );
      const i = find(f.Queue!, f.Interface!);
      switch (name) {
        case 'QueueAdd':
          if (i >= 0) throw new AppError('apply_failed', 'Unable to add interface: Already there');
          members.push({
            queue: f.Queue!,
            iface: f.Interface!,
            penalty: Number(f.Penalty),
            paused: false,
            reason: '',
          });
          return {};
        case 'QueueRemove':
          if (i < 0) throw new AppError('apply_failed', 'Unable to remove interface: Not there');
          members.splice(i, 1);
          return {};
        case 'QueuePenalty':
          members[i]!.penalty = Number(f.Penalty);
          return {};
        case 'QueuePause':
          members[i]!.paused = f.Paused === 'true';
          members[i]!.reason = f.Paused === 'true' ? (f.Reason ?? '') : '';
          return {};
        default:
          throw new Error(`unexpected action ${name}`);
      }
    },
  } as unknown as Ami;
  const table = () =>
    members.map((m) => `${m.queue} ${m.iface} ${m.penalty}${m.paused ? ` paused ${m.reason}` : ''}`).sort();
  return { ami, members, log, table };
}

const ADMIN = { userId: 1, username: 'admin', role: 'admin', via: 'session' } as const;

/** The agents service of the box as hotlined builds it, on that AMI, with seats 1003-1005 and queues q1, q2. */
async function setup(t: Test, members: FakeMember[]) {
  const fake = memberAmi(members);
  const box = buildTestHotline({ overrides: { ami: { ...unreachableAmi(), ...fake.ami } as Ami } });
  t.teardown(box.close);
  const { db, services } = box.hotline;
  for (const extension of ['1003', '1004', '1005'])
    await services.seats.create(SeatCreate.parse({ extension, name: `坐席 ${extension}` }), {
      principal: ADMIN,
    });
  const queues = createQueueStore(db);
  const q1 = queues.insert(
    {
      name: '一组',
      number: null,
      settings: QueueSettings.parse({}),
      overflow: { type: 'hangup' },
      dispositions: [],
      screenPopUrl: null,
    },
    0,
  );
  const q2 = queues.insert(
    {
      name: '二组',
      number: null,
      settings: QueueSettings.parse({}),
      overflow: { type: 'hangup' },
      dispositions: [],
      screenPopUrl: null,
    },
    0,
  );
  const store = createAgentStore(db);
  const sync = createSyncStore(db);
  const service = services.agents;
  fake.log.length = 0; // only what the agents service asks counts
  const agent = (
    extension: string,
    skills: { queueId: number; level: number }[],
    state: { loggedIn: boolean; paused?: boolean; pauseReason?: string | null },
  ) => {
    const id = store.insert({ extension, name: `客服 ${extension}`, skills }, 0);
    store.setState(id, { paused: false, pauseReason: null, since: 0, ...state });
    return id;
  };
  return { ...fake, service, store, sync, agent, q1, q2 };
}

const m = (queue: string, ext: string, patch: Partial<FakeMember> = {}): FakeMember => ({
  queue,
  iface: `PJSIP/${ext}`,
  penalty: 0,
  paused: false,
  reason: '',
  ...patch,
});

t.test('a new Asterisk run gets the database state re-applied; unmanaged members stay', async (t) => {
  const s = await setup(t, [
    m('q1', '1004'),
    m('q1', '1005', { paused: true, reason: 'x' }),
    m('support', '1003'),
    // not a seat interface: not hotlined's to manage
    { ...m('q1', '1009'), iface: 'Local/1009@from-queue' },
  ]);
  s.agent(
    '1003',
    [
      { queueId: s.q1, level: 0 },
      { queueId: s.q2, level: 2 },
    ],
    { loggedIn: true, paused: true, pauseReason: '培训' },
  );
  s.agent('1004', [{ queueId: s.q1, level: 1 }], { loggedIn: false });
  s.sync.setRun(1000);
  const n = await s.service.reconcile(2000);
  t.same(s.table(), [
    'q1 Local/1009@from-queue 0',
    'q1 PJSIP/1003 0 paused 培训',
    'q2 PJSIP/1003 2 paused 培训',
    'support PJSIP/1003 0',
  ]);
  t.equal(n, 4, 'two removals, two adds');
  t.equal(s.sync.lastRun(), 2000, 'this run is remembered');
  t.match(
    s.store.byExtension('1003')!.state,
    { loggedIn: true, paused: true, pauseReason: '培训' },
    'the database is the truth',
  );
  t.equal(await s.service.reconcile(2000), 0, 'a second reconcile has nothing to do');
});

t.test('the same run: changes made on phones while hotlined was away are adopted and stored', async (t) => {
  const s = await setup(t, [
    m('q1', '1004', { penalty: 1 }),
    m('q1', '1003'),
    m('q2', '1003', { penalty: 2, paused: true, reason: '会议' }),
  ]);
  const a1003 = s.agent(
    '1003',
    [
      { queueId: s.q1, level: 0 },
      { queueId: s.q2, level: 2 },
    ],
    { loggedIn: true },
  );
  const a1004 = s.agent('1004', [{ queueId: s.q1, level: 1 }], { loggedIn: false });
  const a1005 = s.agent('1005', [{ queueId: s.q2, level: 0 }], { loggedIn: true });
  s.sync.setRun(2000);
  await s.service.reconcile(2000);
  t.match(s.store.get(a1004)!.state, { loggedIn: true, paused: false }, 'logged in by feature code: adopted');
  t.match(
    s.store.get(a1003)!.state,
    { loggedIn: true, paused: true, pauseReason: '会议' },
    'paused by feature code: adopted',
  );
  t.match(s.store.get(a1005)!.state, { loggedIn: false }, 'gone from app_queue: logged out');
  const events = s.service
    .events(null, 0, Date.now() + 1, 100)
    .map((e: any) => [e.extension, e.event, e.reason, e.source]);
  t.same(events, [
    ['1003', 'pause', '会议', 'asterisk'],
    ['1004', 'login', null, 'asterisk'],
    ['1005', 'logout', null, 'asterisk'],
  ]);
  t.same(
    s.table(),
    ['q1 PJSIP/1003 0 paused 会议', 'q1 PJSIP/1004 1', 'q2 PJSIP/1003 2 paused 会议'],
    'and app_queue now matches the database: paused in one queue means paused in all',
  );
});

t.test('an unknown run (null) is never taken for the same run', async (t) => {
  const s = await setup(t, [m('q1', '1004')]);
  const id = s.agent('1004', [{ queueId: s.q1, level: 0 }], { loggedIn: false });
  s.sync.setRun(null);
  await s.service.reconcile(null);
  t.equal(s.store.get(id)!.state.loggedIn, false, 'not adopted');
  t.same(s.table(), [], 're-applied');
});

t.test('the same run does not log out a logged-in agent without skills', async (t) => {
  const s = await setup(t, []);
  const id = s.agent('1005', [], { loggedIn: true, paused: true, pauseReason: '用餐' });
  s.sync.setRun(3000);
  await s.service.reconcile(3000);
  t.match(s.store.get(id)!.state, { loggedIn: true, paused: true, pauseReason: '用餐' });
  t.same(s.service.events(id, 0, Date.now() + 1, 10), [], 'no invented history');
});

t.test('a member already there (a race with a feature code) is not an error', async (t) => {
  const s = await setup(t, []);
  const id = s.agent('1003', [{ queueId: s.q1, level: 0 }], { loggedIn: false });
  s.members.push(m('q1', '1003'));
  const r = await s.service.login(id);
  t.equal(r.applied, true);
  t.same(s.table(), ['q1 PJSIP/1003 0']);
  const p = await s.service.pause(id, '培训');
  t.equal(p.applied, true);
  t.same(s.log.at(-1), 'QueuePause q1 PJSIP/1003 true 培训', 'the Chinese reason goes to QueuePause as is');
  s.members.length = 0;
  const again = await s.service.pause(id, '培训');
  t.equal(again.applied, true, 'the same state asked again');
  t.same(s.table(), ['q1 PJSIP/1003 0 paused 培训'], 'is told to app_queue again');
  await s.service.logout(id);
  t.same(s.table(), []);
});
