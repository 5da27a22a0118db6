import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createSdNotify } from '../../src/system/sd-notify.js';

/** A fake clock for the heartbeat: the interval it was given, fired by hand. */
function fakeTimers() {
  const state = { ms: 0, fn: undefined as (() => void) | undefined, cleared: false };
  return {
    state,
    setInterval: (fn: () => void, ms: number) => {
      state.fn = fn;
      state.ms = ms;
      return {};
    },
    clearInterval: () => {
      state.cleared = true;
    },
  };
}

t.test('outside systemd nothing is sent and no heartbeat runs', async (t) => {
  const sent: string[] = [];
  const timers = fakeTimers();
  const sd = createSdNotify({ env: {}, send: async (m) => void sent.push(m), ...timers });
  sd.ready();
  sd.stopping();
  t.same(sent, []);
  t.equal(timers.state.fn, undefined);
});

t.test('READY=1 once serving, then WATCHDOG=1 every half WatchdogSec', async (t) => {
  const sent: string[] = [];
  const timers = fakeTimers();
  const sd = createSdNotify({
    env: { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '30000000', WATCHDOG_PID: '42' },
    pid: 42,
    send: async (m) => void sent.push(m),
    ...timers,
  });
  sd.ready();
  t.same(sent, ['READY=1']);
  t.equal(timers.state.ms, 15_000, 'WatchdogSec=30 -> a ping every 15 s');
  timers.state.fn?.();
  timers.state.fn?.();
  t.same(sent, ['READY=1', 'WATCHDOG=1', 'WATCHDOG=1']);
  sd.stopping();
  sd.close();
  t.equal(sent.at(-1), 'STOPPING=1');
  t.ok(timers.state.cleared, 'the heartbeat stops with the daemon');
});

t.test('a watchdog meant for another process (an inherited environment) is not pinged', async (t) => {
  const sent: string[] = [];
  const timers = fakeTimers();
  const sd = createSdNotify({
    env: { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '30000000', WATCHDOG_PID: '7' },
    pid: 42,
    send: async (m) => void sent.push(m),
    ...timers,
  });
  sd.ready();
  t.same(sent, ['READY=1']);
  t.equal(timers.state.fn, undefined);
});

t.test('a failed send is reported, never thrown into the daemon', async (t) => {
  const errors: string[] = [];
  const sd = createSdNotify({
    env: { NOTIFY_SOCKET: '/nonexistent/notify' },
    send: async () => {
      throw new Error('no such socket');
    },
    onError: (err, m) => errors.push(`${m}: ${err.message}`),
  });
  sd.ready();
  await new Promise((r) => setImmediate(r));
  t.same(errors, ['READY=1: no such socket']);
});

// The real path: systemd-notify writes the datagram to the socket systemd would hold.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const tools = ['systemd-notify', python].every((c) => spawnSync('which', [c]).status === 0);
t.test(
  'the message reaches a real notify socket through systemd-notify',
  { skip: !tools && 'no systemd-notify or python3' },
  async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sd-notify-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const socket = path.join(dir, 'notify');
    // A datagram receiver standing in for systemd: prints what arrives. It also
    // takes systemd-notify's BARRIER=1 (the fd it carries is dropped, which is
    // what releases systemd-notify), then quits when nothing more comes.
    const receiver = spawn(python, [
      '-c',
      [
        'import socket,sys',
        's=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM)',
        's.bind(sys.argv[1])',
        'print("bound",flush=True)',
        's.settimeout(20)',
        'try:',
        '  while True:',
        '    print(s.recv(4096).decode(),flush=True)',
        '    s.settimeout(2)',
        'except socket.timeout:',
        '  pass',
      ].join('\n'),
      socket,
    ]);
    let out = '';
    receiver.stdout.on('data', (d) => {
      out += d;
    });
    await new Promise<void>((r) => receiver.stdout.once('data', () => r()));
    const errors: Error[] = [];
    createSdNotify({ env: { NOTIFY_SOCKET: socket }, onError: (e) => errors.push(e) }).ready();
    await new Promise<void>((r) => receiver.once('exit', () => r()));
    t.same(errors, []);
    t.match(out, /READY=1/);
  },
);
