import t from 'tap';
import { AppError } from '../../src/errors.js';
import type { Principal } from '../../src/http/principal.js';
import { createLogger } from '../../src/log.js';
import { superviseDialplan } from '../../src/supervise/confgen.js';
import { createSuperviseService, type SupervisedAgent } from '../../src/supervise/service.js';
import { createSuperviseStore } from '../../src/supervise/store.js';
import type { SpyTelephony } from '../../src/supervise/telephony.js';
import { startTestBox, type TestBox } from '../support/box.js';
import { golden } from '../support/golden.js';

/**
 * Supervision's rules without Asterisk: the API's input and roles on a real
 * box (AMI unreachable), and the service's sessions against a telephony
 * stub that records what it would have asked Asterisk.
 */
let box: TestBox;
let q1: { id: number };
let q2: { id: number };

t.before(async () => {
  box = await startTestBox({ seats: ['1001', '1002', '1003'] });
  q1 = await box.api.post('/api/v1/queues', { name: '客服一组' });
  q2 = await box.api.post('/api/v1/queues', { name: '投诉组' });
  await box.api.post('/api/v1/agents', {
    extension: '1001',
    name: '客服 1001',
    skills: [{ queueId: q1.id }],
  });
  await box.api.post('/api/v1/agents', {
    extension: '1002',
    name: '组长 1002',
    skills: [{ queueId: q1.id }],
  });
  await box.api.post('/api/v1/agents', {
    extension: '1003',
    name: '组长 1003',
    skills: [{ queueId: q2.id }],
  });
});
t.teardown(() => box?.close());

t.test('the generated [hotline-spy] context', async (t) => {
  const { expected, actual } = golden('supervise/extensions_supervise.conf', superviseDialplan());
  t.equal(actual, expected);
  t.match(box.file('extensions_supervise.conf'), '[hotline-spy]', 'written at boot');
});

t.test('bad input is a 400 naming the field; agents get 403', async (t) => {
  const cases: [unknown, string][] = [
    [{ agentExtension: '1001' }, 'mode'],
    [{ agentExtension: '1001', mode: 'spy' }, 'mode'],
    [{ mode: 'listen' }, 'agentId'],
    [{ agentId: 1, agentExtension: '1001', mode: 'listen' }, 'agentId'],
    [{ agentExtension: '1001,q', mode: 'listen' }, 'agentExtension'],
    [{ agentExtension: '${EXTEN}', mode: 'listen' }, 'agentExtension'],
    [{ agentExtension: '客服一组', mode: 'listen' }, 'agentExtension'],
    [{ agentExtension: '1'.repeat(10_000), mode: 'listen' }, 'agentExtension'],
    [{ agentId: 'x', mode: 'listen' }, 'agentId'],
    [{ agentExtension: '1001', mode: 'listen', channel: 'PJSIP/1002-00000001' }, ''],
  ];
  for (const [body, field] of cases) {
    const r = await box.api.req('POST', '/api/v1/supervise', body);
    t.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
    if (field) t.equal(r.body.error.field, field, `names ${field}`);
  }
  const agent = await box.userApi('agent1001', 'agent', '1001');
  t.equal(
    (await agent.req('POST', '/api/v1/supervise', { agentExtension: '1001', mode: 'listen' })).status,
    403,
  );
  t.equal((await agent.req('GET', '/api/v1/supervise')).status, 403);
  t.equal((await agent.req('DELETE', '/api/v1/supervise/1')).status, 403);
  t.equal((await box.api.req('GET', '/api/v1/supervise/999')).status, 404);
  t.equal(
    (await box.api.req('POST', '/api/v1/supervise', { agentExtension: '1099', mode: 'listen' })).status,
    404,
    'an unknown agent',
  );
  const other = await box.userApi('sup1003', 'supervisor', '1003', [q2.id]);
  const r = await other.req('POST', '/api/v1/supervise', { agentExtension: '1001', mode: 'listen' });
  t.equal(r.status, 403, 'a supervisor of another queue');
  t.match(r.body.error.message, "supervisors of agent 1001's queues");
  // a seat in the agent's queue does not make a supervisor of it: only the supervised queues do
  const colleague = await box.userApi('sup1002', 'supervisor', '1002');
  const c = await colleague.req('POST', '/api/v1/supervise', { agentExtension: '1001', mode: 'listen' });
  t.equal(c.status, 403, 'a supervisor who supervises no queue');
  const admin = await box.api.req('POST', '/api/v1/supervise', { agentExtension: '1001', mode: 'listen' });
  t.equal(admin.status, 409, 'the admin passes the rule but has no seat');
  t.match(admin.body.error.message, 'no seat');
});

/** The service over the box's database and audit log, with Asterisk replaced by `tel`. */
function service(tel: Partial<SpyTelephony> & { calls?: string[] } = {}) {
  const calls: string[] = [];
  const telephony: SpyTelephony = {
    agentCall: async () => ({ channel: 'PJSIP/1001-0000000a', callId: '1764000000.1' }),
    registered: async () => true,
    originate: async (o) => {
      calls.push(`originate ${o.seat} ${o.mode} ${o.target} ${o.spyId}`);
    },
    hangup: async (spy) => {
      calls.push(`hangup ${spy}`);
      return true;
    },
    channelIds: async () => new Set(),
    ...tel,
  };
  const { db, audit } = box.hotline;
  const agents = box.hotline.services.agents;
  const svc = createSuperviseService({
    db,
    store: createSuperviseStore(db),
    audit,
    telephony,
    agents: {
      get: (id) => agents.get(id) as SupervisedAgent,
      byExtension: (ext) => agents.byExtension(ext),
    },
    seatOfUser: (id) => ({ 10: '1002', 11: '1003', 12: null })[id] ?? null,
    // 10 supervises the queue of 1001 and 1002; 11 another one; 12 is the admin
    supervisedQueues: (id) => ({ 10: [q1.id], 11: [q2.id] })[id] ?? [],
    log: createLogger('silent'),
  });
  return { svc, calls };
}
/** The HTTP status a service call is refused with (0 when it is not). */
const refused = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: AppError) => e.httpStatus,
  );
const as = (userId: number, role: Principal['role'] = 'supervisor') => ({
  principal: { userId, username: `u${userId}`, role, via: 'session' as const },
});
const auditOf = (id: number) =>
  box.hotline.audit
    .list({ entity: 'supervise', limit: 100, offset: 0 })
    .items.filter((r) => r.entityId === String(id))
    .map((r) => r.action)
    .sort();

t.test(
  'an admin sets the queues a supervisor supervises: checked, audited, and what lets them spy',
  async (t) => {
    const sup = await box.userApi('lead', 'supervisor', '1003');
    const id = (await box.api.get('/api/v1/users?q=lead')).items[0].id;
    const path = `/api/v1/users/${id}`;
    for (const [value, why] of [
      [[9999], 'an unknown queue'],
      [['1'], 'a string'],
      [[1.5], 'a fraction'],
      [[-1], 'a negative id'],
      ['1,2', 'not a list'],
      [[q1.id, '${EXTEN}'], 'a hostile value'],
      [Array.from({ length: 201 }, (_, i) => i + 1), 'too many'],
    ] as const) {
      const r = await box.api.req('PATCH', path, { supervisedQueueIds: value });
      t.equal(r.status, 400, why);
      // the list, or the item in it (supervisedQueueIds.1)
      t.match(r.body.error.field, /^supervisedQueueIds(\.[0-9]+)?$/, `${why} names the field`);
    }
    t.same((await box.api.get(path)).user.supervisedQueueIds, [], 'nothing half-applied');
    const body = { agentExtension: '1001', mode: 'listen' };
    t.equal((await sup.req('POST', '/api/v1/supervise', body)).status, 403, 'before: not theirs');
    t.equal(
      (await sup.req('PATCH', path, { supervisedQueueIds: [q1.id] })).status,
      403,
      'only admins set it',
    );

    const set = await box.api.req('PATCH', path, { supervisedQueueIds: [q2.id, q1.id, q1.id] });
    t.equal(set.status, 200);
    t.same(
      set.body.user.supervisedQueueIds,
      [q1.id, q2.id].sort((a, b) => a - b),
      'sorted, once each',
    );
    const row = box.hotline.audit.list({ entity: 'user', limit: 1, offset: 0 }).items[0];
    t.match(row, { action: 'update', entityId: id, before: { supervisedQueueIds: [] } }, 'audited');
    t.same(
      (row?.after as { supervisedQueueIds?: number[] } | undefined)?.supervisedQueueIds,
      [q1.id, q2.id].sort((a, b) => a - b),
      'the audit row names the queues after',
    );
    // the rule passes now: what stops them is Asterisk (unreachable here), not the role
    const r = await sup.req('POST', '/api/v1/supervise', body);
    t.not(r.status, 403, `after: ${r.status} ${r.body.error?.message}`);

    const temp = await box.api.post('/api/v1/queues', { name: '临时组' });
    await box.api.req('PATCH', path, { supervisedQueueIds: [temp.id] });
    t.equal((await box.api.req('DELETE', `/api/v1/queues/${temp.id}`)).status, 204);
    t.same((await box.api.get(path)).user.supervisedQueueIds, [], 'a deleted queue leaves no link');
    t.same(
      (await box.api.req('PATCH', path, { supervisedQueueIds: [] })).body.user.supervisedQueueIds,
      [],
      '[] clears',
    );
  },
);

t.test('a use is one session: started, answered, ended once by the hang-up, audited twice', async (t) => {
  const { svc, calls } = service();
  const s = await svc.start({ agentExtension: '1001', mode: 'whisper' }, as(10));
  t.match(s, {
    state: 'calling',
    mode: 'whisper',
    supervisorSeat: '1002',
    targetChannel: 'PJSIP/1001-0000000a',
  });
  t.match(calls[0], /^originate 1002 whisper PJSIP\/1001-0000000a hotline-spy-[0-9a-f]{16}$/);
  const spy = calls[0]!.split(' ')[4]!;
  t.equal(await refused(svc.start({ agentExtension: '1001', mode: 'listen' }, as(10))), 409, 'one at a time');
  svc.answered(spy, Date.now());
  t.equal(svc.get(s.id).state, 'active');
  t.same(
    svc.active().map((a) => a.id),
    [s.id],
  );
  svc.hungup(spy, Date.now());
  svc.hungup(spy, Date.now());
  t.match(svc.get(s.id), { state: 'ended', endReason: 'hangup' });
  t.same(auditOf(s.id), ['end', 'start'], 'one start and one end row');
  t.same(svc.active(), []);
  svc.stop();
});

t.test('DELETE hangs the spy up; its hang-up ends the session in the name of who asked', async (t) => {
  const { svc, calls } = service();
  const s = await svc.start(
    { agentId: box.hotline.services.agents.byExtension('1001')!.id, mode: 'barge' },
    as(10),
  );
  const spy = calls[0]!.split(' ')[4]!;
  await svc.end(s.id, as(1, 'admin'));
  t.equal(calls[1], `hangup ${spy}`);
  t.equal(svc.get(s.id).state, 'calling', 'still open until the channel is gone');
  svc.hungup(spy, Date.now());
  t.match(svc.get(s.id), { state: 'ended', endReason: 'ended' });
  const end = box.hotline.audit
    .list({ entity: 'supervise', limit: 100, offset: 0 })
    .items.find((r) => r.entityId === String(s.id) && r.action === 'end');
  t.equal(end?.username, 'u1');
  svc.stop();
});

t.test('refusals, and a failed Originate closes its session', async (t) => {
  const idle = service({ agentCall: async () => null });
  await t.rejects(idle.svc.start({ agentExtension: '1001', mode: 'listen' }, as(10)), {
    httpStatus: 409,
    message: 'agent 1001 is not on a call',
  });
  const unregistered = service({ registered: async () => false });
  await t.rejects(unregistered.svc.start({ agentExtension: '1001', mode: 'listen' }, as(10)), {
    httpStatus: 409,
    message: 'your seat 1002 has no registered phone',
  });
  const mine = service();
  t.equal(await refused(mine.svc.start({ agentExtension: '1002', mode: 'listen' }, as(10))), 409, 'own seat');
  t.equal(
    await refused(mine.svc.start({ agentExtension: '1001', mode: 'listen' }, as(11))),
    403,
    'other queue',
  );
  t.equal(
    await refused(mine.svc.start({ agentExtension: '1001', mode: 'listen' }, as(12, 'admin'))),
    409,
    'an admin without a seat',
  );
  const failing = service({
    originate: async () => {
      throw new AppError('asterisk_unavailable', 'not connected');
    },
  });
  t.equal(await refused(failing.svc.start({ agentExtension: '1001', mode: 'listen' }, as(10))), 503);
  const last = box.hotline.audit.list({ entity: 'supervise', limit: 1, offset: 0 }).items[0];
  t.match(last, { action: 'end', after: { reason: 'failed' } });
  t.same(failing.svc.active(), [], 'nothing left open');
});

t.test('a resync ends answered sessions whose spy channel Asterisk no longer has', async (t) => {
  const { svc, calls } = service();
  const s = await svc.start({ agentExtension: '1001', mode: 'listen' }, as(10));
  const spy = calls[0]!.split(' ')[4]!;
  svc.answered(spy, Date.now());
  await svc.resync();
  t.match(svc.get(s.id), { state: 'ended', endReason: 'gone' });
  svc.stop();
});
