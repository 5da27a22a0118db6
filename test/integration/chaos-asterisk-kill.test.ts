import t from 'tap';
import { type Api, loginCookie, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { withDb } from '../support/chaos.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { openSse } from '../support/sse-client.js';
import { adminStack, carrierTrunk, seatsWithPhones } from '../support/stack.js';

/**
 * Asterisk SIGKILLed with 30 carrier calls waiting in a queue (one of them
 * talking to the agent): hotlined shows Asterisk down, reconnects when it is
 * started again, and within 5 s the live model holds no stale call and the
 * agent is a member of its queue again. Asterisk writes a CDR only when a
 * call ends and a SIGKILL ends none, so the spool never gets those calls:
 * hotlined writes one LOST CDR for each call it had seen up, and each becomes
 * one calls row, outcome cut_off. Calls that ended before the kill keep their
 * one CDR and calls row.
 */
const DID = '80031';
const CALLS = 30;
const caller = (i: number) => `1380031${String(i).padStart(4, '0')}`;
const earlyCaller = (i: number) => `1390031${String(i).padStart(4, '0')}`;

let stack: Stack;
let api: Api;
let cookie: string;
let carrier: CarrierInstance;
let carrierAmi: Ami;

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  await seatsWithPhones(stack, api, [{ extension: '1001', name: '坐席 张三' }]);
  await carrierTrunk(api, carrier);
  carrierAmi = await rigAmi(carrier);
  // callers stay queued (10 min) while the agent is logged in; one of them talks to the agent
  const settings = { maxWaitSeconds: 600, joinEmpty: 'always', leaveWhenEmpty: 'loggedIn', wrapUpSeconds: 0 };
  const q = await api.post('/api/v1/queues', {
    name: '客服一组',
    settings: { ...settings, announcePosition: false },
  });
  await api.post('/api/v1/inbound-routes', { did: DID, destination: { type: 'queue', queueId: q.id } });
  const agent = await api.post('/api/v1/agents', {
    extension: '1001',
    name: '坐席 张三',
    skills: [{ queueId: q.id, level: 0 }],
  });
  await api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
  cookie = await loginCookie(stack.hotlined.url, stack.admin.username, stack.admin.password);
});

t.teardown(async () => {
  await carrierAmi?.stop();
  await carrier?.destroy();
  await stack?.stop();
});

/** A fresh live snapshot. */
async function snapshot(): Promise<any> {
  const sse = await openSse(`${stack.hotlined.url}/api/v1/live`, { cookie });
  try {
    return JSON.parse((await sse.waitFor((e) => e.event === 'snapshot', 'snapshot')).data);
  } finally {
    sse.close();
  }
}

const health = async () =>
  (await fetch(`${stack.hotlined.url}/api/v1/system/health`, { headers: { cookie } })).json() as Promise<any>;

/** cdr and calls rows per calling number, and the calls' outcomes. */
const rowsOf = (numbers: string[]) =>
  withDb(stack.dataDir, (db) =>
    numbers.map((n) => ({
      n,
      cdrs: db.prepare('SELECT disposition FROM cdr WHERE src = ?').pluck().all(n) as string[],
      dids: db.prepare('SELECT did FROM cdr WHERE src = ?').pluck().all(n) as string[],
      calls: db.prepare('SELECT outcome FROM calls WHERE caller = ?').pluck().all(n) as string[],
      agents: db
        .prepare(`SELECT agent FROM calls WHERE caller = ? AND agent != ''`)
        .pluck()
        .all(n) as string[],
    })),
  );

const calls = (n: number, who: (i: number) => string, seconds: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) => carrierCall(carrierAmi, { did: DID, callerId: who(i), seconds })),
  );

t.test('Asterisk SIGKILLed with 30 calls up: every call ends as one CDR and one calls row', async (t) => {
  const early = [earlyCaller(0), earlyCaller(1)];
  await calls(2, earlyCaller, 1);
  await until(
    'the early calls are built',
    async () => rowsOf(early).every((r) => r.calls.length === 1 && r.cdrs.length > 0),
    30_000,
  );
  const earlyBefore = rowsOf(early);

  const numbers = Array.from({ length: CALLS }, (_, i) => caller(i));
  await calls(CALLS, caller, 600);
  const up = await until(
    '30 calls up in the live model',
    async () => {
      const s = await snapshot();
      const mine = Object.values(s.calls as Record<string, { from: string }>).filter((c) =>
        numbers.includes(c.from),
      );
      return mine.length === CALLS && s;
    },
    30_000,
  );
  t.equal(up.agents['1001'].queues.length, 1, 'the agent is a member of the queue before the kill');

  await stack.box.stop({ kill: true });
  await until('health shows Asterisk down', async () => (await health()).ami.state !== 'connected');
  t.pass('health shows Asterisk down');

  await stack.box.start();
  await until('hotlined reconnected', async () => (await health()).ami.state === 'connected', 60_000);
  const after = await until(
    'no stale call and the membership back (5 s)',
    async () => {
      const s = await snapshot();
      const members = await stack.box.cli('queue show q1');
      return (
        Object.keys(s.calls).length === 0 &&
        s.agents['1001']?.queues.includes('q1') &&
        /PJSIP\/1001|1001/.test(members.split('\n').slice(1).join('\n')) &&
        s
      );
    },
    5000,
  );
  t.same(after.calls, {}, 'the live model holds no call');
  t.same(after.agents['1001'].queues, ['q1'], 'the agent is a member again');

  const rows = await until(
    'a calls row for each of the 30 calls',
    async () => {
      const r = rowsOf(numbers);
      return r.every((x) => x.calls.length > 0) && r;
    },
    15_000,
  ).catch(() => rowsOf(numbers));
  const missing = rows.filter((r) => r.calls.length === 0).length;
  t.equal(missing, 0, `calls with no calls row: ${missing} of ${CALLS}`);
  for (const r of rows) {
    t.same(r.cdrs, ['LOST'], `${r.n}: one CDR, written by hotlined (Asterisk wrote none)`);
    t.same(r.dids, [DID], `${r.n}: the CDR carries the DID`);
    t.same(r.calls, ['cut_off'], `${r.n}: one calls row, cut off`);
  }
  t.same(rowsOf(early), earlyBefore, 'the calls that ended before the kill are not doubled');
  // what Asterisk left of the killed calls in queue_log: joins, never a closing line
  const log = withDb(stack.dataDir, (db) =>
    db
      .prepare(
        `SELECT e.event, count(*) AS n FROM queue_events e JOIN cdr c ON c.uniqueid = e.callid
         WHERE c.disposition = 'LOST' GROUP BY e.event ORDER BY e.event`,
      )
      .all(),
  ) as { event: string; n: number }[];
  t.comment(`cut-off calls an agent had answered: ${rows.filter((r) => r.agents.length > 0).length}`);
  t.comment(`queue_log lines of the killed calls: ${JSON.stringify(log)}`);
  t.notOk(
    log.some((e) =>
      ['ABANDON', 'COMPLETEAGENT', 'COMPLETECALLER', 'EXITWITHTIMEOUT', 'EXITEMPTY'].includes(e.event),
    ),
    'no call Asterisk died with has a closing queue_log line',
  );
});
