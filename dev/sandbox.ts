/**
 * The test rig: real Asterisk 22 instances running in the cached Debian sid
 * chroot that scripts/rig/install builds. Development and tests only; the
 * appliance runs Asterisk from its own root filesystem.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FILE_MODE } from '../src/fs/write-atomic.js';

const execFileP = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MOD_DIR = '/usr/lib/x86_64-linux-gnu/asterisk/modules';

/** Path of the rig's chroot, installing it on first use (takes a minute or two). */
export function rigRoot(): string {
  if (process.env.HOTLINE_RIG_ROOT) return process.env.HOTLINE_RIG_ROOT;
  const out = execFileSync(path.join(REPO, 'scripts/rig/install'), { stdio: ['ignore', 'pipe', 'inherit'] });
  return out.toString().trim();
}

/**
 * Picks stay below the kernel's ephemeral range: a port found free there can be
 * taken by any outgoing connection's local end (a browser, an HTTP client)
 * before the instance binds it, which failed tests with EADDRINUSE.
 */
function pickRange(): [number, number] {
  const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  return Number.isInteger(low) && low > 25000 ? [20000, low] : [20000, 32768];
}

/** Ports free on 127.0.0.1 for both TCP and UDP (SIP uses both). */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  const [from, to] = pickRange();
  while (ports.length < count) {
    const p = from + Math.floor(Math.random() * (to - from));
    if (ports.includes(p)) continue;
    if ((await tcpFree(p)) && (await udpFree(p))) ports.push(p);
  }
  return ports;
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export interface InstanceDirs {
  /** Directory of this instance as Asterisk sees it (inside the chroot). */
  inside: string;
  /** The same directory as the host (hotlined, tests) sees it. */
  host: string;
  etc: string;
  lib: string;
  spool: string;
  run: string;
  log: string;
}

export function instanceDirs(root: string, runId: string, name: string): InstanceDirs {
  const inside = `/var/tmp/hotline/${runId}/${name}`;
  const host = path.join(root, inside);
  const sub = (d: string) => `${inside}/${d}`;
  return {
    inside,
    host,
    etc: sub('etc'),
    lib: sub('lib'),
    spool: sub('spool'),
    run: sub('run'),
    log: sub('log'),
  };
}

/** Directory placeholders for renderBaseConfig, pointing into the instance. */
export function dirVars(d: InstanceDirs) {
  return {
    ETC_DIR: d.etc,
    MOD_DIR,
    LIB_DIR: d.lib,
    DATA_DIR: '/usr/share/asterisk',
    SPOOL_DIR: d.spool,
    RUN_DIR: d.run,
    LOG_DIR: d.log,
  };
}

export interface AsteriskInstance {
  readonly name: string;
  readonly root: string;
  readonly dirs: InstanceDirs;
  readonly pid: number | undefined;
  /** Host path of a file inside the instance's directory, e.g. hostPath('etc/hotline'). */
  hostPath(rel: string): string;
  /** Runs an Asterisk CLI command through the instance's control socket. */
  cli(command: string): Promise<string>;
  /** SIGKILL (crash) or a clean `core stop now`. */
  stop(opts?: { kill?: boolean }): Promise<void>;
  /** Starts Asterisk again with the same directories and config. */
  start(): Promise<void>;
  /** Removes the instance's directory. */
  destroy(): Promise<void>;
}

/**
 * Writes `files` (name → text, relative to etc/) into a fresh instance
 * directory and starts Asterisk in the foreground on them.
 */
export async function startInstance(opts: {
  root: string;
  runId: string;
  name: string;
  files: Map<string, string>;
}): Promise<AsteriskInstance> {
  const { root, name } = opts;
  const dirs = instanceDirs(root, opts.runId, name);
  rmSync(dirs.host, { recursive: true, force: true });
  for (const d of [dirs.etc, dirs.lib, dirs.spool, dirs.run, dirs.log, `${dirs.etc}/hotline`]) {
    mkdirSync(path.join(root, d), { recursive: true });
  }
  for (const [file, text] of opts.files) {
    const target = path.join(root, dirs.etc, file);
    mkdirSync(path.dirname(target), { recursive: true });
    // Asterisk runs as root in the chroot; the files carry AMI/ARI and SIP secrets
    writeFileSync(target, text, { mode: FILE_MODE });
  }
  const conf = `${dirs.etc}/asterisk.conf`;
  let child: ChildProcess | undefined;
  const hostPath = (rel: string) => path.join(dirs.host, rel);

  const cli = async (command: string) => {
    const { stdout } = await execFileP('chroot', [root, '/usr/sbin/asterisk', '-C', conf, '-rx', command], {
      timeout: 15_000,
    });
    return stdout;
  };

  const start = async () => {
    // -f: stay in the foreground so we own the process; -n: no colours in logs.
    child = spawn('chroot', [root, '/usr/sbin/asterisk', '-C', conf, '-f', '-n', '-q'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: false,
    });
    let stderr = '';
    child.stderr?.on('data', (b) => {
      stderr = (stderr + b).slice(-4000);
    });
    writeFileSync(hostPath('pid'), String(child.pid));
    // ends when Asterisk is fully booted or the process exits; the cap only
    // catches a hang (a busy 2-core box boots slowly, so it is generous)
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`asterisk ${name} exited at start: ${stderr}`);
      try {
        const out = await cli('core waitfullybooted');
        if (/fully booted/i.test(out)) break;
      } catch {
        // control socket not there yet
      }
      if (Date.now() > deadline) throw new Error(`asterisk ${name} did not boot in 120 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const stop = async (o: { kill?: boolean } = {}) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    if (o.kill) c.kill('SIGKILL');
    else {
      await cli('core stop now').catch(() => c.kill('SIGTERM'));
      const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    await exited;
  };

  await start();
  return {
    name,
    root,
    dirs,
    get pid() {
      return child?.pid;
    },
    hostPath,
    cli,
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(dirs.host, { recursive: true, force: true });
    },
  };
}

/** Kills instances a previous, interrupted run left behind (pid files under the rig). */
export function reapStaleInstances(root: string): number {
  let reaped = 0;
  const base = path.join(root, 'var/tmp/hotline');
  let runs: string[] = [];
  try {
    runs = execFileSync('find', [base, '-maxdepth', '3', '-name', 'pid'], { encoding: 'utf8' }).split('\n');
  } catch {
    return 0;
  }
  for (const f of runs.filter(Boolean)) {
    const pid = Number(readFileSync(f, 'utf8'));
    try {
      process.kill(pid, 'SIGKILL');
      reaped++;
    } catch {
      // already gone
    }
    rmSync(f, { force: true });
  }
  return reaped;
}

