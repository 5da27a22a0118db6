import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import t from 'tap';
import { importCsv } from '../../src/contacts/import.js';
import type { NewContact } from '../../src/contacts/store.js';

/** Imports `bytes` cut into chunks of `size` bytes; answers the report and the contacts written. */
async function run(bytes: Buffer, size: number, maxBytes = 1 << 20) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const written: NewContact[] = [];
  const report = await importCsv(Readable.from(chunks), {
    mapping: { number: '电话', variables: { name: '姓名' } },
    maxBytes,
    maxRows: 100_000,
    write: (batch) => {
      written.push(...batch);
      return 0;
    },
  });
  return { report, names: written.map((c) => (JSON.parse(c.variables) as { name: string }).name) };
}

// ASCII rows first, so the first non-ASCII byte comes late and in a later chunk
const ascii = Array.from({ length: 300 }, (_, i) => `1380013${String(i).padStart(4, '0')},n${i}`);
const text = `电话,姓名\n${ascii.join('\n')}\n13900139000,张三丰\n13700137000,欧阳娜娜\n`;

t.test(
  'UTF-8 and GBK are told apart whatever the chunks, a character cut between chunks included',
  async (t) => {
    for (const size of [1, 2, 3, 7, 4096, 1 << 20]) {
      const u = await run(Buffer.from(text), size);
      t.equal(u.report.encoding, 'utf-8', `utf-8 in chunks of ${size}`);
      t.same(u.names.slice(-2), ['张三丰', '欧阳娜娜']);
      const g = await run(iconv.encode(text, 'gbk'), size);
      t.equal(g.report.encoding, 'gbk', `gbk in chunks of ${size}`);
      t.same(g.names.slice(-2), ['张三丰', '欧阳娜娜']);
      t.equal(g.report.imported, 302);
    }
  },
);

t.test('a file larger than the limit is refused as too large (413)', async (t) => {
  const err = await run(Buffer.from(text), 64, 1000).then(
    () => null,
    (e: unknown) => e as { status?: number },
  );
  t.equal(err?.status, 413);
});

t.test('a header without the mapped column names the mapping field', async (t) => {
  await t.rejects(run(Buffer.from('phone,name\n1,2\n'), 1024), {
    code: 'validation',
    field: 'mapping.number',
  });
});
