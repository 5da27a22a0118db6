import t from 'tap';
import { loginCookie } from '../../dev/api-client.js';
import { startTestBox } from '../support/box.js';

/**
 * API error messages in the console's language: Chinese by default and for
 * zh-CN, English when Accept-Language asks for it first. The code and the
 * field named are the same in both languages.
 */
const EN = { 'accept-language': 'en-US,en;q=0.9' };
const ZH = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };

async function both(
  url: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
) {
  const send = async (lang: Record<string, string>) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...opts.headers,
        ...lang,
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
    return { status: res.status, error: body.error, language: res.headers.get('content-language') };
  };
  const [zh, en, none] = [await send(ZH), await send(EN), await send({})];
  return { zh, en, none };
}

const CJK = /[\u4e00-\u9fff]/;

t.test('the common errors in Chinese and in English, code and field unchanged', async (t) => {
  const box = await startTestBox({ seats: ['1001'] });
  t.teardown(() => box.close());
  const admin = { cookie: await loginCookie(box.url, box.admin.username, box.admin.password) };

  const wrongType = await both(box.url, 'POST', '/api/v1/seats', {
    headers: admin,
    body: { extension: '1002', name: '坐席', enabled: 'yes' },
  });
  t.equal(wrongType.zh.status, 400);
  t.equal(wrongType.zh.error.field, 'enabled');
  t.equal(wrongType.en.error.field, 'enabled');
  t.equal(wrongType.zh.error.message, 'enabled: 无效输入：期望 boolean，实际接收 string');
  t.equal(wrongType.en.error.message, 'enabled: Invalid input: expected boolean, received string');
  t.equal(wrongType.none.error.message, wrongType.zh.error.message, 'no Accept-Language: Chinese');
  t.equal(wrongType.zh.language, 'zh-CN');
  t.equal(wrongType.en.language, 'en');

  const unknownKey = await both(box.url, 'POST', '/api/v1/seats', {
    headers: admin,
    body: { extension: '1002', name: '坐席', bogus: 1 },
  });
  t.equal(unknownKey.zh.error.field, 'bogus');
  t.equal(unknownKey.en.error.field, 'bogus');
  t.match(unknownKey.zh.error.message, /^bogus: 出现未知的键/);
  t.match(unknownKey.en.error.message, /^bogus: Unrecognized key/);

  const missing = await both(box.url, 'GET', '/api/v1/seats/9999', { headers: admin });
  t.equal(missing.zh.status, 404);
  t.equal(missing.zh.error.code, 'not_found');
  t.match(missing.zh.error.message, /^未找到 /);
  t.match(missing.en.error.message, / not found$/);

  const taken = await both(box.url, 'POST', '/api/v1/seats', {
    headers: admin,
    body: { extension: '1001', name: '重复' },
  });
  t.equal(taken.zh.status, 409);
  t.equal(taken.zh.error.field, 'extension');
  t.equal(taken.en.error.field, 'extension');
  t.equal(taken.zh.error.message, 'extension 1001 已存在');
  t.equal(taken.en.error.message, 'extension 1001 already exists');

  const anonymous = await both(box.url, 'GET', '/api/v1/seats');
  t.equal(anonymous.zh.status, 401);
  t.equal(anonymous.zh.error.message, '请先登录');
  t.equal(anonymous.en.error.message, 'authentication required');

  await box.userApi('agent1', 'agent', '1001');
  const agentCookie = await loginCookie(box.url, 'agent1', 'correct horse battery');
  const forbidden = await both(box.url, 'POST', '/api/v1/seats', {
    headers: { cookie: agentCookie },
    body: { extension: '1003', name: '坐席' },
  });
  t.equal(forbidden.zh.status, 403);
  t.equal(forbidden.zh.error.code, 'forbidden');
  t.match(forbidden.zh.error.message, CJK);
  t.notMatch(forbidden.en.error.message, CJK);

  const noRoute = await both(box.url, 'GET', '/api/v1/no-such-thing', { headers: admin });
  t.equal(noRoute.zh.error.message, '没有这个接口');
  t.equal(noRoute.en.error.message, 'no such endpoint');

  const malformed = await fetch(`${box.url}/api/v1/seats`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: '{"extension":',
  });
  t.same(await malformed.json(), {
    error: { code: 'validation', message: '请求内容格式错误', field: 'body' },
  });
});

t.test('too many failed logins: 429 in either language', async (t) => {
  const box = await startTestBox();
  t.teardown(() => box.close());
  let last: Awaited<ReturnType<typeof both>> | undefined;
  for (let i = 0; i < 12 && last?.zh.status !== 429; i++) {
    last = await both(box.url, 'POST', '/api/v1/auth/login', {
      body: { username: box.admin.username, password: `wrong-${i}` },
    });
  }
  t.equal(last?.zh.status, 429, 'throttled');
  t.equal(last?.zh.error.code, 'rate_limited');
  t.match(last?.zh.error.message, CJK);
  t.notMatch(last?.en.error.message, CJK);
});

t.test('English is chosen only when it comes before Chinese', async (t) => {
  const box = await startTestBox();
  t.teardown(() => box.close());
  const message = async (lang: string) =>
    ((await (await fetch(`${box.url}/api/v1/seats`, { headers: { 'accept-language': lang } })).json()) as any)
      .error.message;
  t.equal(await message('en'), 'authentication required');
  t.equal(await message('en-GB'), 'authentication required');
  t.equal(await message('zh-CN'), '请先登录');
  t.equal(await message('zh-TW,en;q=0.5'), '请先登录');
  t.equal(await message('fr-FR'), '请先登录', 'a language the box does not speak: the default');
  t.equal(await message('fr-FR,en;q=0.5'), 'authentication required');
});
