import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import t from 'tap';
import { loginCookie } from '../../dev/api-client.js';
import { startTestBox } from '../support/box.js';

/**
 * The console's static files go out compressed when the build left a
 * compressed copy and the browser accepts it; the live stream is never
 * compressed and still streams.
 */

/** A raw GET (fetch would decompress): status, headers and the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>, firstChunkOnly = false) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (firstChunkOnly) {
          req.destroy();
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) });
        }
      });
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const bundle = Buffer.from(
  Array.from({ length: 4000 }, (_, i) => `export const v${i} = "客服一组 ${i % 17}";\n`).join(''),
);

t.test('a bundle goes out gzip or brotli to browsers that accept it, plain to others', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Hotline</title>');
  writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), bundle);
  writeFileSync(path.join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(bundle));
  writeFileSync(path.join(dir, 'assets', 'app-abc123.js.br'), brotliCompressSync(bundle));
  writeFileSync(path.join(dir, 'assets', 'small-def456.css'), 'body{margin:0}');
  const box = await startTestBox({ overrides: { staticDir: dir } });
  t.teardown(async () => {
    await box.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `${box.url}/assets/app-abc123.js`;

  const gz = await rawGet(url, { 'accept-encoding': 'gzip, deflate' });
  t.equal(gz.status, 200);
  t.equal(gz.headers['content-encoding'], 'gzip');
  t.match(gz.headers['content-type'], /^(text|application)\/javascript/);
  t.match(gz.headers.vary, /Accept-Encoding/);
  t.match(gz.headers['cache-control'], /immutable/);
  t.ok(gz.body.length < bundle.length / 3, `${gz.body.length} bytes for ${bundle.length}`);
  t.same(gunzipSync(gz.body), bundle, 'the same file once inflated');

  const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
  t.equal(br.headers['content-encoding'], 'br');
  t.same(brotliDecompressSync(br.body), bundle);

  const plain = await rawGet(url, {});
  t.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding: the plain file');
  t.same(plain.body, bundle);
  t.match(plain.headers.vary, /Accept-Encoding/);

  const small = await rawGet(`${box.url}/assets/small-def456.css`, { 'accept-encoding': 'gzip' });
  t.equal(small.headers['content-encoding'], undefined, 'no compressed copy: the plain file');
  t.equal(small.body.toString(), 'body{margin:0}');

  const missing = await rawGet(`${box.url}/assets/nothing.js`, { 'accept-encoding': 'gzip' });
  t.equal(missing.status, 404);
});

t.test('the live stream is not compressed and streams its snapshot at once', async (t) => {
  const box = await startTestBox();
  t.teardown(() => box.close());
  const cookie = await loginCookie(box.url, box.admin.username, box.admin.password);
  const live = await rawGet(`${box.url}/api/v1/live`, { cookie, 'accept-encoding': 'gzip, br' }, true);
  t.equal(live.status, 200);
  t.match(live.headers['content-type'], /text\/event-stream/);
  t.equal(live.headers['content-encoding'], undefined);
  t.match(
    live.body.toString(),
    /^(:|event:|id:|data:|retry:)/m,
    'the first event arrives while the stream stays open',
  );
});
