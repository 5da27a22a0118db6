import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Ami } from './ami.js';

/** The module whose reload makes Asterisk read a generated file. */
export type ReloadModule =
  | 'res_pjsip.so'
  | 'pbx_config.so'
  | 'app_queue.so'
  | 'app_voicemail.so'
  | 'chan_dahdi.so';

export interface GeneratedFile {
  /** File name inside <confDir>/hotline/. */
  name: string;
  text: string;
  reload: ReloadModule;
}

/**
 * A domain's part of the generated configuration. `generate` reads the
 * database as it would be after the change (it runs inside the change's
 * transaction) and returns the files plus a check that Asterisk took them.
 */
export interface ConfigSection {
  name: string;
  generate(): { files: GeneratedFile[]; verify?: (ami: Ami) => Promise<void> };
}

export interface ConfigApplier {
  register(section: ConfigSection): void;
  /**
   * Applies a configuration change atomically: `mutate` runs first as a dry
   * run inside a transaction that is rolled back, the files generated from
   * that state are written and reloaded and verified, and only then does
   * `mutate` run again and commit. Any failure restores the previous files
   * and leaves the database untouched. `mutate` must be deterministic
   * (generate secrets and timestamps before calling). `onCommit` runs only in
   * the committing transaction (audit rows, events).
   */
  change<T>(mutate: () => T, onCommit?: (result: T) => void): Promise<T>;
  /** Writes every file from the database (boot, reconnect) and reloads what changed. */
  syncAll(): Promise<void>;
}

/**
 * A verify step's comparison: after a reload Asterisk shows exactly the
 * names the database expects (none missing, none stale), or the apply fails
 * with `message` and the previous files come back.
 */
export function assertLoaded(message: string, expected: Iterable<string>, present: Set<string>): void {
  const want = new Set(expected);
  const missing = [...want].filter((n) => !present.has(n));
  const extra = [...present].filter((n) => !want.has(n));
  if (missing.length || extra.length)
    throw new AppError('apply_failed', message, { details: { missing, extra } });
}

/** Verify step for generated dialplan: every context named `<prefix>N` expected is loaded, and no stale one. */
export async function verifyContexts(ami: Ami, prefix: string, expected: Set<string>, message: string) {
  const plan = await ami.list('ShowDialPlan').catch(() => []);
  assertLoaded(
    message,
    expected,
    new Set(plan.map((p) => p.Context ?? '').filter((c) => c.startsWith(prefix))),
  );
}

class DryRun extends Error {}

export function createConfigApplier(deps: { db: Db; ami: Ami; dir: string; log: Logger }): ConfigApplier {
  const { db, ami, dir } = deps;
  const log = deps.log.child({ component: 'config-apply' });
  const sections: ConfigSection[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  /** Files written while Asterisk was unreachable: reload them on reconnect. */
  const pendingReload = new Set<ReloadModule>();

  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => undefined);
    return run;
  };

  const generateAll = () => {
    const files: GeneratedFile[] = [];
    const checks: ((ami: Ami) => Promise<void>)[] = [];
    for (const s of sections) {
      const g = s.generate();
      files.push(...g.files);
      if (g.verify) checks.push(g.verify);
    }
    return { files, checks };
  };

  const readCurrent = (name: string): string | null => {
    try {
      return readFileSync(path.join(dir, name), 'utf8');
    } catch {
      return null;
    }
  };

  const writeAtomic = (name: string, text: string | null) => {
    const target = path.join(dir, name);
    if (text === null) {
      rmSync(target, { force: true });
      return;
    }
    mkdirSync(dir, { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    const fd = openSync(tmp, 'w', 0o640);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  };

  const reload = async (modules: Set<ReloadModule>) => {
    if (ami.state !== 'connected') {
      for (const m of modules) pendingReload.add(m);
      log.warn(
        { modules: [...modules] },
        'Asterisk not connected: files written, reload deferred to reconnect',
      );
      return false;
    }
    for (const m of modules) {
      await ami.action('Reload', { Module: m });
      pendingReload.delete(m);
    }
    return true;
  };

  /** Writes `files`, reloads and verifies; on failure puts the previous files back. */
  const applyFiles = async (files: GeneratedFile[], checks: ((ami: Ami) => Promise<void>)[]) => {
    const changed = files.filter((f) => readCurrent(f.name) !== f.text);
    if (changed.length === 0) return;
    const previous = new Map(changed.map((f) => [f.name, readCurrent(f.name)]));
    const modules = new Set(changed.map((f) => f.reload));
    try {
      for (const f of changed) writeAtomic(f.name, f.text);
      if (await reload(modules)) {
        for (const check of checks) await check(ami);
      }
      log.info({ files: changed.map((f) => f.name), modules: [...modules] }, 'configuration applied');
    } catch (err) {
      log.error({ err, files: [...previous.keys()] }, 'apply failed, restoring previous files');
      for (const [name, text] of previous) writeAtomic(name, text);
      await reload(modules).catch((e) => log.error({ err: e }, 'reload after restore failed'));
      if (err instanceof AppError) throw err;
      throw new AppError('apply_failed', `Asterisk did not accept the change: ${(err as Error).message}`);
    }
  };

  const reloadPending = () =>
    serial(async () => {
      if (pendingReload.size) await reload(new Set(pendingReload));
    });

  ami.onState((s) => {
    if (s === 'connected' && pendingReload.size) {
      reloadPending().catch((err) => log.error({ err }, 'deferred reload failed'));
    }
  });

  return {
    register: (section) => {
      sections.push(section);
    },

    change: <T>(mutate: () => T, onCommit?: (result: T) => void) =>
      serial(async () => {
        let planned: ReturnType<typeof generateAll> | undefined;
        try {
          db.transaction(() => {
            mutate();
            planned = generateAll();
            throw new DryRun();
          })();
        } catch (err) {
          if (!(err instanceof DryRun)) throw err;
        }
        await applyFiles(planned!.files, planned!.checks);
        try {
          return db.transaction(() => {
            const result = mutate();
            onCommit?.(result);
            return result;
          })();
        } catch (err) {
          // Files are ahead of the database now: bring them back to what it holds.
          const current = generateAll();
          await applyFiles(current.files, current.checks).catch((e) =>
            log.error({ err: e }, 'resync failed'),
          );
          throw err;
        }
      }),

    syncAll: () =>
      serial(async () => {
        const { files, checks } = generateAll();
        await applyFiles(files, checks);
      }),
  };
}
