import t from 'tap';
import { startCustomersApp } from '../support/customers-app.js';

const C = '/api/v1/customers';
const HEADER = 'name,numbers,vip,boundAgent,notes\n';

t.test('customers API', async (t) => {
  const app = await startCustomersApp(t);
  const { call } = app;
  for (const extension of ['1003', '1004']) {
    const r = await call('POST', '/api/v1/seats', { body: { extension, name: `坐席 ${extension}` } });
    t.equal(r.status, 201, `seat ${extension}`);
  }

  let zhang: number;
  await t.test('CRUD with a Chinese name, lookup by any number', async (t) => {
    const r = await call('POST', C, {
      body: {
        name: '张三（上海）',
        numbers: ['13800138000', '+862155550000'],
        vip: 3,
        boundAgent: '1003',
        notes: '老客户\n多行备注',
      },
    });
    t.equal(r.status, 201, JSON.stringify(r.json));
    t.match(r.json, {
      name: '张三（上海）',
      numbers: ['13800138000', '+862155550000'],
      vip: 3,
      boundAgent: '1003',
    });
    zhang = r.json.id;
    const l = await call('GET', `${C}/lookup?number=%2B862155550000`);
    t.equal(l.status, 200);
    t.equal(l.json.id, zhang);
    t.equal((await call('GET', `${C}/lookup?number=13800138001`)).status, 404);
    t.equal((await call('GET', `${C}/lookup?number=abc`)).json.error.field, 'number');
    const p = await call('PATCH', `${C}/${zhang}`, { body: { vip: 0, boundAgent: null } });
    t.equal(p.status, 200);
    t.match(p.json, { vip: 0, boundAgent: null, numbers: ['13800138000', '+862155550000'] });
    const g = await call('GET', `${C}/${zhang}`);
    t.equal(g.json.name, '张三（上海）');
    const minimal = await call('POST', C, {
      body: { name: 'Smith; Jones, [Ltd] "x" ${y}', numbers: ['5551234'] },
    });
    t.equal(minimal.status, 201, 'names may carry ; , [ ] quotes: they never reach a config file');
    t.match(minimal.json, { vip: 0, boundAgent: null, notes: '' });
    t.equal((await call('DELETE', `${C}/${minimal.json.id}`)).status, 204);
    t.equal((await call('GET', `${C}/${minimal.json.id}`)).status, 404);
    t.equal((await call('GET', `${C}/lookup?number=5551234`)).status, 404, 'numbers go with the customer');
    const audit = await call('GET', '/api/v1/audit?entity=customer');
    t.ok(audit.json.items.length >= 4, 'create, update, create, delete audited');
  });

  await t.test('hostile input: 400 naming the field', async (t) => {
    const base = { name: 'ok', numbers: ['4001234567'] };
    const cases: [unknown, string][] = [
      [{ ...base, name: 'a\nb' }, 'name'],
      [{ ...base, name: 'a\u0000b' }, 'name'],
      [{ ...base, name: 'a\u202eb' }, 'name'],
      [{ ...base, name: 'x'.repeat(10_240) }, 'name'],
      [{ ...base, name: '   ' }, 'name'],
      [{ ...base, name: '客'.repeat(65) }, 'name'],
      [{ ...base, numbers: [] }, 'numbers'],
      [{ ...base, numbers: ['1', '2', '3', '4', '5', '6'].map((d) => d.repeat(5)) }, 'numbers'],
      [{ ...base, numbers: ['12'] }, 'numbers.0'],
      [{ ...base, numbers: ['123;456'] }, 'numbers.0'],
      [{ ...base, numbers: ['1'.repeat(21)] }, 'numbers.0'],
      [{ ...base, numbers: ['+'] }, 'numbers.0'],
      [{ ...base, numbers: ['12345', '12345'] }, 'numbers'],
      [{ ...base, vip: 10 }, 'vip'],
      [{ ...base, vip: 1.5 }, 'vip'],
      [{ ...base, vip: '3' }, 'vip'],
      [{ ...base, boundAgent: '9999' }, 'boundAgent'],
      [{ ...base, boundAgent: '10;03' }, 'boundAgent'],
      [{ ...base, notes: 'x'.repeat(2001) }, 'notes'],
      [{ ...base, notes: 'bell\u0007' }, 'notes'],
      [{ ...base, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const r = await call('POST', C, { body });
      t.equal(r.status, 400, `${field}: ${JSON.stringify(body).slice(0, 60)}`);
      t.equal(r.json?.error?.field, field, JSON.stringify(r.json).slice(0, 200));
    }
    const dup = await call('POST', C, { body: { name: 'dup', numbers: ['13800138000'] } });
    t.equal(dup.status, 409, 'a number of another customer');
    t.equal(dup.json.error.field, 'numbers');
    t.equal((await call('GET', `${C}/abc`)).json.error.field, 'id');
  });

  await t.test('list: search by name or number, paging', async (t) => {
    for (let i = 0; i < 5; i++) {
      const r = await call('POST', C, { body: { name: `李四 ${i}`, numbers: [`20000000${i}`] } });
      t.equal(r.status, 201);
    }
    const all = await call('GET', `${C}?limit=2&offset=0&q=${encodeURIComponent('李四')}`);
    t.equal(all.json.total, 5);
    t.equal(all.json.items.length, 2);
    const page3 = await call('GET', `${C}?limit=2&offset=4&q=${encodeURIComponent('李四')}`);
    t.equal(page3.json.items.length, 1);
    const byNum = await call('GET', `${C}?q=2155550000`);
    t.equal(byNum.json.total, 1);
    t.equal(byNum.json.items[0].name, '张三（上海）');
    t.equal((await call('GET', `${C}?q=%25`)).json.total, 0, '% is literal');
    t.equal((await call('GET', `${C}?limit=0`)).json.error.field, 'limit');
  });

  await t.test('roles: agents read, supervisors write, agents do not', async (t) => {
    const agent = await app.userCookie('agent1', 'agent');
    const sup = await app.userCookie('sup1', 'supervisor');
    t.equal((await call('GET', C, { cookie: agent })).status, 200);
    t.equal((await call('GET', `${C}/lookup?number=13800138000`, { cookie: agent })).status, 200);
    t.equal(
      (await call('POST', C, { cookie: agent, body: { name: 'a', numbers: ['30000001'] } })).status,
      403,
    );
    t.equal((await call('POST', `${C}/import`, { cookie: agent, raw: HEADER })).status, 403);
    t.equal((await call('POST', C, { cookie: sup, body: { name: 'a', numbers: ['30000001'] } })).status, 201);
    t.equal(
      (
        await call('PUT', `${C}/webhook`, {
          cookie: sup,
          body: { url: null, timeoutMs: 500, enabled: false },
        })
      ).status,
      403,
    );
    t.equal((await call('GET', `${C}/webhook`, { cookie: sup })).status, 403, 'the URL may carry a key');
  });

  await t.test('CSV import: BOM, quoting, upsert by first number', async (t) => {
    const csv =
      '\ufeff' +
      HEADER +
      '王五,13900000001;13900000002,5,1004,"备注, 含逗号\n和换行, 还有 ""引号"""\r\n' +
      '"Doe, John",13900000003|+8613900000004,,,\n' +
      '张三（新）,13800138000,9,1003,updated\n' +
      '\n';
    const r = await call('POST', `${C}/import`, { raw: csv, contentType: 'text/csv; charset=utf-8' });
    t.equal(r.status, 200, JSON.stringify(r.json));
    t.same(r.json, { created: 2, updated: 1 });
    const w = (await call('GET', `${C}/lookup?number=13900000002`)).json;
    t.match(w, { name: '王五', vip: 5, boundAgent: '1004', notes: '备注, 含逗号\n和换行, 还有 "引号"' });
    const d = (await call('GET', `${C}/lookup?number=%2B8613900000004`)).json;
    t.match(d, { name: 'Doe, John', vip: 0, boundAgent: null, numbers: ['13900000003', '+8613900000004'] });
    const z = (await call('GET', `${C}/${zhang}`)).json;
    t.match(
      z,
      { name: '张三（新）', vip: 9, boundAgent: '1003', numbers: ['13800138000'] },
      'upsert replaced numbers',
    );
    const audit = await call('GET', '/api/v1/audit?entity=customer');
    t.ok(
      audit.json.items.some((e: any) => e.action === 'import'),
      'import audited',
    );
  });

  await t.test('CSV import is all or nothing; bad rows are named', async (t) => {
    const before = (await call('GET', C)).json.total;
    const ok = '新客户,15000000001,1,,\n';
    const cases: [string, string][] = [
      [`${HEADER}${ok}${ok}`, 'row 3: numbers'],
      [`${HEADER}${ok}other,15000000002;15000000001,0,,\n`, 'row 3: numbers'],
      [`${HEADER}${ok}x,15000000008;13900000002,0,,\n`, 'row 3: numbers'],
      [`${HEADER}${ok}"bad\nname",15000000009,0,,\n`, 'row 3: name'],
      [`${HEADER}${ok}${'x'.repeat(100)},15000000009,0,,\n`, 'row 3: name'],
      [`${HEADER}${ok}x,15000000009,10,,\n`, 'row 3: vip'],
      [`${HEADER}${ok}x,15000000009,two,,\n`, 'row 3: vip'],
      [`${HEADER}${ok}x,15000000009,0,7777,\n`, 'row 3: boundAgent'],
      [`${HEADER}${ok}x,12;abc,0,,\n`, 'row 3: numbers'],
      [`${HEADER}${ok}x,,0,,\n`, 'row 3: numbers'],
      [`${HEADER}${ok}x,15000000009,0\n`, 'row 3'],
      [`${HEADER}${ok}"broken,15000000009,0,,\n`, 'row 3'],
      [`${HEADER}${ok}x,1500"0000,0,,\n`, 'row 3'],
      [`${HEADER}${ok}${'x'.repeat(1024 * 1024)},1,0,,\n`, 'row 3'],
      ['name,numbers\nx,15000000009\n', 'row 1'],
      ['', 'row 1'],
    ];
    for (const [csv, field] of cases) {
      const r = await call('POST', `${C}/import`, { raw: csv });
      t.equal(r.status, 400, `${field}: ${JSON.stringify(csv.slice(0, 80))}`);
      t.equal(r.json?.error?.field, field, JSON.stringify(r.json).slice(0, 200));
      t.equal(r.json?.error?.code, 'validation');
    }
    t.equal((await call('GET', C)).json.total, before, 'nothing imported');
    t.equal((await call('GET', `${C}/lookup?number=15000000001`)).status, 404);
    const wrongType = await call('POST', `${C}/import`, {
      raw: HEADER,
      contentType: 'application/octet-stream',
    });
    t.equal(wrongType.status, 400);
    t.equal(wrongType.json.error.field, 'content-type');
    // 张三 in GBK, as a spreadsheet in a Chinese locale saves it
    const gbk = Buffer.concat([
      Buffer.from(HEADER),
      Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
      Buffer.from(',15000000007,0,,\n'),
    ]);
    const notUtf8 = await call('POST', `${C}/import`, { raw: gbk });
    t.equal(notUtf8.status, 400, 'GBK refused');
    t.equal(notUtf8.json.error.field, 'body');
    const latin = await call('POST', `${C}/import`, { raw: HEADER, contentType: 'text/csv; charset=gbk' });
    t.equal(latin.json.error.field, 'content-type');
    t.equal((await call('GET', C)).json.total, before, 'still nothing imported');
  });

  await t.test('company (公司): kept, searched, hostile values refused, in the CSV both ways', async (t) => {
    const r = await call('POST', C, {
      body: { name: '赵六', company: '  华南电力有限公司 ', numbers: ['13700137000'], vip: 2 },
    });
    t.equal(r.status, 201, JSON.stringify(r.json));
    t.equal(r.json.company, '华南电力有限公司', 'trimmed');
    t.equal((await call('GET', `${C}?q=${encodeURIComponent('华南电力')}`)).json.items[0]?.id, r.json.id);
    const none = (await call('POST', C, { body: { name: '无公司', numbers: ['13700137001'] } })).json;
    t.equal(none.company, '', 'none is empty');
    for (const bad of ['a\nb', 'x'.repeat(101), 'x'.repeat(10_000), 42, null]) {
      const p = await call('PATCH', `${C}/${r.json.id}`, { body: { company: bad } });
      t.equal(p.status, 400, `company ${JSON.stringify(bad).slice(0, 30)}`);
      t.equal(p.json?.error?.field, 'company');
    }
    const hostile = '客服一组; [x] ${EXTEN} "q"';
    t.equal((await call('PATCH', `${C}/${none.id}`, { body: { company: hostile } })).json.company, hostile);

    // Chinese headers, any order, with the company column
    const csv = '备注,公司,号码,VIP等级,绑定坐席,姓名\n大客户,"北方钢铁, 集团",13700137002,4,,钱七\n';
    const imp = await call('POST', `${C}/import`, { raw: csv });
    t.same(imp.json, { created: 1, updated: 0 }, JSON.stringify(imp.json));
    t.match((await call('GET', `${C}/lookup?number=13700137002`)).json, {
      name: '钱七',
      company: '北方钢铁, 集团',
      vip: 4,
      notes: '大客户',
    });
    for (const [head, why] of <[string, string][]>[
      ['name,company,company,numbers,vip,boundAgent,notes', 'repeated'],
      ['name,firma,numbers,vip,boundAgent,notes', 'unknown'],
      ['name,company,numbers,vip,notes', 'missing boundAgent'],
    ]) {
      const bad = await call('POST', `${C}/import`, { raw: `${head}\n` });
      t.equal(bad.json?.error?.field, 'row 1', why);
    }
    const row3 = await call('POST', `${C}/import`, {
      raw: `name,company,numbers,vip,boundAgent,notes\nok,,13700137003,,,\nx,${'y'.repeat(200)},13700137004,,,\n`,
    });
    t.equal(row3.json?.error?.field, 'row 3: company');

    const out = await call('GET', `${C}/export`);
    t.equal(out.status, 200);
    const text = out.json as string;
    t.ok(text.startsWith('\ufeffname,company,numbers,vip,boundAgent,notes\r\n'), 'header first');
    t.ok(text.includes('钱七,"北方钢铁, 集团",13700137002,4,,大客户\r\n'), 'a quoted company');
    t.ok(text.includes(`无公司,"客服一组; [x] \${EXTEN} ""q""",13700137001,0,,\r\n`), 'quotes doubled');
    const agent = await app.userCookie('agent9', 'agent');
    t.equal((await call('GET', `${C}/export`, { cookie: agent })).status, 403, 'agents do not export');

    // a formula-like name leaves inert and comes back as typed
    const formula = await call('POST', C, {
      body: { name: '=HYPERLINK("x")', numbers: ['13700137009'], notes: '-降级' },
    });
    t.equal(formula.status, 201);
    const exported = (await call('GET', `${C}/export`)).json as string;
    const line = exported.split('\r\n').find((l) => l.includes('13700137009'))!;
    t.equal(line, `"'=HYPERLINK(""x"")",,13700137009,0,,'-降级`, 'apostrophes before = and -');
    await call('DELETE', `${C}/${formula.json.id}`);
    const back = await call('POST', `${C}/import`, {
      raw: `${exported.split('\r\n')[0]!.slice(1)}\r\n${line}\r\n`,
    });
    t.same(back.json, { created: 1, updated: 0 });
    t.match((await call('GET', `${C}/lookup?number=13700137009`)).json, {
      name: '=HYPERLINK("x")',
      notes: '-降级',
    });
  });

  await t.test('webhook settings', async (t) => {
    t.same((await call('GET', `${C}/webhook`)).json, { url: null, timeoutMs: 1000, enabled: false });
    const bad: [unknown, string][] = [
      [{ url: 'ftp://x', timeoutMs: 500, enabled: true }, 'url'],
      [{ url: 'file:///etc/passwd', timeoutMs: 500, enabled: true }, 'url'],
      [{ url: 'not a url', timeoutMs: 500, enabled: true }, 'url'],
      [{ url: null, timeoutMs: 500, enabled: true }, 'url'],
      [{ url: 'http://h/x', timeoutMs: 99, enabled: true }, 'timeoutMs'],
      [{ url: 'http://h/x', timeoutMs: 3001, enabled: true }, 'timeoutMs'],
      [{ url: 'http://h/x', timeoutMs: 500, enabled: 'yes' }, 'enabled'],
      [{ url: 'http://h/x', timeoutMs: 500 }, 'enabled'],
    ];
    for (const [body, field] of bad) {
      const r = await call('PUT', `${C}/webhook`, { body });
      t.equal(r.status, 400, JSON.stringify(body));
      t.equal(r.json?.error?.field, field);
    }
    const good = { url: 'https://crm.example/lookup?key=1', timeoutMs: 800, enabled: true };
    const r = await call('PUT', `${C}/webhook`, { body: good });
    t.equal(r.status, 200);
    t.same((await call('GET', `${C}/webhook`)).json, good);
    const audit = await call('GET', '/api/v1/audit?entity=customer_webhook');
    t.equal(audit.json.items[0].after.url, 'https://crm.example/lookup?redacted', 'API key not audited');
  });
});
