import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { httpsRedirect } from '../../src/http/redirect.js';

/** The appliance's port-80 listener: what a browser gets for a path and a Host header. */
async function ask(httpsPort: number, path: string, host: string) {
  const server = createServer(httpsRedirect(() => httpsPort));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<{ status: number; location: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { host } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: String(res.headers.location) });
      });
      req.once('error', reject);
      req.end('{}');
    });
  } finally {
    server.close();
  }
}

t.test('plain HTTP is sent to the same path over HTTPS, method kept (308)', async (t) => {
  t.same(await ask(443, '/console/seats?x=1', 'pbx.example.cn'), {
    status: 308,
    location: 'https://pbx.example.cn/console/seats?x=1',
  });
  t.same(await ask(8443, '/api/v1/system/health', '192.168.1.20:80'), {
    status: 308,
    location: 'https://192.168.1.20:8443/api/v1/system/health',
  });
  t.equal((await ask(443, '/', '[fd00::5]:80')).location, 'https://[fd00::5]/');
});

t.test('a hostile Host header never reaches the Location: the address dialled is used', async (t) => {
  for (const host of ['evil.example/@x', 'a b', '${x}', 'x'.repeat(300), 'a"b']) {
    t.equal((await ask(443, '/console/', host)).location, 'https://127.0.0.1/console/', JSON.stringify(host));
  }
});
