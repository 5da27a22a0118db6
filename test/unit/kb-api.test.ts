import t from 'tap';
import type { Api } from '../../dev/api-client.js';
import { startTestBox } from '../support/box.js';

/** The part of tap's Test these helpers use. */
interface TestLike {
  teardown(fn: () => unknown): void;
}

type Fixture = {
  title: string;
  scenario: string;
  solution?: string;
  category?: string;
  tags?: string[];
  status?: 'draft' | 'published';
};

/** A small desk knowledge base: 退款 and 发票 each appear in some articles and not in others. */
const ARTICLES: Record<string, Fixture> = {
  refund: {
    title: '退款申请流程',
    scenario: '客户要求退款，订单已付款但未发货',
    solution: '<p>核对订单号后在系统中提交<strong>退款</strong>申请，三个工作日内原路退回。</p>',
    category: '退款',
    tags: ['退款', '售后'],
  },
  vat: {
    title: '增值税发票开具',
    scenario: '企业客户需要开具增值税专用发票',
    solution: '<p>请客户提供税号、开户行和地址。</p>',
    category: '发票',
    tags: ['发票'],
  },
  header: {
    title: '发票抬头修改',
    scenario: '客户发现发票抬头写错了',
    solution: '<p>作废原票后重新开具。</p>',
    category: '发票',
    tags: ['发票'],
  },
  broadband: {
    title: '宽带故障报修',
    scenario: '客户家里宽带无法上网',
    solution: '<p>先请客户重启光猫，再派单上门。</p>',
    tags: ['宽带'],
  },
  bill: {
    title: '话费查询',
    scenario: '客户询问本月话费',
    solution: '<p>发送短信查询余额；多扣的费用可申请<b>退款</b>。</p>',
    tags: ['话费'],
  },
  draft: {
    title: '退款新规（草稿）',
    scenario: '尚未发布的退款政策',
    solution: '<p>待定</p>',
    tags: ['退款'],
    status: 'draft',
  },
};

/** The box with the fixture's categories (账务/退款, 账务/发票) and articles, and an agent's session. */
async function setup(tt: TestLike) {
  const box = await startTestBox();
  tt.teardown(box.close);
  const admin = box.api;
  const must = async (method: string, path: string, body?: unknown) => {
    const r = await admin.req(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const root = await must('POST', '/api/v1/kb/categories', { name: '账务' });
  const cats: Record<string, number> = { 账务: root.id };
  for (const name of ['退款', '发票'])
    cats[name] = (await must('POST', '/api/v1/kb/categories', { name, parentId: root.id })).id;
  const ids: Record<string, number> = {};
  for (const [key, a] of Object.entries(ARTICLES)) {
    const { category, ...rest } = a;
    const body = { status: 'published', ...rest, categoryId: category ? cats[category] : null };
    ids[key] = (await must('POST', '/api/v1/kb/articles', body)).id;
  }
  const agent = await box.userApi('agent1', 'agent');
  return { box, admin, agent, ids, cats, must };
}

const search = async (api: Api, q: string, extra = '') => {
  const r = await api.req('GET', `/api/v1/kb/articles?q=${encodeURIComponent(q)}${extra}`);
  if (r.status !== 200) throw new Error(`search ${q}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { items: { id: number; title: string }[]; total: number; match: string };
};

t.test('a search for 退款 or 发票 finds the articles that mention it, best match first', async (t) => {
  const { agent, ids } = await setup(t);
  const refund = await search(agent, '退款');
  t.equal(refund.match, 'all');
  t.same(
    refund.items.map((a) => a.id),
    [ids.refund, ids.bill],
    'the title match before the mention in a solution; the draft is not shown to an agent',
  );
  const invoice = await search(agent, '发票');
  t.same(invoice.items.map((a) => a.id).sort(), [ids.vat, ids.header].sort());
  t.equal(invoice.total, 2);
  const both = await search(agent, '怎么开发票');
  t.same(
    both.items.map((a) => a.id).sort(),
    [ids.vat, ids.header].sort(),
    '开发票 is one word to jieba; any word in the text (发票) answers when not every word matches',
  );
  t.equal(both.match, 'any');
  const part = await search(agent, '款申');
  t.equal(part.match, 'substring', 'a fragment jieba does not cut as a word');
  t.same(
    part.items.map((a) => a.id),
    [ids.refund],
  );
  t.same((await search(agent, '保险理赔')).items, [], 'nothing for what no article mentions');
});

t.test('helpful votes lift an article among equally relevant ones, one vote per user', async (t) => {
  const { box, admin, agent } = await setup(t);
  const make = async (title: string) =>
    (
      await admin.req('POST', '/api/v1/kb/articles', {
        title,
        scenario: '打印机卡纸无法打印',
        status: 'published',
      })
    ).body.id as number;
  const first = await make('打印机卡纸 甲');
  const second = await make('打印机卡纸 乙');
  t.same(
    (await search(agent, '卡纸')).items.map((a) => a.id),
    [first, second],
  );
  const agent2 = await box.userApi('agent2', 'agent');
  for (const api of [agent, agent, agent2]) {
    const v = await api.req('POST', `/api/v1/kb/articles/${second}/vote`);
    t.equal(v.status, 200);
  }
  const article = await agent.get(`/api/v1/kb/articles/${second}`);
  t.equal(article.helpful, 2, 'the same agent voting twice counts once');
  t.equal(article.voted, true);
  t.same(
    (await search(agent, '卡纸')).items.map((a) => a.id),
    [second, first],
  );
  const back = await agent.req('DELETE', `/api/v1/kb/articles/${second}/vote`);
  t.same(back.body, { helpful: 1, voted: false });
});

t.test('drafts exist only for supervisors and admins', async (t) => {
  const { admin, agent, ids, box } = await setup(t);
  t.equal((await agent.req('GET', `/api/v1/kb/articles/${ids.draft}`)).status, 404);
  t.equal((await agent.req('POST', `/api/v1/kb/articles/${ids.draft}/vote`)).status, 404);
  const agentList = await agent.get('/api/v1/kb/articles?status=draft');
  t.equal(agentList.total, 0, 'asking for drafts shows an agent none');
  t.equal((await agent.get('/api/v1/kb/articles')).total, 5);
  t.equal((await admin.get('/api/v1/kb/articles')).total, 6);
  t.same(
    (await search(admin, '退款', '&status=draft')).items.map((a) => a.id),
    [ids.draft],
  );
  const sup = await box.userApi('sup', 'supervisor');
  t.equal((await sup.req('GET', `/api/v1/kb/articles/${ids.draft}`)).status, 200);
});

t.test(
  'every update keeps the previous version; a save that changes nothing keeps the version',
  async (t) => {
    const { admin, agent, ids } = await setup(t);
    const path = `/api/v1/kb/articles/${ids.vat}`;
    t.equal((await admin.req('PATCH', path, { title: '增值税专用发票开具' })).body.version, 2);
    const v3 = await admin.req('PATCH', path, { solution: '<p>税号、开户行、地址、电话。</p>' });
    t.equal(v3.body.version, 3);
    t.equal((await admin.req('PATCH', path, { title: '增值税专用发票开具' })).body.version, 3);
    const versions = await admin.get(`${path}/versions`);
    t.equal(versions.total, 2);
    t.same(
      versions.items.map((v: { version: number; title: string }) => [v.version, v.title]),
      [
        [2, '增值税专用发票开具'],
        [1, '增值税发票开具'],
      ],
    );
    t.equal(versions.items[1].solution, '<p>请客户提供税号、开户行和地址。</p>');
    t.equal(versions.items[0].updatedBy, 'admin');
    t.same(
      (await search(agent, '专用发票')).items.map((a) => a.id)[0],
      ids.vat,
      'the index follows the update',
    );
    t.equal((await agent.req('GET', `${path}/versions`)).status, 403);
    t.equal((await admin.req('DELETE', path)).status, 204);
    t.same(
      (await search(agent, '发票')).items.map((a) => a.id),
      [ids.header],
      'a deleted article leaves the index with it',
    );
  },
);

t.test('the solution is stored without scripts or handlers; quotes and ${...} are plain text', async (t) => {
  const { admin, agent } = await setup(t);
  const r = await admin.req('POST', '/api/v1/kb/articles', {
    title: '客户说"我要投诉" ${process.exit()}',
    scenario: "第一行\n第二行 '单引号' `反引号`",
    solution:
      '<p>安抚客户</p><script>alert(1)</script><img src="x" onerror="alert(document.cookie)">' +
      '<a href="javascript:alert(1)" onclick="steal()">链接</a><iframe src="https://example.invalid"></iframe>',
    status: 'published',
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  const stored = await agent.get(`/api/v1/kb/articles/${r.body.id}`);
  t.notMatch(stored.solution, /<script|onerror|onclick|javascript:|iframe|alert/);
  t.match(stored.solution, '<p>安抚客户</p>');
  t.equal(stored.title, '客户说"我要投诉" ${process.exit()}');
  t.equal(stored.scenario, "第一行\n第二行 '单引号' `反引号`");
  t.equal((await search(agent, 'alert')).total, 0, 'the dropped script is not searchable either');
});

t.test('hostile or mistyped input is refused with 400 naming the field', async (t) => {
  const { admin, ids } = await setup(t);
  const cases: [string, string, unknown, string][] = [
    ['POST', '/api/v1/kb/articles', { title: '第一行\n[第二行]' }, 'title'],
    ['POST', '/api/v1/kb/articles', { title: 'x'.repeat(10_000) }, 'title'],
    ['POST', '/api/v1/kb/articles', { title: 'x'.repeat(201) }, 'title'],
    ['POST', '/api/v1/kb/articles', { title: 42 }, 'title'],
    ['POST', '/api/v1/kb/articles', { title: '' }, 'title'],
    ['POST', '/api/v1/kb/articles', { scenario: '无标题' }, 'title'],
    ['POST', '/api/v1/kb/articles', { title: 't', scenario: '情'.repeat(4001) }, 'scenario'],
    ['POST', '/api/v1/kb/articles', { title: 't', scenario: 'a\u0000b' }, 'scenario'],
    ['POST', '/api/v1/kb/articles', { title: 't', scenario: ['x'] }, 'scenario'],
    ['POST', '/api/v1/kb/articles', { title: 't', solution: 'x'.repeat(100_001) }, 'solution'],
    ['POST', '/api/v1/kb/articles', { title: 't', solution: { html: '<p>' } }, 'solution'],
    ['POST', '/api/v1/kb/articles', { title: 't', tags: '退款' }, 'tags'],
    ['POST', '/api/v1/kb/articles', { title: 't', tags: ['${x}'] }, 'tags.0'],
    ['POST', '/api/v1/kb/articles', { title: 't', tags: ['退款', '退款'] }, 'tags'],
    ['POST', '/api/v1/kb/articles', { title: 't', tags: ['x'.repeat(10_000)] }, 'tags.0'],
    ['POST', '/api/v1/kb/articles', { title: 't', categoryId: '1' }, 'categoryId'],
    ['POST', '/api/v1/kb/articles', { title: 't', categoryId: 9999 }, 'categoryId'],
    ['POST', '/api/v1/kb/articles', { title: 't', status: 'live' }, 'status'],
    ['POST', '/api/v1/kb/articles', { title: 't', helpful: 1000 }, 'helpful'],
    ['PATCH', `/api/v1/kb/articles/${ids.vat}`, { title: null }, 'title'],
    ['PATCH', '/api/v1/kb/articles/..%2F1', { title: 't' }, 'id'],
    ['POST', '/api/v1/kb/categories', { name: 'a\nb' }, 'name'],
    ['POST', '/api/v1/kb/categories', { name: '发票', parentId: 'x' }, 'parentId'],
    ['GET', `/api/v1/kb/articles?q=${'退'.repeat(65)}`, undefined, 'q'],
    ['GET', '/api/v1/kb/articles?categoryId=abc', undefined, 'categoryId'],
    ['GET', '/api/v1/kb/suggest?limit=99', undefined, 'limit'],
    ['GET', '/api/v1/kb/suggest?queue=a%0Ab', undefined, 'queue'],
  ];
  for (const [method, path, body, field] of cases) {
    const what = `${method} ${path.slice(0, 60)} ${JSON.stringify(body)?.slice(0, 60)}`;
    const r = await admin.req(method, path, body);
    t.equal(r.status, 400, what);
    t.equal(r.body?.error?.field, field, what);
  }
  t.equal((await admin.get('/api/v1/kb/articles')).total, 6, 'nothing was written');
});

t.test('an agent reads and votes but cannot write articles or categories', async (t) => {
  const { agent, ids, cats } = await setup(t);
  const writes: [string, string, unknown][] = [
    ['POST', '/api/v1/kb/articles', { title: '坐席写的' }],
    ['PATCH', `/api/v1/kb/articles/${ids.vat}`, { title: '改' }],
    ['DELETE', `/api/v1/kb/articles/${ids.vat}`, undefined],
    ['POST', '/api/v1/kb/categories', { name: '新类' }],
    ['PATCH', `/api/v1/kb/categories/${cats.发票}`, { name: '改' }],
    ['DELETE', `/api/v1/kb/categories/${cats.发票}`, undefined],
  ];
  for (const [method, path, body] of writes)
    t.equal((await agent.req(method, path, body)).status, 403, `${method} ${path}`);
  t.equal((await agent.get('/api/v1/kb/categories')).length, 3);
  t.equal((await agent.req('POST', `/api/v1/kb/articles/${ids.vat}/vote`)).status, 200);
});

t.test(
  'categories form a tree: paths, filters over a subtree, no cycles, no deleting what is in use',
  async (t) => {
    const { admin, cats, ids } = await setup(t);
    const tree = await admin.get('/api/v1/kb/categories');
    t.same(
      tree.map((c: { path: string }) => c.path),
      ['账务', '账务/发票', '账务/退款'],
    );
    const underAccounts = await admin.get(`/api/v1/kb/articles?categoryId=${cats.账务}`);
    t.same(
      underAccounts.items.map((a: { id: number }) => a.id).sort(),
      [ids.refund, ids.vat, ids.header].sort(),
    );
    t.equal((await admin.get(`/api/v1/kb/articles/${ids.vat}`)).category, '账务/发票');
    const loop = await admin.req('PATCH', `/api/v1/kb/categories/${cats.账务}`, { parentId: cats.发票 });
    t.equal(loop.status, 400);
    t.equal(loop.body.error.field, 'parentId');
    const twin = await admin.req('POST', '/api/v1/kb/categories', { name: '发票', parentId: cats.账务 });
    t.equal(twin.status, 409);
    t.equal(
      (await admin.req('DELETE', `/api/v1/kb/categories/${cats.发票}`)).status,
      409,
      'articles are filed there',
    );
    t.equal(
      (await admin.req('DELETE', `/api/v1/kb/categories/${cats.账务}`)).status,
      409,
      'it has subcategories',
    );
    const spare = await admin.req('POST', '/api/v1/kb/categories', { name: '空类' });
    t.equal((await admin.req('DELETE', `/api/v1/kb/categories/${spare.body.id}`)).status, 204);
  },
);

t.test(
  "suggestions follow the call's queue, IVR path and ticket category, and what the agent types",
  async (t) => {
    const { agent, ids } = await setup(t);
    const suggest = async (query: string) => {
      const r = await agent.req('GET', `/api/v1/kb/suggest?${query}`);
      if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { terms: string[]; items: { id: number; matched: string[] }[] };
    };
    const byQueue = await suggest(`queue=${encodeURIComponent('退款专线')}`);
    t.same(
      byQueue.items.map((a) => a.id),
      [ids.refund],
      'the queue 退款专线 matches the tag 退款; the draft is not offered',
    );
    t.same(byQueue.items[0]?.matched, ['退款', '账务/退款'], 'its tag and its category');
    const byPath = await suggest(`ivrPath=${encodeURIComponent('主菜单>宽带')}`);
    t.same(
      byPath.items.map((a) => a.id),
      [ids.broadband],
    );
    const byCategory = await suggest(`category=${encodeURIComponent('发票')}`);
    t.same(byCategory.items.map((a) => a.id).sort(), [ids.vat, ids.header].sort());
    const typed = await suggest(`queue=${encodeURIComponent('退款专线')}&q=${encodeURIComponent('退款')}`);
    t.same(
      typed.items.map((a) => a.id),
      [ids.refund, ids.bill],
      'typed text searches; context matches first',
    );
    t.same((await suggest('')).items, [], 'no context, no suggestion');
  },
);
