import t from 'tap';
import { call, ql, startCallsApp, T0 } from '../support/calls-app.js';

t.test(
  'one row per call from its CDRs; queue facts join whether queue_log comes first or last',
  async (t) => {
    const app = await startCallsApp(t);
    // call 1: a direct seat call; call 2: queued in q7, agent 1004; call 3: abandoned in q7
    await app.queueLog([
      ql(2, 0, 'q7', 'NONE', 'ENTERQUEUE', '|013800000002|1'),
      ql(2, 12, 'q7', '1004', 'CONNECT', '12|x|3'),
      ql(2, 52, 'q7', '1004', 'COMPLETEAGENT', '12|40|1'),
    ]);
    t.equal((await app.get('')).body.total, 0, 'queue events alone make no call');
    await app.cdrs([
      call(1, { recording: '20241123/a-1.wav' }),
      call(2, { dstchannel: 'PJSIP/1004-00000102', lastapp: 'Queue' }),
      call(3, { dstchannel: '', lastapp: 'Queue', answer_epoch: '', billsec: '0', disposition: 'NO ANSWER' }),
    ]);
    await app.queueLog([
      ql(3, 0, 'q7', 'NONE', 'ENTERQUEUE', ''),
      ql(3, 25, 'q7', 'NONE', 'ABANDON', '1|1|25'),
    ]);
    const r = await app.get('?sort=asc');
    t.equal(r.status, 200);
    t.equal(r.body.total, 3);
    const [c1, c2, c3] = r.body.items;
    t.match(c1, {
      caller: '01380000001',
      did: '5550001',
      agent: '1003',
      outcome: 'answered',
      talkSeconds: 60,
    });
    t.equal(c1.enteredAt, new Date((T0 + 60) * 1000).toISOString());
    t.equal(c1.recording, null, 'the file is not on disk: no link');
    t.match(c2, { queueId: 7, waitSeconds: 12, agent: '1004', talkSeconds: 40, outcome: 'answered' });
    t.match(c3, { queueId: 7, waitSeconds: 25, agent: '', outcome: 'abandoned_queue' });
    t.same(Object.keys(c1).sort(), [
      'agent',
      'caller',
      'did',
      'direction',
      'endedAt',
      'enteredAt',
      'holdSeconds',
      'id',
      'ivrPath',
      'linkedid',
      'outcome',
      'queueId',
      'recording',
      'talkSeconds',
      'transfers',
      'waitSeconds',
      'wrapUp',
    ]);
  },
);

t.test(
  'rebuilding is idempotent: a later CDR of the same call updates its row, never adds one',
  async (t) => {
    const app = await startCallsApp(t);
    await app.cdrs([
      call(1, {
        dstchannel: 'PJSIP/1003-00000001',
        disposition: 'NO ANSWER',
        answer_epoch: '',
        billsec: '0',
        lastapp: 'Dial',
      }),
    ]);
    const before = (await app.get('')).body.items[0];
    t.equal(before.outcome, 'missed');
    await app.cdrs([
      call(1, { lastapp: 'VoiceMail', dstchannel: '', start_epoch: (T0 + 90).toFixed(6), sequence: '2' }),
    ]);
    const after = await app.get('');
    t.equal(after.body.total, 1);
    t.equal(after.body.items[0].id, before.id, 'same row, same id');
    t.equal(after.body.items[0].outcome, 'voicemail');
    const n = app.db.prepare('SELECT COUNT(*) FROM calls').pluck().get();
    t.equal(n, 1);
  },
);

t.test(
  'filters: time, queue, agent, outcome, number (caller or DID), direction; paging and sort',
  async (t) => {
    const app = await startCallsApp(t);
    await app.cdrs([
      call(1),
      call(2, { dstchannel: 'PJSIP/1004-00000102' }),
      call(3, { did: '5550009', dst: '5550009' }),
      call(4, { dstchannel: '', disposition: 'NO ANSWER', answer_epoch: '', billsec: '0', lastapp: 'Queue' }),
    ]);
    await app.queueLog([
      ql(4, 0, 'q2', 'NONE', 'ENTERQUEUE', ''),
      ql(4, 9, 'q2', 'NONE', 'ABANDON', '1|1|9'),
    ]);
    const callers = async (q: string) => ((await app.get(q)).body.items as any[]).map((c) => c.caller);
    t.same(await callers(''), ['01380000004', '01380000003', '01380000002', '01380000001'], 'newest first');
    t.same(await callers('?sort=asc&limit=2&offset=1'), ['01380000002', '01380000003']);
    t.same(await callers(`?from=${T0 + 120}&to=${T0 + 240}`), ['01380000003', '01380000002']);
    t.same(await callers('?queue=2'), ['01380000004']);
    t.same(await callers('?agent=1004'), ['01380000002']);
    t.same(await callers('?outcome=abandoned_queue,missed'), ['01380000004']);
    t.same(await callers('?outcome=answered&outcome=abandoned_queue'), await callers(''));
    t.same(await callers('?number=5550009'), ['01380000003'], 'by DID');
    t.same(await callers('?number=01380000001'), ['01380000001'], 'by caller');
    t.same(await callers('?direction=outbound'), []);
    const third = ((await app.get('?number=01380000003')).body.items as any[])[0];
    const byLinkedid = (await app.get(`?linkedid=${third.linkedid}`)).body.items as any[];
    t.same(
      byLinkedid.map((c) => c.id),
      [third.id],
      'by Asterisk linkedid (how the desk knows a call)',
    );
    const page = await app.get('?limit=1');
    t.match(page.body, { total: 4, limit: 1, offset: 0 });
  },
);

t.test('bad query values are a 400 naming the field, never a 500', async (t) => {
  const app = await startCallsApp(t);
  for (const [q, field] of [
    ['?from=yesterday', 'from'],
    ['?from=2024-11-24&to=2024-11-23', 'to'],
    ['?queue=abc', 'queue'],
    ['?queue=0', 'queue'],
    ['?agent=1003%3B', 'agent'],
    ['?agent=%24%7BEXTEN%7D', 'agent'],
    ['?outcome=bogus', 'outcome'],
    ['?outcome=answered,%0Ahangup', 'outcome'],
    ['?number=%E5%AE%A2%E6%9C%8D', 'number'],
    [`?number=${'1'.repeat(40)}`, 'number'],
    ['?sort=sideways', 'sort'],
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?offset=-1', 'offset'],
    ['?direction=up', 'direction'],
    ['?linkedid=1764000000', 'linkedid'],
    ['?linkedid=1.2%3B3', 'linkedid'],
    ['?hack=1', 'hack'],
  ] as [string, string][]) {
    const r = await app.get(q);
    t.equal(r.status, 400, q);
    t.equal(r.body.error?.field, field, `${q} names ${field}`);
  }
});

t.test('who sees calls: supervisors all, an agent only the calls their seat took', async (t) => {
  const app = await startCallsApp(t);
  await app.cdrs([call(1), call(2, { dstchannel: 'PJSIP/1004-00000102' })]);
  t.equal((await app.get('', null)).status, 401);
  t.equal((await app.get('', 'admin')).body.total, 2);
  const mine = await app.get('', 'agent', 2);
  t.equal(mine.status, 200);
  t.same(
    mine.body.items.map((c: any) => c.agent),
    ['1003'],
    'agent of seat 1003 sees only its call',
  );
  t.equal((await app.get('?agent=1004', 'agent', 2)).status, 403, 'and not another seat’s');
  t.equal((await app.get('', 'agent', 4)).status, 403, 'an agent without a seat sees nothing');
});

t.test('a call without the dialplan variables (no inbound route set did) still builds', async (t) => {
  const app = await startCallsApp(t);
  await app.cdrs([call(1, { did: undefined, recording: undefined })]);
  const r = await app.get('');
  t.match(r.body.items[0], { did: '', outcome: 'answered', direction: 'inbound' });
});

t.test('a backlog (catch-up after downtime) is rebuilt in batches, yielding between them', async (t) => {
  const app = await startCallsApp(t);
  await app.cdrs(
    Array.from({ length: 600 }, (_, i) => call(i + 1)),
    { sync: false },
  );
  const count = () => Number(app.db.prepare('SELECT COUNT(*) FROM calls').pluck().get());
  app.calls.service.schedule();
  await new Promise((r) => setImmediate(r));
  const afterOneTurn = count();
  t.ok(afterOneTurn > 0 && afterOneTurn < 600, `one turn of the event loop rebuilt ${afterOneTurn}, not all`);
  for (let i = 0; i < 100 && count() < 600; i++) await new Promise((r) => setTimeout(r, 20));
  t.equal(count(), 600, 'all of them in the end');
});
