import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import t from 'tap';
import { loginCookie } from '../../dev/api-client.js';
import { startTestBox } from '../support/box.js';
import { request } from '../support/http.js';

const C = '/api/v1/contacts';

t.test('contacts API', async (t) => {
  const box = await startTestBox();
  t.teardown(() => box.close());
  const cookie = await loginCookie(box.url, box.admin.username, box.admin.password);
  const call = (method: string, p: string, o: Parameters<typeof request>[3] = {}) =>
    request(box.url, method, p, { cookie, ...o });
  const csv = (p: string, raw: string | Buffer) => call('POST', p, { raw, contentType: 'text/csv' });
  const mapping = encodeURIComponent(
    JSON.stringify({ number: '电话', timeZone: '时区', variables: { name: '姓名', amount: '金额' } }),
  );

  const list = await call('POST', `${C}/lists`, { body: { name: '账单提醒', purpose: 'notification' } });
  t.equal(list.status, 201, list.text);
  const L = `${C}/lists/${list.json.id}`;

  await t.test('a UTF-8 file with a BOM and a GBK file both read their Chinese names', async (t) => {
    const text =
      '电话,姓名,金额,时区\r\n13800138000,张三,100.50,Asia/Shanghai\r\n+86 139-0013-9000,李四,=1+2,\r\n';
    const a = await csv(`${L}/import?mapping=${mapping}`, `\ufeff${text}`);
    t.equal(a.status, 200, a.text);
    t.match(a.json, { encoding: 'utf-8', rows: 2, imported: 2, rejected: 0, duplicates: 0 });
    const gbk = iconv.encode(
      '电话,姓名,金额,时区\r\n13700137000,王五（北京）,3,\r\n13800138000,张三重复,1,\r\n',
      'gbk',
    );
    t.not(gbk.toString('utf8'), '电话', 'the buffer is not UTF-8');
    const b = await csv(`${L}/import`, gbk);
    t.equal(b.status, 200, b.text);
    t.match(b.json, { encoding: 'gbk', rows: 2, imported: 1, duplicates: 1 });
    const page = await call('GET', `${L}/contacts?limit=10`);
    const names = Object.fromEntries(page.json.items.map((c: any) => [c.number, c.variables.name]));
    t.same(names, { '13800138000': '张三', '13900139000': '李四', '13700137000': '王五（北京）' });
    t.equal(
      page.json.items.find((c: any) => c.number === '13900139000').variables.amount,
      '=1+2',
      'a formula is kept as text',
    );
    t.equal(page.json.items[0].timeZone, 'Asia/Shanghai');
  });

  await t.test('bad rows are reported by row, field and reason; the good ones are imported', async (t) => {
    const text = [
      '电话,姓名,金额,时区',
      '13600136000,赵六,1,',
      'abc,坏号码,1,',
      '13500135000,钱七,1,Mars/Olympus',
      '13400134000,"a\u0007b",1,',
      '13300133000,"unterminated,1,',
    ].join('\n');
    const r = await csv(`${L}/import`, text);
    t.equal(r.status, 200, r.text);
    t.equal(r.json.imported, 1);
    t.equal(r.json.rejected, 4, JSON.stringify(r.json));
    t.match(r.json.rejections, [
      { row: 3, field: 'number' },
      { row: 4, field: 'timeZone' },
      { row: 5, field: 'name', reason: 'name must not contain control characters' },
      { row: 6, field: 'row', reason: /quote/i },
    ]);
  });

  await t.test(
    'a file that is neither UTF-8 nor GBK, or lacks a mapped column, is refused whole',
    async (t) => {
      const before = (await call('GET', `${L}/contacts`)).json.total;
      const bad = Buffer.concat([
        Buffer.from('电话,姓名,金额,时区\n13200132000,'),
        Buffer.from([0xff, 0xff, 0xff]),
        Buffer.from(',1,\n'),
      ]);
      const r = await csv(`${L}/import`, bad);
      t.equal(r.status, 400, r.text);
      t.equal(r.json.error.field, 'body', r.text);
      const m = await csv(`${L}/import`, 'phone,name\n13200132000,x\n');
      t.equal(m.status, 400);
      t.equal(m.json.error.field, 'mapping.number', m.text);
      const v = await csv(
        `${L}/import?mapping=${encodeURIComponent('{"number":"电话","variables":{"9x":"姓名"}}')}`,
        'x\n',
      );
      t.equal(v.status, 400);
      t.match(v.json.error.field, /^mapping/);
      t.equal((await call('GET', `${L}/contacts`)).json.total, before);
      const j = await call('POST', `${L}/import`, { body: { a: 1 } });
      t.equal(j.status, 400);
      t.equal(j.json.error.field, 'content-type');
    },
  );

  await t.test('exports make formula cells inert (CSV) or text (XLSX)', async (t) => {
    const c = await call('GET', `${L}/export?format=csv`);
    t.equal(c.status, 200);
    t.match(c.text, /13900139000,,李四,'=1\+2/);
    t.match(c.text, /^\ufeff电话,时区,姓名,金额/);
    const x = await call('GET', `${L}/export?format=xlsx`);
    t.equal(x.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(x.body as unknown as ArrayBuffer);
    const cells = book.worksheets[0]!.getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string');
    t.ok(cells.includes('=1+2'), 'stored as a text cell, never a formula');
  });

  await t.test('DNC at check time: an API opt-out takes effect at once', async (t) => {
    t.match((await call('GET', `${C}/check?number=13800138000&listId=${list.json.id}`)).json, {
      callable: true,
      reasons: [],
    });
    const o = await call('POST', `${C}/opt-out`, { body: { number: '+8613800138000', source: 'sms' } });
    t.equal(o.status, 200, o.text);
    t.match(o.json, { number: '13800138000', source: 'sms', added: true });
    const c = await call('GET', `${C}/check?number=008613800138000&listId=${list.json.id}`);
    t.match(c.json, { callable: false, reasons: [{ code: 'dnc', source: 'sms' }] });
    t.match((await call('POST', `${C}/opt-out`, { body: { number: '13800138000' } })).json, { added: false });
    t.equal((await call('GET', `${C}/dnc/check?number=13800138000`)).json.onList, true);
    const imp = await csv(`${C}/dnc/import?reasonColumn=reason`, 'number,reason\n13111111111,投诉\nxx,\n');
    t.match(imp.json, { imported: 1, rejected: 1 });
    const all = await call('GET', `${C}/dnc?source=import`);
    t.match(all.json.items, [{ number: '13111111111', reason: '投诉', source: 'import' }]);
    t.equal((await call('DELETE', `${C}/dnc/${all.json.items[0].id}`)).status, 204);
    t.equal((await call('GET', `${C}/dnc/check?number=13111111111`)).json.onList, false);
  });

  await t.test('a marketing list needs a consent in force, kept with its evidence', async (t) => {
    const m = await call('POST', `${C}/lists`, { body: { name: '新品推广', purpose: 'marketing' } });
    const check = async (at: string) =>
      (await call('GET', `${C}/check?number=13700137000&listId=${m.json.id}&at=${encodeURIComponent(at)}`))
        .json;
    t.match(await check('2026-03-01T10:00:00+08:00'), { callable: false, reasons: [{ code: 'no-consent' }] });
    const g = await call('POST', `${C}/consents`, {
      body: {
        number: '13700137000',
        type: 'marketing',
        grantedAt: '2026-02-01T09:00:00+08:00',
        evidence: '录音 rec-2026-0201-17\n网页表单',
        evidenceRef: 'rec-17',
      },
    });
    t.equal(g.status, 201, g.text);
    t.match(await check('2026-03-01T10:00:00+08:00'), { callable: true });
    t.match(await check('2026-01-01T10:00:00+08:00'), { callable: false }, 'not before it was granted');
    const rv = await call('POST', `${C}/consents/${g.json.id}/revoke`, {
      body: { revokedAt: '2026-04-01T00:00:00+08:00' },
    });
    t.equal(rv.status, 200, rv.text);
    t.match(await check('2026-04-02T10:00:00+08:00'), { callable: false, reasons: [{ code: 'no-consent' }] });
    const again = await call('POST', `${C}/consents/${g.json.id}/revoke`, { body: {} });
    t.equal(again.json.revokedAt, rv.json.revokedAt, 'revoked once: a second revoke changes nothing');
    t.match((await call('GET', `${C}/consents?number=%2B8613700137000`)).json.items, [
      { evidence: '录音 rec-2026-0201-17\n网页表单' },
    ]);
  });

  await t.test('the calling window honours a holiday and a 调休 workday in the callee’s zone', async (t) => {
    const s = await call('POST', '/api/v1/schedules', {
      body: {
        name: '外呼时段',
        timeZone: 'Asia/Shanghai',
        weekly: {
          mon: ['09:00-20:00'],
          tue: ['09:00-20:00'],
          wed: ['09:00-20:00'],
          thu: ['09:00-20:00'],
          fri: ['09:00-20:00'],
        },
        closedDates: [{ date: '2026-10-01', name: '国庆节' }],
        openDates: [{ date: '2026-10-10', name: '国庆调休' }],
      },
    });
    t.equal(s.status, 201, s.text);
    const w = await call('POST', `${C}/lists`, {
      body: { name: '催缴', purpose: 'collection', scheduleId: s.json.id },
    });
    const tz = encodeURIComponent(JSON.stringify({ number: 'n', timeZone: 'tz', variables: {} }));
    const r = await csv(
      `${C}/lists/${w.json.id}/import?mapping=${tz}`,
      'n,tz\n13800000001,Asia/Shanghai\n13800000002,America/New_York\n',
    );
    t.equal(r.json.imported, 2, r.text);
    const check = async (n: string, at: string) =>
      (await call('GET', `${C}/check?number=${n}&listId=${w.json.id}&at=${encodeURIComponent(at)}`)).json;
    // Thursday 1 October 2026, 10:00 in Shanghai: 国庆节
    t.match(await check('13800000001', '2026-10-01T10:00:00+08:00'), {
      callable: false,
      reasons: [{ code: 'outside-window', rule: 'closed-date', name: '国庆节', timeZone: 'Asia/Shanghai' }],
    });
    // Saturday 10 October 2026, 10:00 in Shanghai: a make-up workday
    t.match(await check('13800000001', '2026-10-10T10:00:00+08:00'), {
      callable: true,
      timeZone: 'Asia/Shanghai',
    });
    // the same instant is Friday 9 October 22:00 in New York: outside its hours
    t.match(await check('13800000002', '2026-10-10T10:00:00+08:00'), {
      callable: false,
      reasons: [{ code: 'outside-window', rule: 'weekly', local: '2026-10-09 22:00' }],
    });
    // New York's Saturday 10 October 10:00 is the 调休 date there too: open
    t.match(await check('13800000002', '2026-10-10T10:00:00-04:00'), { callable: true });
    const z = await call('POST', `${C}/lists`, {
      body: { name: 'x', purpose: 'collection', scheduleId: 999 },
    });
    t.equal(z.status, 400);
    t.equal(z.json.error.field, 'scheduleId');
  });

  await t.test('50,000 rows are streamed in, duplicates collapsed', async (t) => {
    const big = await call('POST', `${C}/lists`, { body: { name: '大名单', purpose: 'notification' } });
    const rows = ['number,name'];
    for (let i = 0; i < 50_000; i++)
      rows.push(`1${String(3_000_000_000 + (i % 49_990)).padStart(10, '0')},客户${i}`);
    const map = encodeURIComponent(JSON.stringify({ number: 'number', variables: { name: 'name' } }));
    const r = await csv(`${C}/lists/${big.json.id}/import?mapping=${map}`, `${rows.join('\n')}\n`);
    t.equal(r.status, 200, r.text.slice(0, 200));
    t.match(r.json, { rows: 50_000, imported: 49_990, duplicates: 10, rejected: 0 });
    t.equal((await call('GET', `${C}/lists/${big.json.id}`)).json.contacts, 49_990);
  });

  await t.test('hostile input is a 400 naming the field; agents have no access', async (t) => {
    const cases: [string, string, unknown, string][] = [
      ['POST', `${C}/lists`, { name: '客服\u202E1001', purpose: 'marketing' }, 'name'],
      ['POST', `${C}/lists`, { name: 'a', purpose: 'spam' }, 'purpose'],
      [
        'POST',
        `${C}/lists`,
        { name: 'a', purpose: 'marketing', mapping: { number: 'x', variables: { 'a;b': 'c' } } },
        'mapping.variables.a;b',
      ],
      ['POST', `${C}/dnc`, { number: '${EXTEN}' }, 'number'],
      ['POST', `${C}/dnc`, { number: '1'.repeat(10_000) }, 'number'],
      ['POST', `${C}/opt-out`, { number: '13800138000\n' + 'x', source: 'api' }, 'number'],
      [
        'POST',
        `${C}/consents`,
        { number: '13800138000', type: 'marketing', grantedAt: 'yesterday', evidence: 'x' },
        'grantedAt',
      ],
      [
        'POST',
        `${C}/consents`,
        {
          number: '13800138000',
          type: 'marketing',
          grantedAt: '2026-01-01T00:00:00Z',
          evidence: 'x'.repeat(10_000),
        },
        'evidence',
      ],
    ];
    for (const [method, p, body, field] of cases) {
      const r = await call(method, p, { body });
      t.equal(r.status, 400, `${field}: ${r.text.slice(0, 120)}`);
      t.equal(r.json?.error?.field, field);
    }
    t.equal((await call('GET', `${C}/check?number=%3Bx`)).json.error.field, 'number');
    const agent = await box.userApi('agent1', 'agent');
    for (const [m, p] of [
      ['GET', `${C}/lists`],
      ['GET', `${C}/dnc`],
      ['GET', `${C}/check?number=13800138000`],
      ['POST', `${C}/opt-out`],
    ] as const) {
      t.equal(
        (await agent.req(m, p, m === 'POST' ? { number: '13800138000' } : undefined)).status,
        403,
        `${m} ${p}`,
      );
    }
    const sup = await box.userApi('sup1', 'supervisor');
    t.equal((await sup.req('POST', `${C}/lists`, { name: '主管的', purpose: 'notification' })).status, 201);
  });
});
