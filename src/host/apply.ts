import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { AppError } from '../errors.js';
import { writeAtomic } from '../fs/write-atomic.js';
import { hostFiles } from './files.js';
import type { HostConfig } from './schema.js';

const run = promisify(execFile);
const PUBLIC_FILE = 0o644;

/** Where a host configuration goes. */
export interface HostApplier {
  /** `system`: this machine's own files and services; `files`: a directory only (development, tests). */
  readonly kind: 'system' | 'files';
  /** The directory the files are written under ('/' for the system). */
  readonly root: string;
  /** Writes the files and (system) has the services take them; throws an AppError('apply_failed') saying why not. */
  apply(config: HostConfig): Promise<void>;
}

/**
 * Writes the files under `root`; with `commands`, also tells the running
 * system: the host name, networkd (reload, then reconfigure every link so a
 * static address replaces DHCP at once), the time zone and timesyncd. Runs
 * as root: in the appliance that is the hotline-host-apply helper.
 */
export function writeHostFiles(root: string, config: HostConfig, opts: { commands: boolean }) {
  for (const [rel, text] of hostFiles(config)) {
    const file = path.join(root, rel);
    if (text === null) rmSync(file, { force: true });
    else writeAtomic(file, text, PUBLIC_FILE);
  }
  const localtime = path.join(root, 'etc/localtime');
  mkdirSync(path.dirname(localtime), { recursive: true });
  rmSync(localtime, { force: true });
  symlinkSync(`/usr/share/zoneinfo/${config.timezone}`, localtime);
  if (!opts.commands) return Promise.resolve();
  const links = linkNames(root);
  return runAll([
    ['hostname', [config.hostname]],
    ['networkctl', ['reload']],
    ...(links.length ? [['networkctl', ['reconfigure', ...links]] as [string, string[]]] : []),
    ['timedatectl', ['set-timezone', config.timezone]],
    ['systemctl', ['try-restart', 'systemd-timesyncd.service']],
  ]);
}

async function runAll(commands: [string, string[]][]) {
  for (const [cmd, args] of commands) {
    try {
      await run(cmd, args, { timeout: 20_000 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new AppError(
        'apply_failed',
        `${cmd} ${args.join(' ')}: ${(e.stderr || e.message).trim().slice(0, 300)}`,
      );
    }
  }
}

/** The machine's network links but loopback, as networkctl names them. */
function linkNames(root: string): string[] {
  try {
    return readFileSync(path.join(root, 'proc/net/dev'), 'utf8')
      .split('\n')
      .slice(2)
      .map((l) => l.split(':')[0]!.trim())
      .filter((n) => n && n !== 'lo');
  } catch {
    return [];
  }
}

/** Development and tests: the files under a directory of hotlined's, nothing on the machine changes. */
export function directoryApplier(root: string): HostApplier {
  return {
    kind: 'files',
    root,
    async apply(config) {
      try {
        await writeHostFiles(root, config, { commands: false });
      } catch (err) {
        throw new AppError('apply_failed', `cannot write the host files: ${(err as Error).message}`);
      }
    },
  };
}

/**
 * The appliance: hotlined runs unprivileged, so it leaves the configuration
 * as `request.json` in `dir` and a root helper (appliance/hotline-host-apply.path,
 * src/host-apply.ts) checks it again, applies it and answers in `applied.json`
 * with the request's id.
 */
export function helperApplier(dir: string, timeoutMs = 30_000): HostApplier {
  return {
    kind: 'system',
    root: '/',
    async apply(config) {
      const id = randomUUID();
      writeAtomic(path.join(dir, 'request.json'), `${JSON.stringify({ id, config })}\n`, 0o640);
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        await sleep(200);
        const answer = readAnswer(path.join(dir, 'applied.json'));
        if (answer?.id !== id) continue;
        if (answer.ok) return;
        throw new AppError(
          'apply_failed',
          `the system refused the change: ${answer.error ?? 'no reason given'}`,
        );
      }
      throw new AppError('apply_failed', 'the host helper (hotline-host-apply) did not answer within 30 s');
    },
  };
}

function readAnswer(file: string): { id: string; ok: boolean; error?: string } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}
