import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/index.js';
import { AppError, isAppError } from '../errors.js';
import { writeAtomic } from '../fs/write-atomic.js';
import { dryRun } from '../kit/dry-run.js';
import type { Logger } from '../log.js';
import type { Ami, AmiMessage } from './ami.js';

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
 * What a verify step may ask Asterisk, shared by every section verified in
 * one apply so that the dialplan is listed once however many sections check it.
 */
export interface VerifyContext {
  readonly ami: Ami;
  /** Every item of the loaded dialplan (extension priorities and includes), one `ShowDialPlan` per apply. */
  dialplan(): Promise<AmiMessage[]>;
}

export type Verify = (ctx: VerifyContext) => Promise<void>;

/**
 * A domain's part of the generated configuration. `generate` reads the
 * database as it would be after the change (it runs inside the change's
 * transaction) and returns the files plus a check that Asterisk took them.
 * It must be pure and cheap: every change generates every section and
 * compares the output with the files on disk; only a section whose output
 * differs is written, reloaded and verified.
 */
export interface ConfigSection {
  name: string;
  generate(): { files: GeneratedFile[]; verify?: Verify };
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
  /** Writes every file from the database (boot, reconnect) and reloads and verifies what changed. */
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

/**
 * Verify step for generated dialplan: the loaded contexts of one family
 * (a name prefix, or a pattern for families whose prefix another context
 * shares) are exactly `expected`. A context counts as loaded when it holds
 * an extension or an include.
 */
export async function verifyContexts(
  ctx: VerifyContext,
  family: string | RegExp,
  expected: Iterable<string>,
  message: string,
): Promise<void> {
  const inFamily =
    typeof family === 'string' ? (c: string) => c.startsWith(family) : (c: string) => family.test(c);
  const plan = await ctx.dialplan();
  assertLoaded(message, expected, new Set(plan.map((p) => p.Context ?? '').filter(inFamily)));
}

/** The extension names Asterisk has loaded in one context (a `DID/CID` extension counts as its DID). */
export async function loadedExtensions(ctx: VerifyContext, context: string): Promise<Set<string>> {
  const plan = await ctx.dialplan();
  return new Set(
    plan.filter((p) => p.Context === context && p.Extension).map((p) => (p.Extension ?? '').split('/')[0]!),
  );
}

/**
 * Asterisk answers ShowDialPlan for a context it does not have with
 * "Did not find context X" (an Error, not an empty list): that is "no
 * extensions". Every other error (not connected, timeout, permission) fails
 * the apply: a check that cannot run has not passed.
 */
const NO_CONTEXT = /^Did not find context\b/;

export function createVerifyContext(ami: Ami): VerifyContext {
  let plan: Promise<AmiMessage[]> | undefined;
  return {
    ami,
    dialplan: () => {
      plan ??= ami.list('ShowDialPlan').catch((err: unknown) => {
        if (isAppError(err) && NO_CONTEXT.test(err.message)) return [];
        throw err;
      });
      return plan;
    },
  };
}

interface Planned {
  section: string;
  files: GeneratedFile[];
  verify?: Verify;
}

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

  /** Every section's planned output, in registration order. */
  const generateAll = (): Planned[] => sections.map((s) => ({ section: s.name, ...s.generate() }));

  const readCurrent = (name: string): string | null => {
    try {
      return readFileSync(path.join(dir, name), 'utf8');
    } catch {
      return null;
    }
  };

  const write = (name: string, text: string | null) => writeAtomic(path.join(dir, name), text);

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

  /**
   * Writes the files that differ from disk, reloads their modules and runs
   * the verify of each section that had a file written; on failure puts back
   * the previous content of exactly the files written. Sections whose output
   * is unchanged are not checked: a stale context of another domain must not
   * fail this change, and their state in Asterisk is whatever their last
   * apply verified.
   */
  const applyPlan = async (plan: Planned[]) => {
    const changed = plan.flatMap((p) =>
      p.files.flatMap((f) => {
        const before = readCurrent(f.name);
        return before === f.text ? [] : [{ section: p.section, file: f, before }];
      }),
    );
    if (changed.length === 0) return;
    const touched = plan.filter((p) => changed.some((c) => c.section === p.section));
    const modules = new Set(changed.map((c) => c.file.reload));
    const written: typeof changed = [];
    let reloading = false;
    try {
      for (const c of changed) {
        write(c.file.name, c.file.text);
        written.push(c);
      }
      reloading = true;
      if (await reload(modules)) {
        const ctx = createVerifyContext(ami);
        for (const p of touched) await p.verify?.(ctx);
      }
      log.info(
        {
          sections: touched.map((p) => p.section),
          files: changed.map((c) => c.file.name),
          modules: [...modules],
        },
        'configuration applied',
      );
    } catch (err) {
      log.error({ err, files: written.map((c) => c.file.name) }, 'apply failed, restoring previous files');
      for (const c of written) write(c.file.name, c.before);
      // Asterisk read nothing new if the failure came before the reload
      const restored = new Set(reloading ? written.map((c) => c.file.reload) : []);
      await reload(restored).catch((e) => log.error({ err: e }, 'reload after restore failed'));
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
        const planned = dryRun(db, () => {
          mutate();
          return generateAll();
        });
        await applyPlan(planned);
        try {
          return db.transaction(() => {
            const result = mutate();
            onCommit?.(result);
            return result;
          })();
        } catch (err) {
          // Files are ahead of the database now: bring them back to what it holds.
          await applyPlan(generateAll()).catch((e) => log.error({ err: e }, 'resync failed'));
          throw err;
        }
      }),

    syncAll: () => serial(() => applyPlan(generateAll())),
  };
}
