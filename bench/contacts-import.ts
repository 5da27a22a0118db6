/**
 * Contact-list import at scale: a CSV streamed in, memory bounded however many rows.
 *
 *   node dist/bench/contacts-import.js [rows=1000000] [encoding=utf-8|gbk]
 *   node dist/bench/contacts-import.js --smoke   (20,000 rows, UTF-8 then GBK; fails only when rows are missing)
 *
 * A box as hotlined builds it (test/support/box.ts) gets a list; a client in
 * this process generates the CSV on the fly (a number, a Chinese name, an
 * amount, a date; every 1,000th row a duplicate, every 500th a bad number)
 * and streams it to POST /api/v1/contacts/lists/:id/import, so neither side
 * ever holds the file. Printed: rows, bytes, time, rows per second, and the
 * process's resident memory before and at its peak and the JS heap's peak
 * growth (sampled every 20 ms).
 */

import { memoryUsage } from 'node:process';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { loginCookie } from '../dev/api-client.js';
import { startTestBox } from '../test/support/box.js';

const SMOKE = process.argv.includes('--smoke');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const ROWS = SMOKE ? 20_000 : Number(args[0] ?? 1_000_000);
const ENCODINGS = SMOKE ? ['utf-8', 'gbk'] : [args[1] ?? 'utf-8'];
const MB = 1024 * 1024;
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强'];

/** The CSV, made a chunk of rows at a time. */
function* csvChunks(rows: number, encoding: string): Generator<Buffer> {
  const enc = (s: string) => (encoding === 'gbk' ? iconv.encode(s, 'gbk') : Buffer.from(s));
  yield enc('电话,姓名,金额,到期日\r\n');
  for (let i = 0; i < rows; i += 1000) {
    let s = '';
    for (let j = i; j < Math.min(rows, i + 1000); j++) {
      const n = j % 1000 === 999 ? j - 1 : j; // a duplicate of the previous row's number
      const number = j % 500 === 250 ? 'x' : `13${String(n).padStart(9, '0')}`;
      s += `${number},${NAMES[j % NAMES.length]}${j},${(j % 9973) / 100},2026-${String((j % 12) + 1).padStart(2, '0')}-15\r\n`;
    }
    yield enc(s);
  }
}

async function main(): Promise<number> {
  const box = await startTestBox();
  let failures = 0;
  try {
    const cookie = await loginCookie(box.url, box.admin.username, box.admin.password);
    const mapping = encodeURIComponent(
      JSON.stringify({ number: '电话', variables: { name: '姓名', amount: '金额', due: '到期日' } }),
    );
    for (const encoding of ENCODINGS) {
      const list = await box.api.post('/api/v1/contacts/lists', {
        name: `压测 ${encoding}`,
        purpose: 'notification',
      });
      global.gc?.();
      const before = memoryUsage.rss();
      let peak = before;
      const heapBefore = memoryUsage().heapUsed;
      let heapPeak = heapBefore;
      let bytes = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, memoryUsage.rss());
        heapPeak = Math.max(heapPeak, memoryUsage().heapUsed);
      }, 20);
      const body = Readable.from(
        (function* () {
          for (const c of csvChunks(ROWS, encoding)) {
            bytes += c.length;
            yield c;
          }
        })(),
      );
      const t0 = performance.now();
      const res = await fetch(`${box.url}/api/v1/contacts/lists/${list.id}/import?mapping=${mapping}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/csv' },
        body: body as unknown as BodyInit,
        duplex: 'half',
      } as RequestInit);
      const report = (await res.json()) as {
        imported: number;
        duplicates: number;
        rejected: number;
        rows: number;
        encoding: string;
      };
      const secs = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      const bad = Math.ceil((ROWS - 250) / 500);
      const dups = Math.floor((ROWS + 1) / 1000);
      const ok =
        res.status === 200 &&
        report.rows === ROWS &&
        report.rejected === bad &&
        report.imported === ROWS - bad - dups;
      if (!ok) failures++;
      console.log(
        `${encoding}: ${ROWS.toLocaleString('en')} rows, ${(bytes / MB).toFixed(1)} MB in ${secs.toFixed(1)} s ` +
          `(${Math.round(ROWS / secs).toLocaleString('en')} rows/s); imported ${report.imported}, ` +
          `duplicates ${report.duplicates}, rejected ${report.rejected}, detected ${report.encoding}; ` +
          `RSS ${(before / MB).toFixed(0)} MB → peak ${(peak / MB).toFixed(0)} MB (+${((peak - before) / MB).toFixed(0)} MB; ` +
          `SQLite's page cache is up to 64 MB a connection), JS heap peak +${((heapPeak - heapBefore) / MB).toFixed(0)} MB` +
          (ok ? '' : `  MISMATCH: status ${res.status} ${JSON.stringify(report).slice(0, 300)}`),
      );
    }
  } finally {
    await box.close();
  }
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
