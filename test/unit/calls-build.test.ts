import t from 'tap';
import { buildCall } from '../../src/calls/build.js';
import type { CdrForCall, QueueEventRow } from '../../src/calls/rows.js';
import { cdr, LINKED, nextId, T } from '../support/cdr-rows.js';

/** A seat leg: the caller's CDR with the seat as party B. */
const seatLeg = (ext: string, answered: boolean, over: Partial<CdrForCall> = {}) =>
  cdr({
    lastapp: 'Dial',
    dstchannel: `PJSIP/${ext}-0000000b`,
    answer_at: answered ? T + 4 : null,
    billsec: answered ? 6 : 0,
    disposition: answered ? 'ANSWERED' : 'NO ANSWER',
    ...over,
  });

/** A queue_log row of this call (callid = the caller's uniqueid). */
function qe(at: number, event: string, agent = 'NONE', data: string[] = [], queue = 'q1'): QueueEventRow {
  const d = [...data, '', '', '', '', ''];
  return {
    id: nextId(),
    at: T + at,
    callid: LINKED,
    queue,
    queue_id: /^q([0-9]+)$/.exec(queue) ? Number(queue.slice(1)) : null,
    agent,
    event,
    data1: d[0]!,
    data2: d[1]!,
    data3: d[2]!,
    data4: d[3]!,
    data5: d[4]!,
  };
}

t.test('no CDR yet: no call (it is not over)', async (t) => {
  t.equal(buildCall([], [qe(1, 'ENTERQUEUE')]), null);
});

t.test('a DID call answered by seat 1003: caller, DID, agent, ring and talk time, recording', async (t) => {
  const c = buildCall([seatLeg('1003', true, { recording: '20241123/1732359000.10-1732359000.10.wav' })], []);
  t.match(c, {
    linkedid: LINKED,
    direction: 'inbound',
    caller: '01088886666',
    did: '5550001',
    enteredAt: T,
    endedAt: T + 10,
    queueId: null,
    agent: '1003',
    talkSeconds: 6,
    waitSeconds: 4,
    outcome: 'answered',
    recording: '20241123/1732359000.10-1732359000.10.wav',
  });
});

t.test('caller queued, agent 1004 answers after 20 s, talks 30 s: figures from queue_log', async (t) => {
  const c = buildCall(
    [
      cdr({
        lastapp: 'Stasis',
        disposition: 'ANSWERED',
        answer_at: T + 1,
        end_at: T + 20,
        ivrpath: 'main>2',
      }),
      seatLeg('1003', false, { lastapp: 'Queue', start_at: T + 21, sequence: 2 }),
      seatLeg('1004', true, { lastapp: 'Queue', start_at: T + 36, end_at: T + 90, billsec: 54, sequence: 3 }),
    ],
    [
      qe(20, 'ENTERQUEUE', 'NONE', ['', '01088886666', '1']),
      qe(35, 'RINGNOANSWER', '1003', ['15000']),
      qe(40, 'CONNECT', '1004', ['20', `${T}.12`, '4']),
      qe(70, 'COMPLETECALLER', '1004', ['20', '30', '1']),
    ],
  );
  t.match(c, {
    ivrPath: 'main>2',
    queueId: 1,
    waitSeconds: 20,
    agent: '1004',
    talkSeconds: 30,
    outcome: 'answered',
  });
});

t.test('a blind transfer ends the agent part with its call time', async (t) => {
  const c = buildCall(
    [seatLeg('1004', true, { lastapp: 'Queue' })],
    [
      qe(0, 'ENTERQUEUE'),
      qe(5, 'CONNECT', '1004', ['5', 'x', '1']),
      qe(50, 'BLINDTRANSFER', '1004', ['1009', 'from-seats', '5', '45', '1']),
    ],
  );
  t.equal(c?.talkSeconds, 45);
  t.equal(c?.agent, '1004');
  t.equal(c?.transfers, 1, 'counted as a transfer');
});

t.test('transfers: each blind or attended one of the call counts; none without', async (t) => {
  const c = buildCall(
    [seatLeg('1004', true, { lastapp: 'Queue' })],
    [
      qe(0, 'ENTERQUEUE'),
      qe(5, 'CONNECT', '1004', ['5', 'x', '1']),
      qe(20, 'ATTENDEDTRANSFER', '1004', ['BRIDGE', 'x', '5', '15', '1']),
      qe(21, 'ENTERQUEUE'),
      qe(25, 'CONNECT', '1005', ['4', 'y', '1']),
      qe(40, 'BLINDTRANSFER', '1005', ['1009', 'from-seats', '4', '15', '1']),
    ],
  );
  t.equal(c?.transfers, 2);
  const plain = buildCall(
    [seatLeg('1004', true, { lastapp: 'Queue' })],
    [
      qe(0, 'ENTERQUEUE'),
      qe(5, 'CONNECT', '1004', ['5', 'x', '1']),
      qe(50, 'COMPLETECALLER', '1004', ['5', '45', '1']),
    ],
  );
  t.equal(plain?.transfers, 0);
});

t.test('the IVR path is the latest one written (it grows as the caller moves)', async (t) => {
  const c = buildCall(
    [
      cdr({ ivrpath: 'main', end_at: T + 5 }),
      cdr({
        ivrpath: 'main>2>sales',
        end_at: T + 9,
        sequence: 2,
        lastapp: 'Stasis',
        disposition: 'ANSWERED',
      }),
    ],
    [],
  );
  t.equal(c?.ivrPath, 'main>2>sales');
  t.equal(c?.outcome, 'abandoned_ivr', 'hung up in the IVR');
});

t.test('a caller who hangs up while queued is abandoned in queue with its wait time', async (t) => {
  const c = buildCall(
    [cdr({ lastapp: 'Queue', disposition: 'ANSWERED', answer_at: T + 1, end_at: T + 40 })],
    [
      qe(5, 'ENTERQUEUE'),
      qe(20, 'RINGNOANSWER', '1003', ['15000']),
      qe(40, 'ABANDON', 'NONE', ['1', '1', '35']),
    ],
  );
  t.match(c, { outcome: 'abandoned_queue', waitSeconds: 35, agent: '', talkSeconds: 0, queueId: 1 });
});

t.test('queued with no exit event (queue_log lost): wait runs to the end of the call', async (t) => {
  const c = buildCall([cdr({ lastapp: 'Queue', end_at: T + 40 })], [qe(10, 'ENTERQUEUE')]);
  t.match(c, { outcome: 'abandoned_queue', waitSeconds: 30 });
});

t.test('max wait exceeded: overflow, even when the overflow target was a mailbox', async (t) => {
  const c = buildCall(
    [cdr({ lastapp: 'VoiceMail', disposition: 'ANSWERED', answer_at: T + 61 })],
    [qe(0, 'ENTERQUEUE'), qe(60, 'EXITWITHTIMEOUT', 'NONE', ['1', '1', '60'])],
  );
  t.match(c, { outcome: 'overflow', waitSeconds: 60 });
});

t.test('leave-when-empty counts as overflow; the key exit reads its wait from data4', async (t) => {
  t.equal(
    buildCall([cdr()], [qe(0, 'ENTERQUEUE'), qe(5, 'EXITEMPTY', 'NONE', ['1', '1', '5'])])?.outcome,
    'overflow',
  );
  const key = buildCall([cdr()], [qe(0, 'ENTERQUEUE'), qe(8, 'EXITWITHKEY', 'NONE', ['2', '1', '1', '8'])]);
  t.match(key, { outcome: 'abandoned_queue', waitSeconds: 8 });
});

t.test('overflow from q1 into q2 where an agent answers: answered, in q2, both waits counted', async (t) => {
  const c = buildCall(
    [seatLeg('1005', true, { lastapp: 'Queue' })],
    [
      qe(0, 'ENTERQUEUE'),
      qe(60, 'EXITWITHTIMEOUT', 'NONE', ['1', '1', '60']),
      qe(60, 'ENTERQUEUE', 'NONE', [], 'q2'),
      qe(70, 'CONNECT', '1005', ['10', 'x', '2'], 'q2'),
      qe(100, 'COMPLETEAGENT', '1005', ['10', '30', '1'], 'q2'),
    ],
  );
  t.match(c, { outcome: 'answered', queueId: 2, waitSeconds: 70, agent: '1005', talkSeconds: 30 });
});

t.test('a schedule closed branch is after hours, even into a mailbox', async (t) => {
  const c = buildCall(
    [cdr({ lastapp: 'VoiceMail', disposition: 'ANSWERED', answer_at: T + 1, afterhours: '1' })],
    [],
  );
  t.equal(c?.outcome, 'after_hours');
});

t.test('after hours but an on-call seat answered: answered wins', async (t) => {
  t.equal(buildCall([seatLeg('1003', true, { afterhours: '1' })], [])?.outcome, 'answered');
});

t.test('a seat that does not answer, then its mailbox: voicemail', async (t) => {
  const c = buildCall(
    [
      seatLeg('1003', false, { end_at: T + 30 }),
      cdr({
        lastapp: 'VoiceMail',
        disposition: 'ANSWERED',
        answer_at: T + 30,
        start_at: T + 30,
        sequence: 2,
      }),
    ],
    [],
  );
  t.match(c, { outcome: 'voicemail', agent: '', talkSeconds: 0, waitSeconds: 30 });
});

t.test('the caller hangs up while a seat rings: missed, with the ring time', async (t) => {
  const c = buildCall([seatLeg('1007', false, { end_at: T + 3 })], []);
  t.match(c, { outcome: 'missed', waitSeconds: 3, agent: '', talkSeconds: 0, recording: '' });
});

t.test('a busy seat, an unreachable one, no route: failed', async (t) => {
  t.equal(buildCall([seatLeg('1003', false, { disposition: 'BUSY' })], [])?.outcome, 'failed');
  t.equal(buildCall([cdr({ lastapp: 'Dial', disposition: 'FAILED' })], [])?.outcome, 'failed');
  t.equal(buildCall([cdr({ lastapp: 'Playback', did: '' })], [])?.outcome, 'failed');
});

t.test('a recording is linked only when someone answered, and only a well-formed path', async (t) => {
  const rec = '20241123/1732359000.10-1732359000.10.wav';
  t.equal(
    buildCall([seatLeg('1007', false, { recording: rec })], [])?.recording,
    '',
    'not answered: no file',
  );
  for (const bad of [
    '../../etc/passwd',
    '/etc/passwd',
    '20241123/../x.wav',
    '2024/x.wav',
    '20241123/a b.wav',
  ]) {
    t.equal(buildCall([seatLeg('1003', true, { recording: bad })], [])?.recording, '', JSON.stringify(bad));
  }
});

t.test('an answered leg to an ARI media channel is not a person', async (t) => {
  const c = buildCall(
    [cdr({ lastapp: 'Stasis', dstchannel: 'Announcer/ARI-0001;1', disposition: 'ANSWERED', answer_at: T })],
    [],
  );
  t.equal(c?.outcome, 'abandoned_ivr');
});

t.test('directions: seat to seat is internal, seat to an outside number is outbound', async (t) => {
  const fromSeat = { src: '1001', channel: 'PJSIP/1001-00000001', did: '', dcontext: 'from-seats' };
  t.equal(buildCall([seatLeg('1002', true, { ...fromSeat, dst: '1002' })], [])?.direction, 'internal');
  t.match(
    buildCall(
      [
        cdr({
          ...fromSeat,
          dst: '013800138000',
          lastapp: 'Dial',
          dstchannel: 'PJSIP/trunk-1-00000002',
          disposition: 'ANSWERED',
          answer_at: T + 3,
          billsec: 7,
        }),
      ],
      [],
    ),
    { direction: 'outbound', outcome: 'answered', agent: '', talkSeconds: 7 },
  );
  t.equal(buildCall([cdr({ ...fromSeat, dst: '1009' })], [])?.direction, 'internal', 'unanswered seat call');
});

t.test('the caller is the channel that started the call, whatever order the rows come in', async (t) => {
  const other = cdr({ uniqueid: `${T}.11`, src: '1003', channel: 'PJSIP/1003-0000000b', start_at: T + 5 });
  const c = buildCall([other, seatLeg('1003', true)], []);
  t.equal(c?.caller, '01088886666');
  t.equal(c?.enteredAt, T);
});

t.test('talk time rounds the CDR times (billsec cuts 2.97 s down to 2)', async (t) => {
  const c = buildCall([seatLeg('1003', true, { answer_at: T + 0.05, end_at: T + 3.02, billsec: 2 })], []);
  t.equal(c?.talkSeconds, 3);
  t.equal(
    buildCall([seatLeg('1003', true, { end_at: null, billsec: 2 })], [])?.talkSeconds,
    2,
    'no end: billsec',
  );
});

t.test(
  'IVR then a seat: talk from the seat’s answer (queue_log ANSWERED), the wait is all before it',
  async (t) => {
    // the IVR answered at once (the caller's CDR answer); the seat answered 3.4 s in; the call ended at 10 s
    const leg = seatLeg('1005', true, { answer_at: T, ivrpath: 'main>2' });
    const answered = qe(3, 'ANSWERED', '1005', [`${T + 3.4}`], 'NONE');
    const c = buildCall([leg], [answered])!;
    t.match(c, { agent: '1005', outcome: 'answered', queueId: null, talkSeconds: 7, waitSeconds: 3 });
    // without the line (a call from before the fix, or queue_log lost): the CDR's times as before
    t.match(buildCall([leg], [])!, { talkSeconds: 10, waitSeconds: 0 });
  },
);

t.test('a queue’s bound agent answers: the call is the queue’s, talk from the agent’s answer', async (t) => {
  const leg = seatLeg('1003', true, { answer_at: T + 1, dcontext: 'hotline-queue-1' });
  const c = buildCall([leg], [qe(5, 'ANSWERED', '1003', [`${T + 5.2}`], 'q1')])!;
  t.match(c, { agent: '1003', queueId: 1, talkSeconds: 5, waitSeconds: 5, outcome: 'answered' });
});
