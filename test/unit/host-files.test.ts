import t from 'tap';
import { hostFiles } from '../../src/host/files.js';
import { HostConfig, HostnameInput, NetworkInput, TimeInput } from '../../src/host/schema.js';
import { golden } from '../support/golden.js';

const render = (files: Map<string, string | null>) =>
  [...files].map(([name, text]) => `### ${name}\n${text ?? '(removed)\n'}`).join('\n');

t.test('a static address and NTP servers: the networkd and timesyncd files', async (t) => {
  const files = hostFiles(
    HostConfig.parse({
      hostname: 'hotline-01.callcenter.example.cn',
      network: {
        mode: 'static',
        interface: 'enp1s0',
        address: '192.168.10.20',
        prefix: 24,
        gateway: '192.168.10.1',
        dns: ['223.5.5.5', '114.114.114.114'],
      },
      timezone: 'Asia/Shanghai',
      ntp: ['ntp.aliyun.com', '192.168.10.1'],
    }),
  );
  const { expected, actual } = golden('host/static.txt', render(files));
  t.equal(actual, expected);
});

t.test('DHCP and no NTP servers: hotlined’s files are removed, the image’s DHCP file applies', async (t) => {
  const files = hostFiles({ hostname: 'hotline', network: { mode: 'dhcp' }, timezone: 'UTC', ntp: [] });
  const { expected, actual } = golden('host/dhcp.txt', render(files));
  t.equal(actual, expected);
  t.equal(files.get('etc/systemd/network/10-hotline.network'), null);
});

t.test('nothing hostile passes the schema into a system file', async (t) => {
  const hostile = [
    'a\nb',
    'x;reboot',
    '[Match]',
    'a,b',
    '${HOME}',
    '"q"',
    'a'.repeat(64),
    '客服一组',
    '-lead',
    'trail-',
    'a..b',
  ];
  for (const h of hostile)
    t.notOk(HostnameInput.safeParse({ hostname: h }).success, `hostname ${JSON.stringify(h)}`);
  t.ok(HostnameInput.safeParse({ hostname: 'Hotline-01' }).success, 'upper case is folded');
  t.equal(HostnameInput.parse({ hostname: 'Hotline-01' }).hostname, 'hotline-01');

  const ntp = ['ntp.aliyun.com\nNTP=evil', 'a b', 'x;y', '[Time]', '${X}'];
  for (const n of ntp) {
    const r = TimeInput.safeParse({ timezone: 'Asia/Shanghai', ntp: [n] });
    t.notOk(r.success, `ntp ${JSON.stringify(n)}`);
    if (!r.success) t.same(r.error.issues[0]!.path, ['ntp', 0], 'the error names the server');
  }
  for (const zone of ['Asia/Shanghai\n', '../../etc/passwd', 'Mars/Olympus', 'asia/shanghai']) {
    t.notOk(TimeInput.safeParse({ timezone: zone, ntp: [] }).success, `zone ${JSON.stringify(zone)}`);
  }
  const base = {
    mode: 'static',
    interface: 'eth0',
    address: '10.0.0.5',
    prefix: 24,
    gateway: '10.0.0.1',
    dns: [],
  };
  const bad: [Record<string, unknown>, string][] = [
    [{ interface: 'eth0\nName=*' }, 'interface'],
    [{ address: '10.0.0.5/24' }, 'address'],
    [{ address: '10.0.0.256' }, 'address'],
    [{ gateway: '10.0.0.1\n[Route]' }, 'gateway'],
    [{ prefix: 33 }, 'prefix'],
    [{ dns: ['8.8.8.8;'] }, 'dns'],
    [{ extra: 1 }, ''],
  ];
  for (const [patch, field] of bad) {
    const r = NetworkInput.safeParse({ network: { ...base, ...patch } });
    t.notOk(r.success, JSON.stringify(patch));
    if (!r.success && field) t.equal(r.error.issues[0]!.path[1], field, `the error names ${field}`);
  }
  t.ok(NetworkInput.safeParse({ network: base }).success, 'a plain static address passes');
  t.equal(
    NetworkInput.parse({ network: { mode: 'dhcp' } }).confirmSeconds,
    60,
    'a minute to confirm by default',
  );
});
