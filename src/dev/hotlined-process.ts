/**
 * Runs hotlined as a real child process (development rig and integration
 * tests): the same binary and settings file the appliance uses.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

export interface HotlinedProcess {
  readonly url: string;
  readonly pid: number | undefined;
  /** Everything hotlined printed on stdout (the first admin's password is there once). */
  readonly stdout: string;
  start(): Promise<void>;
  /** SIGKILL simulates a crash; SIGTERM is a clean stop. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function hotlinedProcess(opts: {
  dir: string;
  settings: Record<string, unknown>;
  port: number;
  logLevel?: string;
  onLog?: (line: string) => void;
}): HotlinedProcess {
  mkdirSync(opts.dir, { recursive: true });
  const configFile = path.join(opts.dir, 'hotline.json');
  writeFileSync(configFile, JSON.stringify(opts.settings, null, 2), { mode: 0o600 });
  let child: ChildProcess | undefined;
  let stdout = '';
  const url = `http://127.0.0.1:${opts.port}`;

  return {
    url,
    get pid() {
      return child?.pid;
    },
    get stdout() {
      return stdout;
    },
    async start() {
      child = spawn(process.execPath, [MAIN], {
        env: { ...process.env, HOTLINE_CONFIG: configFile, HOTLINE_LOG_LEVEL: opts.logLevel ?? 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const c = child;
      c.stdout?.on('data', (b: Buffer) => {
        const s = b.toString();
        stdout += s;
        opts.onLog?.(s);
      });
      c.stderr?.on('data', (b: Buffer) => opts.onLog?.(b.toString()));
      const deadline = Date.now() + 20_000;
      for (;;) {
        if (c.exitCode !== null)
          throw new Error(`hotlined exited with ${c.exitCode}: ${stdout.slice(-2000)}`);
        try {
          const res = await fetch(`${url}/api/v1/system/health`);
          if (res.ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`hotlined did not answer in 20 s: ${stdout.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
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
