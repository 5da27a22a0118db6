import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import t from 'tap';
import { writeExport } from '../../src/kit/export.js';
import { startTestBox } from '../support/box.js';

const box = await startTestBox({ seats: ['1001', '1002'] });
t.teardown(() => box.close());
const { api, hotline } = box;

const q = await api.post('/api/v1/queues', { name: '客服一组', number: '8001' });
const insert = hotline.db.prepare(
  `INSERT INTO calls (linkedid, direction, caller, did, entered_at, ended_at, ivr_path, queue_id, wait_seconds,
     agent, talk_seconds, hold_seconds, outcome, updated_at)
   VALUES (?, 'inbound', ?, '88001234', ?, ?, 'main>2', ?, 4, ?, 30, 6, 'answered', 0)`,
);
const BASE = Math.floor(new Date('2026-11-30T09:00:00').getTime() / 1000);
const N = 12_345; // more than two export pages
hotline.db.transaction(() => {
  for (let i = 0; i < N; i++)
    insert.run(
      `${BASE + i}.${i}`,
      `1380013${String(i).padStart(4, '0')}`,
      BASE + i,
      BASE + i + 30,
      q.id,
      i % 2 ? '1001' : '1002',
    );
})();
hotline.db
  .prepare(
    "INSERT INTO call_wrapups (linkedid, agent, disposition, notes, created_at, updated_at) VALUES (?, '1002', '已解决', ?, 0, 0)",
  )
  .run(`${BASE}.0`, '=cmd()|/C calc');

/** exceljs declares its own Buffer type; Node's is the same thing at run time. */
async function readXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return book;
}

async function fetchExport(path: string, cookieApi = api, lang = 'zh-CN') {
  const res = await cookieApi.fetch(path, undefined, { 'accept-language': lang });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

t.test('CSV: BOM, Chinese headers, every call once in order, a formula made inert', async (t) => {
  const { res, body } = await fetchExport('/api/v1/calls/export?format=csv&sort=asc');
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /^text\/csv/);
  t.match(res.headers.get('content-disposition'), /calls\.csv/);
  t.same([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with the UTF-8 BOM');
  const lines = body.subarray(3).toString('utf8').trimEnd().split('\r\n');
  t.equal(lines.length, N + 1, 'a header and every call');
  t.match(lines[0], /^来电时间,结束时间,方向,主叫号码/);
  t.match(
    lines[1],
    /^2026-11-30 09:00:00,2026-11-30 09:00:30,inbound,13800130000,88001234,main>2,客服一组,4,1002,30,6,answered,已解决,'=cmd\(\)\|\/C calc,/,
  );
  t.match(lines[N], new RegExp(`,${BASE + N - 1}\\.${N - 1}$`), 'the last call last');
});

t.test('filters apply; English headers on request; agents export only their own calls', async (t) => {
  const { body } = await fetchExport('/api/v1/calls/export?agent=1001', api, 'en-US,en;q=0.9');
  const lines = body.subarray(3).toString('utf8').trimEnd().split('\r\n');
  t.match(lines[0], /^Entered,Ended,Direction,Caller/);
  t.equal(lines.length - 1, Math.floor(N / 2));
  const agent = await box.userApi('agent1001', 'agent', '1001');
  const own = await fetchExport('/api/v1/calls/export', agent);
  t.equal(own.body.subarray(3).toString('utf8').trimEnd().split('\r\n').length - 1, Math.floor(N / 2));
  t.equal((await fetchExport('/api/v1/calls/export?agent=1002', agent)).res.status, 403);
  const bad = await fetchExport('/api/v1/calls/export?format=pdf');
  t.equal(bad.res.status, 400);
  t.match(bad.body.toString(), 'format');
});

t.test('XLSX: read back, the formula text stays text', async (t) => {
  const { res, body } = await fetchExport('/api/v1/calls/export?format=xlsx&sort=asc&to=' + (BASE + 100));
  t.equal(res.status, 200);
  const book = await readXlsx(body);
  const sheet = book.worksheets[0]!;
  t.equal(sheet.name, '通话记录');
  t.equal(sheet.rowCount, 101);
  t.equal(sheet.getRow(1).getCell(1).value, '来电时间');
  const notes = sheet.getRow(2).getCell(14);
  t.equal(notes.value, '=cmd()|/C calc', 'as typed');
  t.equal(notes.type, ExcelJS.ValueType.String, 'a string cell, not a formula');
  t.equal(sheet.getRow(2).getCell(8).value, 4, 'numbers stay numbers');
});

t.test('XLSX splits into sheets at the row limit', async (t) => {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  async function* pages() {
    for (let p = 0; p < 3; p++) yield Array.from({ length: 4 }, (_, i) => p * 4 + i);
  }
  await writeExport(out, {
    format: 'xlsx',
    columns: [{ header: 'n', value: (n: number) => n }],
    pages: pages(),
    sheetName: 'S',
    sheetRows: 5,
  });
  const book = await readXlsx(Buffer.concat(chunks));
  t.same(
    book.worksheets.map((s) => [s.name, s.rowCount]),
    [
      ['S', 6],
      ['S 2', 6],
      ['S 3', 3],
    ],
  );
  t.equal(book.worksheets[2]!.getRow(3).getCell(1).value, 11);
});
