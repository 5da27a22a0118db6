import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { loginCookie, until } from '../../dev/api-client.js';
import type { Stack } from '../../dev/stack.js';
import { appendSpool, integrity, withDb } from '../support/chaos.js';
import { openSse } from '../support/sse-client.js';
import { adminStack } from '../support/stack.js';

/**
 * hotlined's data directory on a small tmpfs that fills up: the live
 * stream's banner says the disk is full, a write through the API is a 507
 * naming disk space (not a bare 500), the database stays sound, and CDRs
 * Asterisk wrote meanwhile arrive once space is back. Needs root (mount).
 */
const mnt = path.join('/tmp', `hotline-chaos-disk-${process.pid}`);
const filler = path.join(mnt, 'filler');
let stack: Stack;
let cookie: string;

t.before(async () => {
  mkdirSync(mnt, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mnt]);
  ({ stack } = await adminStack({ dataDir: path.join(mnt, 'data') }));
  cookie = await loginCookie(stack.hotlined.url, stack.admin.username, stack.admin.password);
});

t.teardown(async () => {
  await stack?.stop();
  try {
    execFileSync('umount', [mnt]);
  } catch {
    // not mounted: the before hook failed early
  }
  rmSync(mnt, { recursive: true, force: true });
});

/** Writes zeros to `filler` until the file system refuses. */
function fillDisk(): void {
  const fd = openSync(filler, 'w');
  const block = Buffer.alloc(256 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

/** The banners of a fresh live snapshot. */
async function banners(): Promise<{ code: string; subject?: string; message: string }[]> {
  const sse = await openSse(`${stack.hotlined.url}/api/v1/live`, { cookie });
  try {
    return JSON.parse((await sse.waitFor((e) => e.event === 'snapshot', 'snapshot')).data).banners;
  } finally {
    sse.close();
  }
}

/** A CSV of `n` customers: big enough that SQLite needs new pages for it. */
function customersCsv(tag: string, n: number): string {
  const lines = ['name,company,numbers,vip,boundAgent,notes'];
  for (let i = 0; i < n; i++)
    lines.push(`客户 ${tag}-${i},某公司,1${tag}${String(i).padStart(7, '0')},0,,${'备注'.repeat(40)}`);
  return lines.join('\n');
}

const importCsv = (csv: string) =>
  fetch(`${stack.hotlined.url}/api/v1/customers/import`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'text/csv', 'accept-language': 'en' },
    body: csv,
  });

t.test(
  'the data disk full: banner, a 507 naming disk space, a sound database, ingestion resumes',
  async (t) => {
    fillDisk();
    const full = await until(
      'the disk banner',
      async () => (await banners()).find((b) => b.code === 'disk_full' && b.subject === 'data'),
      20_000,
    );
    t.match(full.message, /Disk for data is 100% full/, 'the banner names the data disk');

    const res = await importCsv(customersCsv('301', 5000));
    const body = (await res.json()) as { error?: { code: string; message: string } };
    t.equal(res.status, 507, `a write answers 507 (${JSON.stringify(body).slice(0, 200)})`);
    t.equal(body.error?.code, 'disk_full');
    t.match(body.error?.message, /disk is full: free disk space/);

    appendSpool(stack.box.paths.cdrSpool, 1, 200);
    t.ok((await fetch(`${stack.hotlined.url}/api/v1/system/health`)).ok, 'hotlined keeps running');

    rmSync(filler);
    const rows = await until(
      'the CDRs written while the disk was full',
      async () => {
        const n = withDb(
          stack.dataDir,
          (db) => (db.prepare('SELECT count(*) AS n FROM cdr').get() as { n: number }).n,
        );
        return n >= 200 && n;
      },
      30_000,
    );
    t.equal(rows, 200, 'every CDR once');
    t.equal(withDb(stack.dataDir, integrity), 'ok', 'integrity_check');
    const again = await importCsv(customersCsv('302', 5000));
    t.equal(again.status, 200, 'the same write works once space is back');
    await until(
      'the banner gone',
      async () => !(await banners()).some((b) => b.code === 'disk_full'),
      20_000,
    );
    t.pass('the banner went away');
  },
);
