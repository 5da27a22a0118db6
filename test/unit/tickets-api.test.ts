import t, { type Test } from 'tap';
import { type Api, loginCookie } from '../../dev/api-client.js';
import { localTime } from '../../src/schedules/evaluate.js';
import { boxTimeZone } from '../../src/schedules/schema.js';
import { startTestBox } from '../support/box.js';

/** The part of tap's Test these helpers use. */
interface TestLike {
  teardown(fn: () => unknown): void;
}

const T = '/api/v1/tickets';
const LONG = 'x'.repeat(10_000);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('fake image body'),
]);

/**
 * A box with a queue 客服一组 whose agent is seat 1001 (user agent1), a second
 * agent user agent2 on seat 1002 in no queue, a supervisor, a customer, and
 * the category tree 账务/发票.
 */
async function setup(tt: TestLike) {
  const box = await startTestBox({ seats: ['1001', '1002', '1003'] });
  tt.teardown(box.close);
  const admin = box.api;
  const must = async (api: Api, method: string, path: string, body?: unknown) => {
    const r = await api.req(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const queue = await must(admin, 'POST', '/api/v1/queues', { name: '客服一组' });
  await must(admin, 'POST', '/api/v1/agents', {
    extension: '1001',
    name: '张三',
    skills: [{ queueId: queue.id }],
  });
  const agent1 = await box.userApi('agent1', 'agent', '1001');
  const agent2 = await box.userApi('agent2', 'agent', '1002');
  const supervisor = await box.userApi('sup', 'supervisor');
  const idOf = async (api: Api) => (await api.get('/api/v1/auth/me')).user.id as number;
  const users = { agent1: await idOf(agent1), agent2: await idOf(agent2) };
  const customer = await must(admin, 'POST', '/api/v1/customers', {
    name: '王五',
    numbers: ['13800138000'],
    vip: 3,
  });
  const billing = await must(admin, 'POST', `${T}/categories`, { name: '账务' });
  const invoice = await must(admin, 'POST', `${T}/categories`, { name: '发票', parentId: billing.id });
  return { box, admin, agent1, agent2, supervisor, users, queue, customer, billing, invoice, must };
}

const expectError = async (
  t: Test,
  api: Api,
  method: string,
  path: string,
  body: unknown,
  status: number,
  field?: string,
) => {
  const r = await api.req(method, path, body);
  t.equal(r.status, status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)} → ${status}`);
  if (field !== undefined) t.equal(r.body?.error?.field, field, `names ${field}`);
  return r;
};

/** A raw upload as the console sends it, with `username`'s session. */
const uploader = async (base: string, username: string, password: string) => {
  const cookie = await loginCookie(base, username, password);
  return async (path: string, body: Buffer, type: string) => {
    const r = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { cookie, 'content-type': type },
      body: new Uint8Array(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
};

t.test(
  'numbers are GD<day>-<seq>, per day in the box zone, never shared by concurrent creates',
  async (t) => {
    const { admin } = await setup(t);
    const day = localTime(new Date(), boxTimeZone()).date.replaceAll('-', '');
    const first = await admin.post(T, { title: '第一张' });
    t.match(first.number, /^GD\d{8}-\d{4}$/);
    t.equal(first.number, `GD${day}-0001`);
    t.equal(first.status, 'new');
    t.equal(first.statusName, '新建');
    const many = await Promise.all(
      Array.from({ length: 12 }, (_, i) => admin.post(T, { title: `并发 ${i}` })),
    );
    const numbers = many.map((x) => x.number as string).sort();
    t.same(
      numbers,
      Array.from({ length: 12 }, (_, i) => `GD${day}-${String(i + 2).padStart(4, '0')}`),
      'twelve at once: 0002 to 0013, each once',
    );
  },
);

t.test('the workflow allows its transitions and refuses the others with a 409 naming them', async (t) => {
  const { admin } = await setup(t);
  const tk = await admin.post(T, { title: '宽带故障' });
  const move = (status: string) => admin.req('PATCH', `${T}/${tk.id}`, { status });
  t.same((await admin.get(`${T}/${tk.id}`)).next, ['in_progress'], 'a new ticket names its one next status');
  const refused = await move('resolved');
  t.equal(refused.status, 409, 'new → resolved skips steps');
  t.match(refused.body.error.message, /新建 new.*已解决 resolved/);
  t.equal(refused.body.error.field, 'status');
  t.equal((await move('in_progress')).status, 200);
  t.equal((await move('resolved')).status, 409, 'in_progress → resolved skips the follow-up');
  t.equal((await move('closed')).status, 409, 'in_progress → closed');
  for (const s of ['follow_up', 'in_progress', 'follow_up', 'resolved']) {
    const r = await move(s);
    t.equal(r.status, 200, `→ ${s}`);
    t.equal(r.body.status, s);
  }
  t.ok((await admin.get(`${T}/${tk.id}`)).resolvedAt, 'resolved has a time');
  t.same((await admin.get(`${T}/${tk.id}`)).next, ['closed', 'in_progress'], 'resolved: close or reopen');
  t.equal((await move('in_progress')).status, 200, 'a resolved ticket reopens');
  t.equal((await admin.get(`${T}/${tk.id}`)).resolvedAt, null, 'reopening clears it');
  t.equal((await move('new')).status, 409, 'never back to new');
  await move('follow_up');
  await move('resolved');
  t.equal((await move('closed')).status, 200);
  const closed = await move('in_progress');
  t.equal(closed.status, 409, 'a closed ticket stays closed');
  t.match(closed.body.error.message, /已关闭 closed to 处理中 in_progress/);
  const timeline = await admin.get(`${T}/${tk.id}/comments`);
  t.same(
    timeline.filter((e: { kind: string }) => e.kind === 'status').map((e: { body: string }) => e.body)[0],
    'new → in_progress',
    'status changes are on the timeline',
  );
});

t.test('the due time comes from the SLA in business hours; overdue is computed and filtered', async (t) => {
  const { admin, must, billing, invoice } = await setup(t);
  // open every day 00:00-24:00 except today is a holiday: an SLA counts from tomorrow
  const zone = boxTimeZone();
  const today = localTime(new Date(), zone).date;
  const allDay = ['00:00-24:00'];
  const schedule = await must(admin, 'POST', '/api/v1/schedules', {
    name: '全天',
    timeZone: zone,
    weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    closedDates: [{ date: today, name: '假日' }],
  });
  const sla = await must(admin, 'PUT', `${T}/sla`, {
    scheduleId: schedule.id,
    rules: [
      { categoryId: null, priority: 'normal', hours: 24 },
      { categoryId: billing.id, priority: 'urgent', hours: 2 },
    ],
  });
  t.equal(sla.rules.length, 2);
  const urgent = await admin.post(T, { title: '发票开错', categoryId: invoice.id, priority: 'urgent' });
  const startOfTomorrow = localTime(new Date(Date.parse(urgent.dueAt) - 2 * 3600_000), zone);
  t.equal(startOfTomorrow.minute, 0, 'due two hours after a midnight');
  t.not(startOfTomorrow.date, today, 'today, a holiday, does not count');
  t.equal(urgent.category, '账务/发票');
  t.equal(urgent.priorityName, '紧急');
  const plain = await admin.post(T, { title: '普通', priority: 'normal' });
  t.equal(Date.parse(plain.dueAt) - Date.parse(urgent.dueAt), 22 * 3600_000, 'the default rule: 24 hours');
  const none = await admin.post(T, { title: '低', priority: 'low' });
  t.equal(none.dueAt, null, 'no rule for low: no due time');
  const bumped = await admin.req('PATCH', `${T}/${plain.id}`, { priority: 'urgent', categoryId: billing.id });
  t.equal(bumped.body.dueAt, urgent.dueAt, 'a new priority and category recompute the due time');

  const past = await admin.req('PATCH', `${T}/${plain.id}`, {
    dueAt: new Date(Date.now() - 60_000).toISOString(),
  });
  t.equal(past.body.overdue, true, 'overdue once the due time passed');
  const list = await admin.get(`${T}?overdue=true`);
  t.same(
    list.items.map((x: { id: number }) => x.id),
    [plain.id],
  );
  t.equal((await admin.get(`${T}?overdue=false`)).total, 2);
  await admin.req('PATCH', `${T}/${plain.id}`, { status: 'in_progress' });
  await admin.req('PATCH', `${T}/${plain.id}`, { status: 'follow_up' });
  const done = await admin.req('PATCH', `${T}/${plain.id}`, { status: 'resolved' });
  t.equal(done.body.overdue, false, 'a resolved ticket is not overdue');
  t.equal((await admin.get(`${T}?overdue=true`)).total, 0);
});

t.test('filters: status, priority, category subtree, assignee, customer, call, search', async (t) => {
  const { admin, customer, invoice, billing, queue, users } = await setup(t);
  const a = await admin.post(T, {
    title: '发票抬头',
    categoryId: invoice.id,
    priority: 'high',
    customerId: customer.id,
  });
  const b = await admin.post(T, { title: '退款', categoryId: billing.id, assigneeQueueId: queue.id });
  const c = await admin.post(T, {
    title: '宽带',
    description: '光猫 LOS 灯红',
    assigneeUserId: users.agent2,
  });
  await admin.req('PATCH', `${T}/${c.id}`, { status: 'in_progress' });
  const ids = async (query: string) =>
    ((await admin.get(`${T}?${query}`)).items as { id: number }[]).map((x) => x.id).sort((x, y) => x - y);
  t.same(await ids('status=in_progress'), [c.id]);
  t.same(await ids('status=new,in_progress'), [a.id, b.id, c.id]);
  t.same(await ids('priority=high'), [a.id]);
  t.same(await ids(`categoryId=${billing.id}`), [a.id, b.id], 'a category includes its subcategories');
  t.same(await ids(`customerId=${customer.id}`), [a.id]);
  t.same(await ids(`assignee=queue:${queue.id}`), [b.id]);
  t.same(await ids(`assignee=user:${users.agent2}`), [c.id]);
  t.same(await ids('assignee=none'), [a.id]);
  t.same(await ids(`q=${encodeURIComponent('光猫')}`), [c.id], 'q searches the description');
  t.same(await ids(`q=${a.number}`), [a.id], 'and the number');
  const page = await admin.get(`${T}?limit=2&sort=id&order=asc`);
  t.equal(page.total, 3);
  t.same(
    page.items.map((x: { id: number }) => x.id),
    [a.id, b.id],
  );
  t.equal(a.customer.name, '王五');
  t.equal(b.assignee, '客服一组');
  await expectError(t, admin, 'GET', `${T}?status=open`, undefined, 400, 'status');
  await expectError(t, admin, 'GET', `${T}?assignee=bob`, undefined, 400, 'assignee');
  await expectError(t, admin, 'GET', `${T}?overdue=yes`, undefined, 400, 'overdue');
  await expectError(t, admin, 'GET', `${T}?sort=title`, undefined, 400, 'sort');
});

t.test('linked calls must exist; comments build the timeline', async (t) => {
  const { admin, agent1, box } = await setup(t);
  await expectError(t, admin, 'POST', T, { title: 'x', callIds: [424242] }, 400, 'callIds');
  // a call as the calls domain builds it from CDRs
  box.hotline.db
    .prepare(
      `INSERT INTO calls (id, linkedid, direction, caller, entered_at, outcome, updated_at)
       VALUES (77, '1700000000.77', 'inbound', '13800138000', 1700000000, 'answered', 0)`,
    )
    .run();
  const tk = await agent1.post(T, { title: '来电工单', callIds: [77] });
  t.same(tk.callIds, [77]);
  t.same(
    (await admin.get(`${T}?callId=77`)).items.map((x: { id: number }) => x.id),
    [tk.id],
  );
  const c = await agent1.post(`${T}/${tk.id}/comments`, { body: '已联系客户\n明天回访' });
  t.equal(c.body, '已联系客户\n明天回访', 'several lines are kept');
  t.equal(c.author, 'agent1');
  const detail = await agent1.get(`${T}/${tk.id}`);
  t.same(
    detail.timeline.map((e: { kind: string; body: string }) => [e.kind, e.body]),
    [['comment', '已联系客户\n明天回访']],
  );
  await expectError(t, agent1, 'POST', `${T}/${tk.id}/comments`, { body: '' }, 400, 'body');
  await expectError(t, agent1, 'POST', `${T}/${tk.id}/comments`, { body: LONG }, 400, 'body');
  const audit = box.hotline.db
    .prepare("SELECT action FROM audit_log WHERE entity = 'ticket' ORDER BY id")
    .pluck()
    .all();
  t.same(audit, ['create', 'comment'], 'every write is audited');
});

t.test('ticket.changed tells the desk the ticket, its assignee and whether it is overdue', async (t) => {
  const { admin, box, users } = await setup(t);
  const events: { action: string; id: number; assigneeUserId: number | null; overdue: boolean }[] = [];
  box.hotline.bus.on('test', 'ticket.changed', (e) => events.push(e));
  const tk = await admin.post(T, { title: '转派', assigneeUserId: users.agent1 });
  // due before the box started: the overdue timer (which looks from its start on) leaves it to the sweep below
  await admin.req('PATCH', `${T}/${tk.id}`, { dueAt: new Date(Date.now() - 3_600_000).toISOString() });
  t.same(
    events.map((e) => [e.action, e.id, e.assigneeUserId, e.overdue]),
    [
      ['create', tk.id, users.agent1, false],
      ['update', tk.id, users.agent1, true],
    ],
  );
  events.length = 0;
  const due = Date.parse((await admin.get(`${T}/${tk.id}`)).dueAt);
  t.equal(box.hotline.services.tickets.sweepOverdue(due - 5000, due + 1), 1, 'the sweep finds the due time');
  t.same(
    events.map((e) => [e.action, e.id, e.overdue]),
    [['overdue', tk.id, true]],
  );
  t.equal(box.hotline.services.tickets.sweepOverdue(due + 1, Date.now() + 1), 0, 'once only');
});

t.test(
  'attachments: allowed types, size limit, path tricks refused; the download is the same bytes',
  async (t) => {
    const { admin, box } = await setup(t);
    const tk = await admin.post(T, { title: '附件' });
    const up = await uploader(box.url, box.admin.username, box.admin.password);
    const at = (name: string) => `${T}/${tk.id}/attachments?name=${encodeURIComponent(name)}`;
    const ok = await up(at('截图 1.png'), PNG, 'image/png');
    t.equal(ok.status, 201, JSON.stringify(ok.body));
    t.equal(ok.body.name, '截图 1.png');
    t.equal(ok.body.size, PNG.length);
    t.notOk('file' in ok.body, 'the stored file name is not shown');
    const dl = await admin.fetch(`${T}/${tk.id}/attachments/${ok.body.id}`);
    t.equal(dl.status, 200);
    t.equal(dl.headers.get('content-type'), 'image/png');
    t.match(
      dl.headers.get('content-disposition') ?? '',
      /^attachment; filename="__ 1\.png"; filename\*=UTF-8''%E6%88%AA%E5%9B%BE%201\.png/,
    );
    t.ok(Buffer.from(await dl.arrayBuffer()).equals(PNG), 'the same bytes');
    const text = await up(
      at('notes.txt'),
      Buffer.from('<script>alert(1)</script>'),
      'text/plain; charset=utf-8',
    );
    t.equal(text.status, 201, 'text is text');

    const refused: [string, Buffer, string, number, string][] = [
      ['../../etc/passwd.png', PNG, 'image/png', 400, 'name'],
      ['a/b.png', PNG, 'image/png', 400, 'name'],
      ['a\\b.png', PNG, 'image/png', 400, 'name'],
      ['a\u0000.png', PNG, 'image/png', 400, 'name'],
      ['.htaccess.png', PNG, 'image/png', 400, 'name'],
      ['page.html', Buffer.from('<html>'), 'text/html', 400, 'content-type'],
      ['x.svg', Buffer.from('<svg/>'), 'image/svg+xml', 400, 'content-type'],
      ['photo.exe', PNG, 'image/png', 400, 'name'],
      ['photo.png', Buffer.from('MZ not a png'), 'image/png', 400, 'file'],
      ['empty.png', Buffer.alloc(0), 'image/png', 400, 'file'],
      ['big.pdf', Buffer.alloc(10 * 1024 * 1024 + 1, 0x25), 'application/pdf', 400, 'file'],
    ];
    for (const [name, body, type, status, field] of refused) {
      const r = await up(at(name), body, type);
      t.equal(r.status, status, `${JSON.stringify(name)} as ${type}`);
      t.equal(r.body.error?.field, field, `names ${field}`);
    }
    const noName = await up(`${T}/${tk.id}/attachments`, PNG, 'image/png');
    t.equal(noName.body.error?.field, 'name');
    const { readdirSync } = await import('node:fs');
    t.equal(
      readdirSync(`${box.dir}/ticket-attachments`).length,
      2,
      'only the two accepted files are on disk',
    );
    t.same(
      (await admin.get(`${T}/${tk.id}`)).attachments.map((a: { name: string }) => a.name),
      ['截图 1.png', 'notes.txt'],
    );
    t.equal((await admin.req('GET', `${T}/${tk.id}/attachments/999`)).status, 404);
    await expectError(t, admin, 'GET', `${T}/${tk.id}/attachments/abc`, undefined, 400, 'attachmentId');
  },
);

t.test(
  'hostile input: script tags are plain text; long fields, wrong types and bad refs name the field',
  async (t) => {
    const { admin } = await setup(t);
    const script = '<script>alert("x")</script> ${EXTEN}; [ctx], 客服一组';
    const tk = await admin.post(T, { title: script, description: `${script}\n第二行` });
    const back = await admin.get(`${T}/${tk.id}`);
    t.equal(back.title, script, 'stored and answered as given');
    t.equal(back.description, `${script}\n第二行`);
    const cases: [unknown, string][] = [
      [{ title: LONG }, 'title'],
      [{ title: 'a', description: LONG }, 'description'],
      [{ title: '' }, 'title'],
      [{ title: 'a\nb' }, 'title'],
      [{ title: 'a\u202eb' }, 'title'],
      [{ title: 42 }, 'title'],
      [{ title: 'a', priority: 'asap' }, 'priority'],
      [{ title: 'a', priority: 3 }, 'priority'],
      [{ title: 'a', customerId: '1' }, 'customerId'],
      [{ title: 'a', customerId: 9999 }, 'customerId'],
      [{ title: 'a', categoryId: 9999 }, 'categoryId'],
      [{ title: 'a', callIds: 'x' }, 'callIds'],
      [{ title: 'a', callIds: [1, 1] }, 'callIds'],
      [{ title: 'a', assigneeUserId: 9999 }, 'assigneeUserId'],
      [{ title: 'a', assigneeQueueId: 9999 }, 'assigneeQueueId'],
      [{ title: 'a', assigneeUserId: 1, assigneeQueueId: 1 }, 'assigneeQueueId'],
      [{ title: 'a', status: 'closed' }, 'status'],
      [{ title: 'a', evil: true }, 'evil'],
    ];
    for (const [body, field] of cases) await expectError(t, admin, 'POST', T, body, 400, field);
    await expectError(t, admin, 'PATCH', `${T}/${tk.id}`, { status: 'done' }, 400, 'status');
    await expectError(t, admin, 'PATCH', `${T}/${tk.id}`, { dueAt: 'tomorrow' }, 400, 'dueAt');
    await expectError(t, admin, 'PATCH', `${T}/abc`, { title: 'x' }, 400, 'id');
    await expectError(t, admin, 'POST', `${T}/categories`, { name: LONG }, 400, 'name');
    await expectError(
      t,
      admin,
      'PUT',
      `${T}/sla`,
      { scheduleId: null, rules: [{ categoryId: null, priority: 'low', hours: -1 }] },
      400,
      'rules.0.hours',
    );
    await expectError(t, admin, 'PUT', `${T}/sla`, { scheduleId: 9999, rules: [] }, 400, 'scheduleId');
    await expectError(
      t,
      admin,
      'PUT',
      `${T}/sla`,
      {
        scheduleId: null,
        rules: [
          { categoryId: null, priority: 'low', hours: 1 },
          { categoryId: null, priority: 'low', hours: 2 },
        ],
      },
      400,
      'rules.1',
    );
  },
);

t.test('roles: an agent sees its own, its queue’s and what it created; others are a 403', async (t) => {
  const { admin, agent1, agent2, supervisor, users, queue, box } = await setup(t);
  const mine = await admin.post(T, { title: '给张三', assigneeUserId: users.agent1 });
  const queued = await admin.post(T, { title: '给一组', assigneeQueueId: queue.id });
  const other = await admin.post(T, { title: '给李四', assigneeUserId: users.agent2 });
  const created = await agent1.post(T, { title: '张三自建' });
  const list = async (api: Api) =>
    ((await api.get(T)).items as { id: number }[]).map((x) => x.id).sort((a, b) => a - b);
  t.same(await list(agent1), [mine.id, queued.id, created.id], 'assigned, their queue, created');
  t.same(await list(agent2), [other.id], 'agent2 is in no queue');
  t.equal((await supervisor.get(T)).total, 0, 'a supervisor with no queue sees none of them');

  await expectError(t, agent1, 'GET', `${T}/${other.id}`, undefined, 403);
  await expectError(t, agent1, 'PATCH', `${T}/${other.id}`, { title: '改' }, 403);
  await expectError(t, agent1, 'POST', `${T}/${other.id}/comments`, { body: '偷看' }, 403);
  await expectError(t, agent1, 'GET', `${T}/${other.id}/comments`, undefined, 403);
  await expectError(t, agent2, 'GET', `${T}/${queued.id}`, undefined, 403, undefined);

  const up = await uploader(box.url, 'agent2', 'correct horse battery');
  const file = await up(`${T}/${other.id}/attachments?name=a.png`, PNG, 'image/png');
  t.equal(file.status, 201);
  t.equal(
    (await agent1.fetch(`${T}/${other.id}/attachments/${file.body.id}`)).status,
    403,
    "another's attachment",
  );
  t.equal((await agent2.fetch(`${T}/${other.id}/attachments/${file.body.id}`)).status, 200, 'its own');
  const up1 = await uploader(box.url, 'agent1', 'correct horse battery');
  t.equal((await up1(`${T}/${other.id}/attachments?name=b.png`, PNG, 'image/png')).status, 403);

  await expectError(t, agent1, 'PATCH', `${T}/${mine.id}`, { dueAt: new Date().toISOString() }, 403);
  await expectError(t, agent1, 'DELETE', `${T}/${mine.id}`, undefined, 403);
  await expectError(t, agent1, 'POST', `${T}/categories`, { name: '新类' }, 403);
  await expectError(t, agent1, 'PUT', `${T}/sla`, { scheduleId: null, rules: [] }, 403);
  t.equal(
    (await agent1.req('PATCH', `${T}/${queued.id}`, { status: 'in_progress' })).status,
    200,
    'its queue’s',
  );
  // handing a ticket over: the agent no longer sees it
  t.equal((await agent1.req('PATCH', `${T}/${mine.id}`, { assigneeUserId: users.agent2 })).status, 200);
  await expectError(t, agent1, 'GET', `${T}/${mine.id}`, undefined, 403);
  t.equal((await admin.req('DELETE', `${T}/${other.id}`)).status, 204, 'admins delete, with the files');
  const { readdirSync } = await import('node:fs');
  t.same(readdirSync(`${box.dir}/ticket-attachments`), []);
});

t.test('roles: a supervisor sees their queues’ tickets and their agents’; admins everything', async (t) => {
  const { admin, agent1, supervisor, users, queue, box, must } = await setup(t);
  // lead supervises 客服一组 (set by the admin); seated takes its calls on seat 1003 but supervises nothing
  await must(admin, 'POST', '/api/v1/agents', {
    extension: '1003',
    name: '组长',
    skills: [{ queueId: queue.id }],
  });
  const lead = await box.userApi('lead', 'supervisor', undefined, [queue.id]);
  const seated = await box.userApi('seated', 'supervisor', '1003');
  const mine = await admin.post(T, { title: '给张三', assigneeUserId: users.agent1 });
  const queued = await admin.post(T, { title: '给一组', assigneeQueueId: queue.id });
  const other = await admin.post(T, { title: '给李四', assigneeUserId: users.agent2 });
  const created = await agent1.post(T, { title: '张三自建' });
  const orphan = await admin.post(T, { title: '无人认领' });
  const own = await supervisor.post(T, { title: '主管自建' });
  const list = async (api: Api) =>
    ((await api.get(T)).items as { id: number }[]).map((x) => x.id).sort((a, b) => a - b);
  t.same(await list(lead), [mine.id, queued.id, created.id], 'the queue’s, its agent’s assigned and created');
  t.same(await list(supervisor), [own.id], 'a supervisor in no queue: what they created');
  t.same(
    await list(seated),
    [queued.id],
    'a supervisor taking the queue’s calls: its tickets, not its agents’',
  );
  t.same(
    await list(admin),
    [mine.id, queued.id, other.id, created.id, orphan.id, own.id],
    'admins see every ticket',
  );
  t.equal((await lead.get(`${T}/${mine.id}`)).id, mine.id);
  t.equal((await lead.req('PATCH', `${T}/${queued.id}`, { status: 'in_progress' })).status, 200);
  for (const id of [other.id, orphan.id]) {
    await expectError(t, lead, 'GET', `${T}/${id}`, undefined, 403);
    await expectError(t, lead, 'PATCH', `${T}/${id}`, { title: '改' }, 403);
    await expectError(t, lead, 'GET', `${T}/${id}/comments`, undefined, 403);
    await expectError(t, lead, 'POST', `${T}/${id}/comments`, { body: '看看' }, 403);
    await expectError(t, lead, 'GET', `${T}/${id}/attachments`, undefined, 403);
  }
  const up = await uploader(box.url, 'lead', 'correct horse battery');
  t.equal((await up(`${T}/${other.id}/attachments?name=a.png`, PNG, 'image/png')).status, 403);
  t.equal((await up(`${T}/${mine.id}/attachments?name=a.png`, PNG, 'image/png')).status, 201);
  t.equal((await admin.req('GET', `${T}/${other.id}/comments`)).status, 200);
});

t.test('every role reads who a ticket can be assigned to: users and queues by name', async (t) => {
  const { admin, agent2, users, queue } = await setup(t);
  const disabled = await admin.post('/api/v1/users', {
    username: 'gone',
    password: 'correct horse battery',
    role: 'agent',
  });
  const off = await admin.req('PATCH', `/api/v1/users/${disabled.user.id}`, { disabled: true });
  t.equal(off.status, 200, 'user gone is disabled');
  const a = await agent2.get(`${T}/assignees`);
  t.same(
    a.queues.filter((q: { id: number }) => q.id === queue.id),
    [{ id: queue.id, name: '客服一组' }],
    'the queue by name',
  );
  const names = new Map(a.users.map((u: { id: number; name: string }) => [u.id, u.name]));
  t.equal(names.get(users.agent1), 'agent1', 'agent1 is there for an agent to pick');
  t.ok(names.has(users.agent2), 'and agent2');
  t.notOk([...names.values()].includes('gone'), 'a disabled user is not offered');
  t.same(Object.keys(a.users[0]).sort(), ['id', 'name'], 'names only: no role, no seat');
});

t.test(
  'tickets live: the assignee’s stream gets new and overdue tickets, others in scope only',
  async (t) => {
    const { admin, box, users, queue } = await setup(t);
    const { openSse } = await import('../support/sse-client.js');
    const stream = async (username: string, query = '?only=tickets') => {
      const cookie = await loginCookie(box.url, username, 'correct horse battery');
      const c = await openSse(`${box.url}/api/v1/desk/events${query}`, { cookie });
      t.teardown(() => c.close());
      t.equal(c.status, 200, `${username}'s stream`);
      return c;
    };
    const agent1 = await stream('agent1');
    const desk1 = await stream('agent1', '');
    const agent2 = await stream('agent2');
    const sup = await stream('sup');
    const ticket = (c: Awaited<ReturnType<typeof stream>>, id: number, action: string, assignee?: number) =>
      c.waitFor((e) => {
        if (e.event !== 'ticket') return false;
        const d = JSON.parse(e.data);
        return (
          d.id === id && d.action === action && (assignee === undefined || d.assigneeUserId === assignee)
        );
      }, `${action} of ${id}`);

    const tk = await admin.post(T, { title: '新工单', assigneeUserId: users.agent1 });
    t.match(JSON.parse((await ticket(agent1, tk.id, 'create')).data), { number: tk.number, overdue: false });
    await ticket(desk1, tk.id, 'create');
    // due in a moment: the timer notices it passing without anyone asking
    await admin.req('PATCH', `${T}/${tk.id}`, { dueAt: new Date(Date.now() + 1500).toISOString() });
    const overdue = JSON.parse((await ticket(agent1, tk.id, 'overdue')).data);
    t.match(overdue, { id: tk.id, overdue: true, assigneeUserId: users.agent1 });
    t.equal((await box.api.get(`${T}/${tk.id}`)).overdue, true);

    // a queue's ticket reaches agent1 (in the queue), not agent2
    const queued = await admin.post(T, { title: '一组的', assigneeQueueId: queue.id });
    await ticket(agent1, queued.id, 'create');
    // agent2's own comes after: everything before it was already delivered (one ordered stream)
    const theirs = await admin.post(T, { title: '李四的', assigneeUserId: users.agent2 });
    await ticket(agent2, theirs.id, 'create');
    const ids = (c: Awaited<ReturnType<typeof stream>>) =>
      c.events.filter((e) => e.event === 'ticket').map((e) => JSON.parse(e.data).id as number);
    t.same([...new Set(ids(agent2))], [theirs.id], 'agent2 saw only its own ticket');
    t.notOk(ids(agent1).includes(theirs.id), 'agent1 never sees agent2’s');
    // the supervisor in no queue sees what they create, nothing else
    const own = await (await box.userApi('sup2', 'supervisor')).post(T, { title: 'x' });
    t.ok(own.id);
    const mineNow = await admin.post(T, {
      title: '给主管',
      assigneeUserId: (await box.api.get('/api/v1/auth/me')).user.id,
    });
    t.ok(mineNow.id);
    const handed = await admin.req('PATCH', `${T}/${tk.id}`, { assigneeUserId: users.agent2 });
    t.equal(handed.status, 200);
    // handed over: the old assignee learns it left them, the new one gets it
    t.match(JSON.parse((await ticket(agent1, tk.id, 'update', users.agent2)).data), {
      before: { assigneeUserId: users.agent1 },
    });
    await ticket(agent2, tk.id, 'update', users.agent2);
    t.same(ids(sup), [], 'a supervisor with no queue got none of these');
    const bad = await fetch(`${box.url}/api/v1/desk/events?only=everything`, {
      headers: { cookie: await loginCookie(box.url, 'agent1', 'correct horse battery') },
    });
    t.equal(bad.status, 400);
    t.equal(((await bad.json()) as any).error.field, 'only');
  },
);
