/**
 * The appliance image boots and serves (issue 14 item 2): boots
 * image-build/build's qcow2 headless in QEMU and checks from the host, as IT
 * would: first boot completes and prints the console address and a one-time
 * password on the serial console, the console answers over HTTPS (plain HTTP
 * redirects there), hotlined is healthy with Asterisk connected, the admin
 * logs in with the printed password (Secure cookie), and AMI (5038) and ARI
 * (8088) cannot be reached from outside.
 *
 * Without /dev/kvm QEMU emulates the CPU (TCG), many times slower: the test
 * still runs but says so, and such a run is not the boot test's pass.
 * HOTLINE_IMAGE names the qcow2 (default: image-build/build's output).
 */
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { connect } from 'node:net';
import t from 'tap';
import { availableAccel, bootVm } from '../support/vm.js';

const IMAGE = process.env.HOTLINE_IMAGE ?? '/var/cache/hotline-image/out/hotline.qcow2';
const accel = availableAccel();
/** Boot budget to the banner: minutes with KVM; emulation is an order of magnitude slower. */
const BOOT_MS = (accel === 'kvm' ? 5 : 45) * 60_000;

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One HTTP(S) request; the box's certificate is self-signed (generated on first boot), so it is not verified here. */
function fetchOnce(
  url: string,
  opts: { method?: string; body?: unknown; cookie?: string } = {},
): Promise<Reply> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? request : httpRequest;
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: opts.method ?? 'GET', headers, rejectUnauthorized: false, timeout: 20_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.once('error', reject);
    req.end(opts.body === undefined ? undefined : JSON.stringify(opts.body));
  });
}

/** What a TCP client gets from a forwarded port within `ms`: the bytes the service sent first, if any. */
function firstBytes(port: number, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect(port, '127.0.0.1');
    s.setEncoding('utf8');
    s.write('GET /ari/asterisk/info HTTP/1.0\r\n\r\n');
    s.on('data', (d) => {
      got += d;
    });
    s.on('error', () => undefined);
    const done = () => {
      s.destroy();
      resolve(got);
    };
    s.once('close', done);
    setTimeout(done, ms);
  });
}

t.test(
  'the appliance image boots, sets itself up and serves the console over HTTPS',
  { skip: !existsSync(IMAGE) && `no image at ${IMAGE} (run image-build/build)` },
  async (t) => {
    t.comment(
      accel === 'kvm'
        ? 'accel: KVM'
        : 'accel: TCG (no /dev/kvm on this machine): software emulation; this run does NOT count as the boot test passing',
    );
    const t0 = Date.now();
    const vm = await bootVm({ image: IMAGE, forward: ['tcp:443', 'tcp:80', 'tcp:5038', 'tcp:8088'] });
    t.teardown(() => vm.stop());
    const secs = () => Math.round((Date.now() - t0) / 1000);

    // the kernel runs with `quiet`: the firmware handing over to the boot loader is the first sign
    await vm.waitSerial(/BdsDxe: starting Boot/, BOOT_MS);
    t.comment(`firmware started the boot loader after ${secs()} s`);
    await vm.waitSerial(/hostname=hotline/, BOOT_MS);
    t.comment(`systemd (PID 1 on the root slot) started after ${secs()} s`);
    const banner = await vm.waitSerial(/first login: admin \/ (\S+)/, BOOT_MS);
    const password = banner[1] ?? '';
    t.comment(`first boot printed the console address and password after ${secs()} s`);
    t.match(vm.serial(), /console: https:\/\/\d+\.\d+\.\d+\.\d+\//, 'the console address is on the tty');
    t.ok(password.length >= 12, 'a one-time password of some length');

    const https = `https://127.0.0.1:${vm.ports['tcp:443']}`;
    const health = await fetchOnce(`${https}/api/v1/system/health`);
    t.equal(health.status, 200);
    // hotlined is ready before its AMI/ARI connections settle: give them a moment
    let status = JSON.parse(health.body).status;
    for (let i = 0; i < 60 && status !== 'ok'; i++) {
      await new Promise((r) => setTimeout(r, 2000));
      status = JSON.parse((await fetchOnce(`${https}/api/v1/system/health`)).body).status;
    }
    t.equal(status, 'ok', 'healthy over HTTPS: database, AMI and ARI');
    t.comment(`healthy after ${secs()} s`);

    const plain = await fetchOnce(`http://127.0.0.1:${vm.ports['tcp:80']}/console/`);
    t.equal(plain.status, 308, 'plain HTTP redirects');
    t.match(String(plain.headers.location), /^https:\/\/127\.0\.0\.1\/console\/$/);

    const wrong = await fetchOnce(`${https}/api/v1/auth/login`, {
      method: 'POST',
      body: { username: 'admin', password: `${password}x` },
    });
    t.equal(wrong.status, 401, 'a wrong password is refused');
    const login = await fetchOnce(`${https}/api/v1/auth/login`, {
      method: 'POST',
      body: { username: 'admin', password },
    });
    t.equal(login.status, 200, 'the admin logs in with the printed password');
    const cookie = String(login.headers['set-cookie'] ?? '');
    t.match(cookie, /;\s*Secure/i, 'the session cookie is Secure');
    const details = await fetchOnce(`${https}/api/v1/system/health`, { cookie: cookie.split(';')[0] });
    const d = JSON.parse(details.body);
    t.equal(d.ami?.state, 'connected', 'Asterisk is up (AMI)');
    t.equal(d.ari?.state, 'connected', 'Asterisk is up (ARI)');

    t.equal(
      await firstBytes(vm.ports['tcp:5038'] ?? 0, 5000),
      '',
      'AMI (5038) is not reachable from outside',
    );
    t.equal(
      await firstBytes(vm.ports['tcp:8088'] ?? 0, 5000),
      '',
      'ARI (8088) is not reachable from outside',
    );
    t.comment(`boot test done after ${secs()} s (accel ${accel})`);
  },
);
