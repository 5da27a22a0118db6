import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { anonymous, loginCookie, until } from '../../dev/api-client.js';
import { startTestBox, type TestBox } from '../support/box.js';

/**
 * The host settings through the API on a box whose applier writes files
 * under its data directory: what reaches the files, what is refused, and
 * the network change that reverts unless confirmed over its new address.
 */
const lan = Object.entries(networkInterfaces())
  .flatMap(([name, as]) => (as ?? []).map((a) => ({ name, ...a })))
  .find((a) => a.family === 'IPv4' && !a.internal);
const [lanInterface, lanAddress] = [lan?.name, lan];

let box: TestBox;
t.before(async () => {
  // every address: the confirmation must arrive over the LAN address
  box = await startTestBox({ listenHost: '0.0.0.0' });
});
t.teardown(() => box?.close());

const root = () => path.join(box.dir, 'host-root');
const rootFile = (rel: string) => {
  try {
    return readFileSync(path.join(root(), rel), 'utf8');
  } catch {
    return null;
  }
};

t.test('host name and time reach their files; the audit log has them', async (t) => {
  const before = await box.api.get('/api/v1/host');
  t.equal(before.applier, 'files', 'a development box only writes files');
  t.equal(before.wizardCompleted, false);
  t.same(before.network, { mode: 'dhcp' });

  const named = await box.api.req('PUT', '/api/v1/host/hostname', { hostname: 'HL-Box-01' });
  t.equal(named.status, 200, JSON.stringify(named.body));
  t.equal(named.body.hostname, 'hl-box-01');
  t.equal(rootFile('etc/hostname'), 'hl-box-01\n');
  t.match(rootFile('etc/hosts'), /127\.0\.1\.1\thl-box-01\n/);

  const time = await box.api.req('PUT', '/api/v1/host/time', {
    timezone: 'Asia/Urumqi',
    ntp: ['ntp.aliyun.com', '10.1.1.1'],
  });
  t.equal(time.status, 200, JSON.stringify(time.body));
  t.equal(rootFile('etc/timezone'), 'Asia/Urumqi\n');
  t.equal(readlinkSync(path.join(root(), 'etc/localtime')), '/usr/share/zoneinfo/Asia/Urumqi');
  t.match(rootFile('etc/systemd/timesyncd.conf.d/hotline.conf'), /^NTP=ntp\.aliyun\.com 10\.1\.1\.1$/m);

  const audit = await box.api.get('/api/v1/audit?entity=host');
  t.ok(audit.items.length >= 2, 'both changes audited');
});

t.test('hostile values are refused with the field named and nothing written', async (t) => {
  const cases: [string, unknown, string][] = [
    ['/api/v1/host/hostname', { hostname: 'a\n127.0.0.1 evil' }, 'hostname'],
    ['/api/v1/host/hostname', { hostname: '客服一组' }, 'hostname'],
    ['/api/v1/host/time', { timezone: 'Asia/Shanghai', ntp: ['x\n[Time]'] }, 'ntp.0'],
    ['/api/v1/host/time', { timezone: '../../etc/shadow', ntp: [] }, 'timezone'],
    [
      '/api/v1/host/network',
      {
        network: {
          mode: 'static',
          interface: 'eth0;',
          address: '10.0.0.2',
          prefix: 24,
          gateway: '10.0.0.1',
          dns: [],
        },
      },
      'network.interface',
    ],
    ['/api/v1/host/network', { network: { mode: 'bridge' } }, 'network.mode'],
    [
      '/api/v1/host/network',
      {
        network: {
          mode: 'static',
          interface: 'no-such-if0',
          address: '10.0.0.2',
          prefix: 24,
          gateway: '10.0.0.1',
          dns: [],
        },
      },
      'network.interface',
    ],
  ];
  for (const [url, body, field] of cases) {
    const r = await box.api.req('PUT', url, body);
    t.equal(r.status, 400, `${url} ${JSON.stringify(body)}`);
    t.equal(r.body.error.field, field, r.body.error.message);
  }
  if (lanInterface) {
    const wrongGateway = await box.api.req('PUT', '/api/v1/host/network', {
      network: {
        mode: 'static',
        interface: lanInterface,
        address: '10.0.0.2',
        prefix: 24,
        gateway: '10.0.1.1',
        dns: [],
      },
    });
    t.equal(wrongGateway.status, 400);
    t.equal(wrongGateway.body.error.field, 'network.gateway');
  }
  t.equal(rootFile('etc/hostname'), 'hl-box-01\n', 'the host name is unchanged');
  t.equal(rootFile('etc/systemd/network/10-hotline.network'), null, 'no network file');
});

t.test(
  'a static address not confirmed in time goes back to DHCP by itself',
  { skip: !lanInterface && 'no LAN interface' },
  async (t) => {
    const r = await box.api.req('PUT', '/api/v1/host/network', {
      network: {
        mode: 'static',
        interface: lanInterface,
        address: '198.51.100.20',
        prefix: 24,
        gateway: '198.51.100.1',
        dns: ['223.5.5.5'],
      },
      confirmSeconds: 10,
    });
    t.equal(r.status, 200, JSON.stringify(r.body));
    t.equal(r.body.pending.confirmFrom, '198.51.100.20');
    t.match(
      rootFile('etc/systemd/network/10-hotline.network'),
      /Address=198\.51\.100\.20\/24\nGateway=198\.51\.100\.1\nDNS=223\.5\.5\.5/,
    );

    const again = await box.api.req('PUT', '/api/v1/host/network', { network: { mode: 'dhcp' } });
    t.equal(again.status, 409, 'one change at a time');
    const wrongPlace = await box.api.req('POST', '/api/v1/host/network/confirm');
    t.equal(wrongPlace.status, 409, 'not confirmed over the old address');
    t.match(wrongPlace.body.error.message, /198\.51\.100\.20/);

    const reverted = await until(
      'the revert',
      async () => {
        const h = await box.api.get('/api/v1/host');
        return h.pending === null && h;
      },
      20_000,
    );
    t.same(reverted.network, { mode: 'dhcp' });
    t.same(reverted.lastRevert.network.address, '198.51.100.20');
    t.equal(rootFile('etc/systemd/network/10-hotline.network'), null, 'the static file is gone again');
    const audit = await box.api.get('/api/v1/audit?entity=host');
    const reverts = audit.items.filter((e: { action: string }) => e.action === 'revert');
    t.equal(reverts.length, 1, 'the revert is audited');
    t.equal(reverts[0].userId, null, 'by the box itself');
  },
);

t.test(
  'a static address confirmed over itself stays',
  { skip: !lanAddress && 'no LAN address' },
  async (t) => {
    const [prefix] = lanAddress!.cidr!.split('/').slice(1).map(Number);
    const gatewayHost = lanAddress!.address.split('.').map(Number);
    gatewayHost[3] = gatewayHost[3] === 1 ? 2 : 1;
    const r = await box.api.req('PUT', '/api/v1/host/network', {
      network: {
        mode: 'static',
        interface: lanInterface,
        address: lanAddress!.address,
        prefix,
        gateway: gatewayHost.join('.'),
        dns: [],
      },
      confirmSeconds: 10,
    });
    t.equal(r.status, 200, JSON.stringify(r.body));
    const port = new URL(box.url).port;
    const base = `http://${lanAddress!.address}:${port}`;
    const there = anonymous(base, {
      cookie: await loginCookie(base, box.admin.username, box.admin.password),
    });
    const ok = await there.req('POST', '/api/v1/host/network/confirm');
    t.equal(ok.status, 200, JSON.stringify(ok.body));
    t.equal(ok.body.pending, null);
    await new Promise((r) => setTimeout(r, 11_000));
    const h = await box.api.get('/api/v1/host');
    t.equal(h.network.address, lanAddress!.address, 'still the static address after the window');
    t.match(
      rootFile('etc/systemd/network/10-hotline.network'),
      new RegExp(`Address=${lanAddress!.address.replace(/\./g, '\\.')}/`),
    );
  },
);

t.test('the wizard is marked finished and opened again; only admins', async (t) => {
  t.equal((await box.api.req('PUT', '/api/v1/host/wizard', { completed: true })).body.wizardCompleted, true);
  const agent = await box.userApi('host-agent', 'agent');
  t.equal((await agent.req('GET', '/api/v1/host')).status, 403);
  t.equal((await agent.req('PUT', '/api/v1/host/hostname', { hostname: 'x' })).status, 403);
  t.equal(
    (await box.api.req('PUT', '/api/v1/host/wizard', { completed: false })).body.wizardCompleted,
    false,
  );
});

t.test('a change a stopped hotlined left waiting is undone at start once its time ran out', async (t) => {
  const next = {
    mode: 'static',
    interface: 'eth0',
    address: '10.9.9.9',
    prefix: 24,
    gateway: '10.9.9.1',
    dns: [],
  };
  const later = await startTestBox({
    settings: (_s, dir) => {
      mkdirSync(path.join(dir, 'host'), { recursive: true });
      const state = {
        config: { hostname: 'left-behind', network: next, timezone: 'Asia/Shanghai', ntp: [] },
        wizardCompletedAt: null,
        pending: {
          previous: { mode: 'dhcp' },
          next,
          appliedAt: new Date(Date.now() - 120_000).toISOString(),
          deadline: new Date(Date.now() - 60_000).toISOString(),
        },
        lastRevert: null,
      };
      writeFileSync(path.join(dir, 'host', 'state.json'), JSON.stringify(state));
    },
  });
  t.teardown(() => later.close());
  const h = await later.api.get('/api/v1/host');
  t.same(h.network, { mode: 'dhcp' }, 'back to the previous network');
  t.equal(h.pending, null);
  t.equal(h.lastRevert.network.address, '10.9.9.9');
  t.equal(h.hostname, 'left-behind', 'the rest of the settings kept');
});
