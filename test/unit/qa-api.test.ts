import t from 'tap';
import { scoreForm } from '../../src/qa/score.js';
import { startTestBox } from '../support/box.js';

const box = await startTestBox({ seats: ['1001', '1002'] });
t.teardown(() => box.close());
const { api, hotline } = box;

const q1 = await api.post('/api/v1/queues', { name: '客服一组', number: '8001' });
const q2 = await api.post('/api/v1/queues', { name: '客服二组', number: '8002' });
const sup = await box.userApi('qa-sup', 'supervisor');
const sup2 = await box.userApi('qa-sup2', 'supervisor');
const a1 = await box.userApi('qa-a1', 'agent', '1001');
const a2 = await box.userApi('qa-a2', 'agent', '1002');

/** A calls row as the calls domain builds it; its id. */
function insertCall(linkedid: string, agent: string, queueId: number | null): number {
  const now = Math.floor(Date.now() / 1000);
  return Number(
    hotline.db
      .prepare(
        `INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds,
           agent, talk_seconds, outcome, recording, updated_at)
         VALUES (?, 'inbound', '13800138000', '88001234', ?, ?, '', ?, 5, ?, 60, ?, '', ?)`,
      )
      .run(linkedid, now - 100, now, queueId, agent, agent ? 'answered' : 'abandoned', Date.now())
      .lastInsertRowid,
  );
}
const c1 = insertCall('1764000000.1', '1001', q1.id);
const c2 = insertCall('1764000000.2', '1001', q2.id);
const c3 = insertCall('1764000000.3', '1002', q1.id);
const cNobody = insertCall('1764000000.4', '', q1.id);

/**
 * Questions 1..4: greeting (yes/no, weight 2), needs found (0-4, weight 3, N/A allowed),
 * identity checked (yes/no, weight 5, critical), upsell offered (yes/no, weight 1, N/A allowed).
 */
const FORM = {
  name: '服务质检表',
  sections: [
    {
      title: '开场',
      questions: [
        { text: '标准问候语', kind: 'yesno', weight: 2 },
        { text: '需求确认', kind: 'scale', max: 4, weight: 3, allowNa: true },
      ],
    },
    {
      title: '合规',
      questions: [
        { text: '核实身份', kind: 'yesno', weight: 5, critical: true },
        { text: '推荐增值业务', kind: 'yesno', weight: 1, allowNa: true },
      ],
    },
  ],
};
const answers = (...values: (number | null)[]) => values.map((value, i) => ({ questionId: i + 1, value }));
const form = await sup.post('/api/v1/qa/forms', FORM);
/** Grades and forms the subtests pass on, in order. */
const ids: Record<string, number> = {};

t.test('scoring: weights, a scale, N/A out of the total, a critical no fails the form', async (t) => {
  const questions = form.sections.flatMap((s: { questions: unknown[] }) => s.questions);
  t.same(
    questions.map((q: { id: number }) => q.id),
    [1, 2, 3, 4],
    'numbered in form order',
  );
  // (2·1 + 3·3/4 + 5·1 + 1·0) / 11 = 9.25 / 11 = 84.09…
  t.same(scoreForm(questions, answers(1, 3, 1, 0)), { score: 84.1, criticalFailed: false, weight: 11 });
  // N/A drops the scale's weight 3: (2 + 5 + 0) / 8
  t.equal(scoreForm(questions, answers(1, null, 1, 0)).score, 87.5);
  // (0 + 3·2/4 + 5 + N/A) / 10
  t.equal(scoreForm(questions, answers(0, 2, 1, null)).score, 65);
  t.same(scoreForm(questions, answers(1, 4, 0, 1)), { score: 0, criticalFailed: true, weight: 11 });
  t.equal(scoreForm(questions, []).score, null, 'nothing answered: no score');

  // the same through the API: the server computes it, a client's total is refused
  const r = await sup.req('POST', '/api/v1/qa/grades', {
    callId: c1,
    formId: form.id,
    answers: answers(1, 3, 1, 0),
    score: 100,
  });
  t.equal(r.status, 400);
  t.equal(r.body.error.field, 'score', 'a total from the client is not accepted');
  const draft = await sup.post('/api/v1/qa/grades', {
    callId: c1,
    formId: form.id,
    answers: answers(1, 3),
    comments: [{ at: 12.5, text: '问候语完整' }],
  });
  t.equal(draft.status, 'draft');
  t.equal(draft.score, 85, 'a draft scores what is answered so far: (2 + 3·3/4) / 5');
  t.same(draft.comments, [{ at: 12.5, text: '问候语完整' }]);
  t.equal(draft.agent, '1001', "the call's agent");
  t.equal(draft.queueId, q1.id, "the call's queue");
  const done = await sup.req('PATCH', `/api/v1/qa/grades/${draft.id}`, {
    answers: answers(1, 3, 1, 0),
    submit: true,
  });
  t.equal(done.status, 200);
  t.equal(done.body.status, 'submitted');
  t.equal(done.body.score, 84.1);
  t.ok(done.body.submittedAt);
  const failed = await sup.post('/api/v1/qa/grades', {
    callId: c2,
    formId: form.id,
    answers: answers(1, 4, 0, 1),
    submit: true,
  });
  t.same([failed.score, failed.criticalFailed], [0, true], 'critical no: the whole form fails');
  const na = await sup.post('/api/v1/qa/grades', {
    callId: c3,
    formId: form.id,
    answers: answers(1, null, 1, 0),
    submit: true,
  });
  t.same([na.score, na.criticalFailed], [87.5, false]);
  ids.g1 = draft.id;
  ids.g2 = failed.id;
  ids.g3 = na.id;
});

t.test('a submitted grade is immutable; a correction is a new version with its author', async (t) => {
  const g1 = ids.g1!;
  const patch = await sup.req('PATCH', `/api/v1/qa/grades/${g1}`, { answers: answers(1, 4, 1, 1) });
  t.equal(patch.status, 409, 'PATCH of a submitted grade');
  t.equal((await sup.req('DELETE', `/api/v1/qa/grades/${g1}`)).status, 409, 'DELETE of a submitted grade');
  t.equal(
    (await api.req('PATCH', `/api/v1/qa/grades/${g1}`, { submit: true })).status,
    409,
    'not even an admin',
  );
  t.equal((await sup.get(`/api/v1/qa/grades/${g1}`)).score, 84.1, 'unchanged');

  const v2 = await sup2.post(`/api/v1/qa/grades/${g1}/revisions`, {
    answers: answers(0, 2, 1, null),
    reason: '复听后更正',
    submit: true,
  });
  t.equal(v2.version, 2);
  t.equal(v2.rootId, g1);
  t.equal(v2.grader, 'qa-sup2', 'the correction records its author');
  t.equal(v2.score, 65);
  t.same(v2.comments, [{ at: 12.5, text: '问候语完整' }], 'comments carried over');
  const history = await sup.get(`/api/v1/qa/grades/${v2.id}/versions`);
  t.same(
    history.map((v: { id: number; version: number; grader: string; score: number }) => [
      v.id,
      v.version,
      v.grader,
      v.score,
    ]),
    [
      [g1, 1, 'qa-sup', 84.1],
      [v2.id, 2, 'qa-sup2', 65],
    ],
    'the old version is kept',
  );
  t.equal(
    (await sup.req('POST', `/api/v1/qa/grades/${g1}/revisions`, {})).status,
    409,
    'only the newest is revised',
  );
  t.equal(
    (await sup.req('PATCH', `/api/v1/qa/grades/${v2.id}`, { submit: true })).status,
    409,
    'v2 is final too',
  );
  const list = await sup.get(`/api/v1/qa/grades?callId=${c1}`);
  t.same(
    list.items.map((g: { id: number }) => g.id),
    [v2.id],
    'the list shows the newest version',
  );

  // a draft correction does not count until submitted; its grader may drop it
  const d3 = await sup.post(`/api/v1/qa/grades/${ids.g3}/revisions`, { answers: answers(0, null, 1, 0) });
  t.equal(d3.status, 'draft');
  t.equal(
    (await sup2.req('PATCH', `/api/v1/qa/grades/${d3.id}`, {})).status,
    403,
    "another supervisor's draft",
  );
  ids.d3 = d3.id;

  const audit = hotline.db
    .prepare("SELECT action, entity_id FROM audit_log WHERE entity = 'qa_grade' ORDER BY id")
    .all() as { action: string; entity_id: string }[];
  t.same(
    audit.map((a) => a.action),
    ['create', 'submit', 'create', 'create', 'revise', 'revise'],
    'every write audited',
  );
});

t.test('roles: agents see their own submitted grades only and cannot grade', async (t) => {
  const own = await a1.get('/api/v1/qa/grades');
  t.ok(own.items.length >= 2);
  t.ok(
    own.items.every((g: { agent: string; status: string }) => g.agent === '1001' && g.status === 'submitted'),
    'only seat 1001, only submitted',
  );
  t.equal((await a1.req('GET', `/api/v1/qa/grades/${ids.g3}`)).status, 403, "another agent's grade");
  t.equal((await a2.req('GET', `/api/v1/qa/grades/${ids.g3}`)).status, 200, 'their own');
  t.equal(
    (await a2.req('GET', `/api/v1/qa/grades/${ids.d3}`)).status,
    403,
    'a draft correction of their own',
  );
  const hist = await a2.get(`/api/v1/qa/grades/${ids.g3}/versions`);
  t.same(
    hist.map((v: { id: number }) => v.id),
    [ids.g3],
    'drafts left out of their history',
  );
  t.equal((await a1.req('GET', '/api/v1/qa/grades?agent=1002')).status, 403);
  const grade = await a1.req('POST', '/api/v1/qa/grades', { callId: c1, formId: form.id });
  t.equal(grade.status, 403, 'agents cannot grade');
  t.equal((await a1.req('POST', `/api/v1/qa/grades/${ids.g2}/revisions`, {})).status, 403);
  t.equal((await a1.req('POST', '/api/v1/qa/forms', FORM)).status, 403, 'agents cannot write forms');
  t.equal((await a1.req('GET', `/api/v1/qa/forms/${form.id}`)).status, 200, 'agents read forms');
  const refused = await sup.req('POST', '/api/v1/qa/grades', { callId: cNobody, formId: form.id });
  t.equal(refused.status, 409, 'a call no agent took');
});

t.test('a form with grades: no delete, no new structure; rename, archive and copy', async (t) => {
  t.equal((await sup.req('DELETE', `/api/v1/qa/forms/${form.id}`)).status, 409);
  const restructure = await sup.req('PATCH', `/api/v1/qa/forms/${form.id}`, {
    sections: FORM.sections.slice(1),
  });
  t.equal(restructure.status, 409);
  const renamed = await sup.req('PATCH', `/api/v1/qa/forms/${form.id}`, {
    name: '服务质检表 2024',
    status: 'archived',
  });
  t.equal(renamed.status, 200);
  t.same([renamed.body.name, renamed.body.status], ['服务质检表 2024', 'archived']);
  t.equal(
    (await sup.req('POST', '/api/v1/qa/grades', { callId: c3, formId: form.id })).status,
    409,
    'an archived form grades no new call',
  );
  const copy = await sup.post(`/api/v1/qa/forms/${form.id}/copy`, { name: '服务质检表 2025' });
  t.equal(copy.status, 'active');
  t.same(copy.sections, form.sections);
  const changed = await sup.req('PATCH', `/api/v1/qa/forms/${copy.id}`, { sections: FORM.sections.slice(1) });
  t.equal(changed.status, 200, 'a form without grades changes its structure');
  t.equal(changed.body.sections[0].questions[0].id, 1, 'renumbered');
  t.equal((await sup.req('DELETE', `/api/v1/qa/forms/${copy.id}`)).status, 204);
  t.equal((await api.req('GET', `/api/v1/qa/forms/${copy.id}`)).status, 404);
});

t.test('hostile or mistyped input is refused with 400 naming the field', async (t) => {
  const q = (over: Record<string, unknown>) => ({ text: '问', kind: 'yesno', weight: 1, ...over });
  const formWith = (question: Record<string, unknown>) => ({
    name: '表',
    sections: [{ title: '段', questions: [question] }],
  });
  const grade = (over: Record<string, unknown>) => ({ callId: c3, formId: ids.active, ...over });
  ids.active = (await sup.post('/api/v1/qa/forms', { ...FORM, name: '在用表' })).id;
  const cases: [string, string, unknown, string][] = [
    ['POST', '/api/v1/qa/forms', { ...FORM, name: 'a\u0000b' }, 'name'],
    ['POST', '/api/v1/qa/forms', { ...FORM, name: 'x'.repeat(10_000) }, 'name'],
    ['POST', '/api/v1/qa/forms', { ...FORM, name: '客服\u202E1001' }, 'name'],
    ['POST', '/api/v1/qa/forms', { ...FORM, sections: [] }, 'sections'],
    ['POST', '/api/v1/qa/forms', formWith(q({ kind: 'stars' })), 'sections.0.questions.0.kind'],
    ['POST', '/api/v1/qa/forms', formWith(q({ weight: -1 })), 'sections.0.questions.0.weight'],
    ['POST', '/api/v1/qa/forms', formWith(q({ weight: '3' })), 'sections.0.questions.0.weight'],
    ['POST', '/api/v1/qa/forms', formWith(q({ kind: 'scale' })), 'sections.0.questions.0.max'],
    ['POST', '/api/v1/qa/forms', formWith(q({ text: 'a\nb' })), 'sections.0.questions.0.text'],
    ['POST', '/api/v1/qa/forms', formWith(q({ critical: 'yes' })), 'sections.0.questions.0.critical'],
    ['POST', '/api/v1/qa/forms', { ...FORM, __proto__x: 1 }, '__proto__x'],
    ['POST', '/api/v1/qa/grades', grade({ callId: 'abc' }), 'callId'],
    ['POST', '/api/v1/qa/grades', grade({ callId: 999_999 }), 'callId'],
    ['POST', '/api/v1/qa/grades', grade({ formId: 999_999 }), 'formId'],
    ['POST', '/api/v1/qa/grades', grade({ answers: [{ questionId: 1, value: 2 }] }), 'answers.0.value'],
    ['POST', '/api/v1/qa/grades', grade({ answers: [{ questionId: 2, value: 5 }] }), 'answers.0.value'],
    ['POST', '/api/v1/qa/grades', grade({ answers: [{ questionId: 3, value: null }] }), 'answers.0.value'],
    ['POST', '/api/v1/qa/grades', grade({ answers: [{ questionId: 9, value: 1 }] }), 'answers.0.questionId'],
    [
      'POST',
      '/api/v1/qa/grades',
      grade({ answers: answers(1, 1).concat(answers(1)) }),
      'answers.2.questionId',
    ],
    ['POST', '/api/v1/qa/grades', grade({ answers: answers(1, 3), submit: true }), 'answers'],
    ['POST', '/api/v1/qa/grades', grade({ comments: [{ at: -1, text: '早' }] }), 'comments.0.at'],
    ['POST', '/api/v1/qa/grades', grade({ comments: [{ at: 1, text: 'a\u202Eb' }] }), 'comments.0.text'],
    [
      'POST',
      '/api/v1/qa/grades',
      grade({ comments: [{ at: 1, text: 'x'.repeat(10_000) }] }),
      'comments.0.text',
    ],
    ['POST', `/api/v1/qa/grades/${ids.g2}/revisions`, { reason: 'a;b\r\n' }, 'reason'],
    ['GET', '/api/v1/qa/trends?groupBy=seat', undefined, 'groupBy'],
    ['GET', '/api/v1/qa/trends?period=year', undefined, 'period'],
    ['GET', '/api/v1/qa/trends?from=2025-02-30', undefined, 'from'],
    ['GET', '/api/v1/qa/grades?agent=${x}', undefined, 'agent'],
  ];
  for (const [method, path, body, field] of cases) {
    const r = await sup.req(method, path, body);
    t.equal(r.status, 400, `${method} ${path} ${field}`);
    t.equal(
      r.body?.error?.field,
      field,
      `${method} ${path} names ${field}: ${JSON.stringify(r.body?.error)}`,
    );
  }
  const longComment = await sup.post(
    '/api/v1/qa/grades',
    grade({ comments: [{ at: 3, text: '第一行\n第二行' }] }),
  );
  t.equal(longComment.comments[0].text, '第一行\n第二行', 'comments keep their lines');
  t.equal(
    (await sup.req('DELETE', `/api/v1/qa/grades/${longComment.id}`)).status,
    204,
    'a draft may be dropped',
  );
});

t.test('trends per agent and queue, per day, week and month, computed by hand', async (t) => {
  // grading times (local): g1 Mon 6 Jan, g2 Wed 8 Jan, g3 Tue 14 Jan 2025; a correction keeps its root's time
  const setGraded = hotline.db.prepare('UPDATE qa_grades SET graded_at = ? WHERE root_id = ?');
  setGraded.run(new Date(2025, 0, 6, 10).getTime(), ids.g1);
  setGraded.run(new Date(2025, 0, 8, 23, 30).getTime(), ids.g2);
  setGraded.run(new Date(2025, 0, 14, 0, 15).getTime(), ids.g3);
  const span = 'from=2025-01-01&to=2025-02-01';
  const rows = async (who: typeof sup, query: string) =>
    (await who.get(`/api/v1/qa/trends?${query}&${span}`)).rows.map(
      (r: {
        group: string;
        label: string;
        period: string;
        count: number;
        average: number;
        criticalFails: number;
      }) => [r.period, r.label, r.count, r.average, r.criticalFails],
    );
  // g1 counts as its correction (65), g2 failed (0), g3 87.5 (its draft correction does not count)
  t.same(await rows(sup, 'groupBy=agent&period=week'), [
    ['2025-01-06', '1001', 2, 32.5, 1],
    ['2025-01-13', '1002', 1, 87.5, 0],
  ]);
  t.same(await rows(sup, 'groupBy=agent&period=day'), [
    ['2025-01-06', '1001', 1, 65, 0],
    ['2025-01-08', '1001', 1, 0, 1],
    ['2025-01-14', '1002', 1, 87.5, 0],
  ]);
  // (65 + 87.5) / 2 = 76.25 → 76.3
  t.same(await rows(sup, 'groupBy=queue&period=month'), [
    ['2025-01', '客服一组', 2, 76.3, 0],
    ['2025-01', '客服二组', 1, 0, 1],
  ]);
  t.same(
    await rows(a1, 'groupBy=agent&period=month'),
    [['2025-01', '1001', 2, 32.5, 1]],
    'an agent sees their own',
  );
  const narrow = await sup.get('/api/v1/qa/trends?groupBy=agent&period=month&from=2025-01-07&to=2025-01-14');
  t.same(
    narrow.rows.map((r: { count: number }) => r.count),
    [1],
    'from inclusive, to exclusive: only g2',
  );
});
