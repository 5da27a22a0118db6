/**
 * Runs hotlined as a real child process (development rig and integration
 * tests): the same binary and settings file the appliance uses.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LogFile, sizeBoundedLog } from './log-file.js';
import { MALLOC_ENV } from '../src/system/malloc-env.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

/**
 * The start-up wait follows readiness: it ends when hotlined answers its
 * health check, at once when the process dies, and only after this long
 * otherwise. Generous on purpose: a busy 2-core CI box took over 20 s (the
 * migrations, the first config sync and Asterisk's connects all run first).
 */
export const START_LIMIT_MS = 120_000;
/** One health request may hang on a process that is still starting: give up on it and ask again. */
const PROBE_TIMEOUT_MS = 5_000;

async function untilAnswering(c: ChildProcess, url: string, output: () => string): Promise<void> {
  const started = Date.now();
  let exit: string | null = c.exitCode !== null ? `code ${c.exitCode}` : null;
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
    exit = signal ? `signal ${signal}` : `code ${code}`;
  };
  const onError = (err: Error) => {
    exit = err.message;
  };
  c.once('exit', onExit);
  c.once('error', onError);
  try {
    for (;;) {
      if (exit !== null) throw new Error(`hotlined exited (${exit}) before answering: ${output()}`);
      try {
        const res = await fetch(`${url}/api/v1/system/health`, {
          signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        });
        if (res.ok) return;
      } catch {
        // not listening yet, or too busy to answer this probe
      }
      if (Date.now() - started > START_LIMIT_MS)
        throw new Error(
          `hotlined (pid ${c.pid}) is running but did not answer in ${START_LIMIT_MS / 1000} s: ${output()}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    c.off('exit', onExit);
    c.off('error', onError);
  }
}

/** The head of stdout kept in memory: the first admin's password is printed at the very start. */
const STDOUT_KEPT = 256 * 1024;

export interface HotlinedProcess {
  readonly url: string;
  readonly pid: number | undefined;
  /** What hotlined printed on stdout (its first 256 KB: the first admin's password is there once). */
  readonly stdout: string;
  /** Where its output goes when a log file was asked for. */
  readonly logFile: string | undefined;
  start(): Promise<void>;
  /** SIGKILL simulates a crash; SIGTERM is a clean stop. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Called whenever the process ends; `requested` is true when stop() ended it. Returns an unsubscribe. */
  onExit(fn: (exit: { code: number | null; signal: NodeJS.Signals | null; requested: boolean }) => void): () => void;
}

export function hotlinedProcess(opts: {
  dir: string;
  settings: Record<string, unknown>;
  port: number;
  logLevel?: string;
  onLog?: (line: string) => void;
  /** Append stdout and stderr to this file (size-bounded, see log-file.ts). */
  logFile?: string;
}): HotlinedProcess {
  mkdirSync(opts.dir, { recursive: true });
  const configFile = path.join(opts.dir, 'hotline.json');
  writeFileSync(configFile, JSON.stringify(opts.settings, null, 2), { mode: 0o600 });
  let child: ChildProcess | undefined;
  let stdout = '';
  let stderr = '';
  let stopping = false;
  const exitListeners = new Set<Parameters<HotlinedProcess['onExit']>[0]>();
  let log: LogFile | undefined;
  const url = `http://127.0.0.1:${opts.port}`;

  return {
    url,
    get pid() {
      return child?.pid;
    },
    get stdout() {
      return stdout;
    },
    logFile: opts.logFile,
    onExit(fn) {
      exitListeners.add(fn);
      return () => exitListeners.delete(fn);
    },
    async start() {
      stopping = false;
      if (opts.logFile && !log) log = sizeBoundedLog(opts.logFile);
      // e.g. HOTLINE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile hotlined under a bench
      const nodeArgs = (process.env.HOTLINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
      child = spawn(process.execPath, [...nodeArgs, MAIN], {
        env: {
          ...MALLOC_ENV,
          ...process.env,
          HOTLINE_CONFIG: configFile,
          HOTLINE_LOG_LEVEL: opts.logLevel ?? 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const c = child;
      c.stdout?.on('data', (b: Buffer) => {
        const s = b.toString();
        if (stdout.length < STDOUT_KEPT) stdout += s;
        log?.write(s);
        opts.onLog?.(s);
      });
      c.stderr?.on('data', (b: Buffer) => {
        stderr = (stderr + b.toString()).slice(-2000);
        log?.write(b.toString());
        opts.onLog?.(b.toString());
      });
      c.once('exit', (code, signal) => {
        if (!stopping) log?.write(`hotlined exited (${signal ? `signal ${signal}` : `code ${code}`})\n`);
        for (const fn of exitListeners) fn({ code, signal, requested: stopping });
      });
      await untilAnswering(c, url, () => `${stdout.slice(-2000)}${stderr}`);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      stopping = true;
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill(signal);
      const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}
