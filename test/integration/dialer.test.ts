/**
 * A progressive campaign on the real rig: the carrier answers the campaign's
 * numbers as busy lines, phones nobody answers, answering machines (a long
 * spoken greeting) and people (a short "hello", then listening), by its
 * callee plan (dev/rig-carrier.ts CALLEE_PLAN). Two seats with phones that
 * answer are the agents. Every contact must end with its own result, the
 * machines classed by Asterisk's AMD(), the people handed to an agent.
 */
import t from 'tap';
import { type Api, login, loginCookie, until } from '../../dev/api-client.js';
import { CALLEE_PLAN, keyPresser } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import { type OutboundRig, outboundRig, untilPhonesAndTrunkReady } from '../support/outbound-rig.js';
import { openSse, type SseEvent } from '../support/sse-client.js';
import { carrierTrunk, noCallsUp } from '../support/stack.js';

let rig: OutboundRig;
let stack: Stack;
let api: Api;
let cookie: string;

const n = (prefix: string, i: number) => `${prefix}${String(i).padStart(4, '0')}`;
const expected: Record<string, string> = {
  [n(CALLEE_PLAN.busy, 1)]: 'busy',
  [n(CALLEE_PLAN.busy, 2)]: 'busy',
  [n(CALLEE_PLAN.noAnswer, 1)]: 'no-answer',
  [n(CALLEE_PLAN.noAnswer, 2)]: 'no-answer',
  [n(CALLEE_PLAN.machine, 1)]: 'machine',
  [n(CALLEE_PLAN.machine, 2)]: 'machine',
  [n(CALLEE_PLAN.person, 1)]: 'human',
  [n(CALLEE_PLAN.person, 2)]: 'human',
  [n(CALLEE_PLAN.person, 3)]: 'human',
  [n(CALLEE_PLAN.person, 4)]: 'human',
};

/** A contact list of `numbers` imported from a CSV, as a business would upload it. */
async function listOf(name: string, numbers: string[]): Promise<number> {
  const list = await api.post('/api/v1/contacts/lists', { name, purpose: 'notification' });
  const csv = `number,name\n${numbers.map((x, i) => `${x},客户${i}`).join('\n')}\n`;
  const res = await fetch(`${api.base}/api/v1/contacts/lists/${list.id}/import`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'text/csv' },
    body: csv,
  });
  const report = (await res.json()) as { imported: number };
  if (res.status !== 200 || report.imported !== numbers.length)
    throw new Error(`import: ${JSON.stringify(report)}`);
  return list.id;
}

const once = { max: 1, delayMinutes: 1 };

t.before(async () => {
  rig = await outboundRig([{ extension: '1001' }, { extension: '1002' }]);
  ({ stack, api } = rig);
  cookie = await loginCookie(api.base, stack.admin.username, stack.admin.password);
  const trunk = await carrierTrunk(api, rig.carrier);
  await api.post('/api/v1/outbound-routes', {
    name: '外呼',
    patterns: ['_777XXXXX'],
    requiredClass: 'local',
    trunkIds: [trunk.id],
  });
  await untilPhonesAndTrunkReady(api);
});

t.teardown(() => rig?.stop());

t.test('a progressive campaign over 10 contacts with 2 agents ends with every result right', async (t) => {
  const listId = await listOf('回访名单', Object.keys(expected));
  const campaign = await api.post('/api/v1/campaigns', {
    name: '回访',
    listId,
    mode: 'progressive',
    agents: ['1001', '1002'],
    settings: { ringSeconds: 15, retry: { busy: once, noAnswer: once, failed: once, machine: once } },
  });
  t.equal(campaign.state, 'stopped');
  const started = await api.post(`/api/v1/campaigns/${campaign.id}/start`, undefined, 200);
  t.equal(started.state, 'running');

  await until(
    'the campaign is done',
    async () => (await api.get(`/api/v1/campaigns/${campaign.id}`)).state === 'done',
    240_000,
  ).catch(async (err) => {
    // what the attempts say makes the failure readable
    t.comment(JSON.stringify((await api.get(`/api/v1/campaigns/${campaign.id}/attempts?limit=100`)).items));
    throw err;
  });
  const attempts = (await api.get(`/api/v1/campaigns/${campaign.id}/attempts?limit=100`)).items as any[];
  t.equal(attempts.length, 10, 'one attempt per contact (no retries allowed)');
  const got = Object.fromEntries(attempts.map((a) => [a.number, a.result]));
  t.same(got, expected, 'every contact has its result');

  for (const a of attempts.filter((x) => x.result === 'machine')) {
    t.equal(a.amd, 'MACHINE', `${a.number}: AMD classed the long greeting as a machine (${a.amdCause})`);
  }
  const people = attempts.filter((x) => x.result === 'human');
  for (const a of people) {
    t.equal(a.amd, 'HUMAN', `${a.number}: AMD classed the short hello as a person`);
    t.ok(['1001', '1002'].includes(a.seat), `${a.number} was handed to agent ${a.seat}`);
  }
  t.same(new Set(people.map((a) => a.seat)), new Set(['1001', '1002']), 'both agents took calls');
  for (const a of attempts.filter((x) => x.result === 'busy')) t.equal(a.dialStatus, 'BUSY');

  const results = await api.get(`/api/v1/campaigns/${campaign.id}/results`);
  t.match(results, {
    attempts: 10,
    connects: 6,
    human: 4,
    machine: 2,
    busy: 2,
    noAnswer: 2,
    abandons: 0,
    abandonRate: 0,
    optOuts: 0,
    contacts: { human: 4, machine: 2, busy: 2, 'no-answer': 2 },
  });

  const csv = await (await api.fetch(`/api/v1/campaigns/${campaign.id}/export?format=csv`)).text();
  // Response.text() drops the BOM as it decodes UTF-8
  t.match(csv, /^attempt,number,startedAt/, 'the export starts with its header');
  t.equal(csv.trim().split('\r\n').length, 11, 'a row per attempt');
  await noCallsUp(stack.box);
});

t.test(
  'agentless: a person who presses the opt-out key is opted out and on the do-not-call list',
  async (t) => {
    const presser = keyPresser(1, '9');
    const listId = await listOf('通知名单', [presser]);
    const campaign = await api.post('/api/v1/campaigns', {
      name: '通知',
      listId,
      mode: 'agentless',
      settings: { ringSeconds: 15, amd: { enabled: false }, retry: { failed: once } },
    });
    await api.post(`/api/v1/campaigns/${campaign.id}/start`, undefined, 200);
    await until(
      'the campaign is done',
      async () => (await api.get(`/api/v1/campaigns/${campaign.id}`)).state === 'done',
      90_000,
    );
    const [a] = (await api.get(`/api/v1/campaigns/${campaign.id}/attempts`)).items as any[];
    t.match(a, { number: presser, key: '9', result: 'opted-out' });
    const dnc = await api.get(`/api/v1/contacts/dnc/check?number=${presser}`);
    t.match(dnc, { onList: true, entry: { source: 'keypress' } });
    t.match(await api.get(`/api/v1/campaigns/${campaign.id}/results`), { optOuts: 1, attempts: 1 });
  },
);

t.test(
  'preview: the desk is offered the campaign, the agent takes a contact, calls it and saves the result',
  async (t) => {
    const password = 'preview agent password';
    const user = await api.post('/api/v1/users', { username: 'preview1001', role: 'agent', password });
    await api.req('PATCH', `/api/v1/users/${user.user.id}`, { seatExtension: '1001' });
    const agent = await login(api.base, 'preview1001', password);
    const desk = await openSse(`${api.base}/api/v1/desk/events`, {
      cookie: await loginCookie(api.base, 'preview1001', password),
    });
    t.teardown(() => desk.close());
    const offers = (e: SseEvent) => (e.event === 'preview' ? (JSON.parse(e.data).offers as any[]) : null);
    const first = await desk.waitFor((e) => e.event === 'preview', 'the desk’s first preview event', 10_000);
    t.same(offers(first), [], 'no preview campaign yet');

    const numbers = [n(CALLEE_PLAN.person, 7), n(CALLEE_PLAN.person, 8)];
    const listId = await listOf('预览名单', numbers);
    const campaign = await api.post('/api/v1/campaigns', {
      name: '预览回访',
      listId,
      mode: 'preview',
      agents: ['1001'],
    });
    await api.post(`/api/v1/campaigns/${campaign.id}/start`, undefined, 200);
    const offer = (pred: (o: any) => boolean, what: string) =>
      desk.waitFor(
        (e) => offers(e)?.some((o) => o.campaignId === campaign.id && pred(o)) ?? false,
        what,
        10_000,
      );
    await offer(
      (o) => o.due === 2 && o.heldLeadId === null,
      'the started campaign offered with 2 contacts due',
    );

    const taken = await agent.req('POST', `/api/v1/campaigns/${campaign.id}/preview`);
    t.equal(taken.status, 200);
    t.ok(numbers.includes(taken.body.lead.number), 'a contact of the list');
    t.equal(taken.body.contact?.number, taken.body.lead.number, 'with its contact record');
    await offer((o) => o.due === 1 && o.heldLeadId === taken.body.lead.id, 'the held contact pushed');
    const again = await agent.req('POST', `/api/v1/campaigns/${campaign.id}/preview`);
    t.equal(again.body.lead.id, taken.body.lead.id, 'asking again gives the contact the seat holds');

    // the agent calls it from the desk: the seat's phone answers, then the carrier's person
    const dial = await agent.req('POST', '/api/v1/desk/dial', { number: taken.body.lead.number });
    t.equal(dial.status, 200, JSON.stringify(dial.body));
    await rig.receivedNumber(taken.body.lead.number);
    await agent.req('POST', '/api/v1/desk/hangup');
    const saved = await agent.req('POST', `/api/v1/campaigns/${campaign.id}/preview/result`, {
      result: 'human',
    });
    t.match(saved.body, { id: taken.body.lead.id, status: 'done', result: 'human' });
    await offer((o) => o.due === 1 && o.heldLeadId === null, 'the settled contact pushed');
    const [attempt] = (await api.get(`/api/v1/campaigns/${campaign.id}/attempts`)).items as any[];
    t.match(attempt, { number: taken.body.lead.number, seat: '1001', result: 'human' });

    await api.post(`/api/v1/campaigns/${campaign.id}/stop`, undefined, 200);
    await desk.waitFor((e) => offers(e)?.length === 0, 'the stopped campaign no longer offered', 10_000);
    await noCallsUp(stack.box);
  },
);

t.test('hostile campaign input is refused naming the field, and nothing reaches the dialplan', async (t) => {
  const listId = await listOf('空名单', ['77739999']);
  for (const [field, body] of [
    ['agents.0', { agents: ['1001\nexten'] }],
    ['settings.optOutKey', { settings: { optOutKey: '9,Hangup' } }],
    ['settings.amd.greeting', { settings: { amd: { greeting: '${SHELL(id)}' } } }],
    ['name', { name: 'x'.repeat(300) }],
    ['agents.0', { agents: ['9999'] }],
    ['listId', { listId: 99_999 }],
    ['settings.abandonPromptId', { mode: 'predictive' }],
  ] as const) {
    const r = await api.req('POST', '/api/v1/campaigns', {
      name: '坏的',
      listId,
      mode: 'progressive',
      agents: ['1001'],
      ...body,
    });
    t.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
    t.equal(r.body.error?.field, field);
  }
  t.equal((await api.get('/api/v1/campaigns?q=坏的')).total, 0, 'no campaign was made');
});
