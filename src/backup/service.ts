import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Cron } from 'croner';
import type { Actor, Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import { AppError, notFound } from '../errors.js';
import type { Logger } from '../log.js';
import type { Settings } from '../settings.js';
import { stageRestore, summary } from './restore.js';
import type { BackupSettingsInput } from './schema.js';
import type { BackupSettings, BackupStore } from './store.js';
import { writeBackup } from './write.js';

export interface ArchiveInfo {
  name: string;
  /** Where it is: the data disk's backup folder or the schedule's target (a USB disk). */
  folder: string;
  size: number;
  modifiedAt: string;
}

export type BackupSettingsView = Omit<BackupSettings, 'passphrase'> & {
  passphraseSet: boolean;
  /** When the schedule runs next (ISO), null when off. */
  nextRun: string | null;
};

const SCHEDULED = /^hotline-backup-[0-9TZ-]+\.tar\.gz$/;
/** 20 GB: recordings make big archives; more is a mistake (or an attack on the data disk). */
const MAX_UPLOAD = 20 * 1024 ** 3;

const stamp = (d = new Date()) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export function createBackupService(deps: {
  db: Db;
  settings: Settings;
  store: BackupStore;
  audit: Audit;
  log: Logger;
  /** Ends hotlined so that its supervisor (systemd) starts it again, which applies a staged restore. */
  requestRestart: () => void;
}) {
  const { settings, store, audit, log } = deps;
  const localDir = settings.backup.dir ?? path.join(settings.dataDir, 'backups');
  let busy: string | null = null;
  let cron: Cron | null = null;

  const folders = () => {
    const target = store.settings().targetDir;
    return target && target !== localDir ? [localDir, target] : [localDir];
  };
  const exclusive = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    if (busy) throw new AppError('conflict', `a ${busy} is running; try again when it has finished`);
    busy = what;
    try {
      return await fn();
    } finally {
      busy = null;
    }
  };
  const list = (): ArchiveInfo[] =>
    folders()
      .flatMap((folder) => {
        let names: string[] = [];
        try {
          names = readdirSync(folder).filter((n) => n.endsWith('.tar.gz'));
        } catch {
          return []; // a USB disk that is not mounted
        }
        return names.map((name) => {
          const st = statSync(path.join(folder, name));
          return { name, folder, size: st.size, modifiedAt: st.mtime.toISOString() };
        });
      })
      .sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || b.name.localeCompare(a.name));
  const find = (name: string): string => {
    const hit = list().find((a) => a.name === name);
    if (!hit) throw notFound(`backup ${name}`);
    return path.join(hit.folder, hit.name);
  };

  const create = (opts: { passphrase: string; includeRecordings: boolean; folder?: string }) =>
    exclusive('backup', async () => {
      const folder = opts.folder ?? localDir;
      mkdirSync(folder, { recursive: true, mode: 0o750 });
      const name = `hotline-backup-${stamp()}.tar.gz`;
      const started = Date.now();
      const { manifest, size } = await writeBackup({
        db: deps.db,
        settings,
        file: path.join(folder, name),
        passphrase: opts.passphrase,
        includeRecordings: opts.includeRecordings,
      });
      log.info({ name, folder, size, ms: Date.now() - started }, 'backup written');
      return { name, folder, size, manifest: summary(manifest) };
    });

  /** Deletes the oldest scheduled archives beyond `keep` in `folder`. */
  const prune = (folder: string, keep: number) => {
    const names = readdirSync(folder)
      .filter((n) => SCHEDULED.test(n))
      .sort()
      .reverse();
    for (const n of names.slice(keep)) rmSync(path.join(folder, n), { force: true });
  };

  const runScheduled = async () => {
    const s = store.settings();
    if (!s.enabled || !s.passphrase) return;
    try {
      const folder = s.targetDir ?? localDir;
      const made = await create({ passphrase: s.passphrase, includeRecordings: s.includeRecordings, folder });
      prune(folder, s.keep);
      audit.record({
        principal: null,
        action: 'scheduled',
        entity: 'backup',
        entityId: made.name,
        after: made,
      });
    } catch (err) {
      log.error({ err }, 'scheduled backup failed');
    }
  };
  const schedule = () => {
    cron?.stop();
    cron = null;
    const s = store.settings();
    if (!s.enabled) return;
    const [h, m] = s.time.split(':').map(Number);
    cron = new Cron(`${m} ${h} * * *`, { protect: true }, () => void runScheduled());
  };

  const view = (): BackupSettingsView => {
    const { passphrase, ...s } = store.settings();
    return { ...s, passphraseSet: passphrase !== null, nextRun: cron?.nextRun()?.toISOString() ?? null };
  };

  return {
    localDir,
    list,
    settings: view,
    start: schedule,
    stop: () => cron?.stop(),
    runScheduled,
    async create(input: { passphrase: string; includeRecordings: boolean }, actor: Actor) {
      const made = await create(input);
      audit.record({ ...actor, action: 'create', entity: 'backup', entityId: made.name, after: made });
      return made;
    },
    file: find,
    bundleTaken(actor: Actor) {
      audit.record({ ...actor, action: 'download', entity: 'support_bundle' });
    },
    /** After a restore's swap: audited in the restored database (the old one recorded the request). */
    recordApplied(plan: unknown) {
      audit.record({ principal: null, action: 'restored', entity: 'backup', after: plan });
    },
    remove(name: string, actor: Actor) {
      const file = find(name);
      rmSync(file);
      audit.record({ ...actor, action: 'delete', entity: 'backup', entityId: name });
    },
    /** Stores an uploaded archive (the request body, streamed) in the data disk's backup folder. */
    async upload(body: Readable, actor: Actor): Promise<ArchiveInfo> {
      mkdirSync(localDir, { recursive: true, mode: 0o750 });
      const name = `uploaded-${stamp()}.tar.gz`;
      const file = path.join(localDir, name);
      let size = 0;
      body.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_UPLOAD)
          body.destroy(new AppError('validation', 'the archive is larger than 20 GB', { field: 'archive' }));
      });
      try {
        await pipeline(body, createWriteStream(`${file}.partial`, { mode: 0o600 }));
        if (size === 0) throw new AppError('validation', 'the upload is empty', { field: 'archive' });
        renameSync(`${file}.partial`, file);
      } catch (err) {
        rmSync(`${file}.partial`, { force: true });
        throw err;
      }
      audit.record({ ...actor, action: 'upload', entity: 'backup', entityId: name, after: { size } });
      return list().find((a) => a.name === name)!;
    },
    /**
     * Checks the archive whole and stages it, then restarts hotlined, which
     * swaps the staged data in before it opens the database.
     */
    async restore(name: string, passphrase: string, actor: Actor) {
      const file = find(name);
      const manifest = await exclusive('restore', () =>
        stageRestore({ settings, file, passphrase, work: path.join(settings.dataDir, 'restore-work') }),
      );
      audit.record({
        ...actor,
        action: 'restore',
        entity: 'backup',
        entityId: name,
        after: summary(manifest),
      });
      setTimeout(deps.requestRestart, 200).unref(); // after the answer has gone out
      return { restarting: true, backup: summary(manifest) };
    },
    async updateSettings(input: BackupSettingsInput, actor: Actor) {
      const before = view();
      const current = store.settings();
      if (input.targetDir) {
        let dir = false;
        try {
          dir = statSync(input.targetDir).isDirectory();
        } catch {
          // missing
        }
        if (!dir)
          throw new AppError('validation', 'the target folder does not exist (is the USB disk mounted?)', {
            field: 'targetDir',
          });
      }
      const passphrase = input.passphrase ?? current.passphrase;
      if (input.enabled && !passphrase) {
        throw new AppError('validation', 'a scheduled backup needs a passphrase', { field: 'passphrase' });
      }
      const { passphrase: _p, ...rest } = input;
      deps.db.transaction(() => {
        store.save({ ...rest, passphrase });
        audit.record({
          ...actor,
          action: 'update',
          entity: 'backup_settings',
          before,
          after: { ...rest, passphraseChanged: !!input.passphrase },
        });
      })();
      schedule();
      return view();
    },
  };
}
export type BackupService = ReturnType<typeof createBackupService>;
