import { chmodSync, type Dirent, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log.js';
import { FILE_MODE } from './write-atomic.js';

/**
 * hotline.db (seat and trunk secrets in clear, password hashes, sessions),
 * its -wal/-shm and the settings file (AMI/ARI secrets): hotlined's alone.
 */
export const SECRET_MODE = 0o600;

/** The base Asterisk files that carry this install's AMI/ARI secrets (firmware-config/asterisk). */
export const SECRET_BASE_FILES: ReadonlySet<string> = new Set(['manager.conf', 'ari.conf']);

/** A base file's mode: not world-readable when it holds a secret (Asterisk reads it through its group). */
export const baseFileMode = (name: string) => (SECRET_BASE_FILES.has(name) ? FILE_MODE : 0o644);

/**
 * Takes away every permission bit beyond `mode` (never adds one): an install
 * from before the modes were set, a file copied with `cp`, a restored backup.
 * A file that does not exist is fine; one hotlined may not change (owned by
 * root, on a read-only mount) is logged with the command that fixes it.
 */
export function tightenMode(file: string, mode: number, log?: Logger): void {
  let current: number;
  try {
    current = statSync(file).mode & 0o777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if ((current & ~mode) === 0) return;
  const next = current & mode;
  try {
    chmodSync(file, next);
    log?.warn(
      { file, was: current.toString(8), now: next.toString(8) },
      'file was readable by others; mode fixed',
    );
  } catch (err) {
    log?.error(
      { file, mode: current.toString(8), code: (err as NodeJS.ErrnoException).code },
      `file holding secrets is readable by others; run: chmod ${next.toString(8)} ${file}`,
    );
  }
}

/** The database and the files SQLite keeps beside it. */
export const dbFiles = (dbPath: string) => [dbPath, `${dbPath}-wal`, `${dbPath}-shm`];

/**
 * At start: the generated Asterisk config (SIP passwords, voicemail PINs) and
 * the base files with the AMI/ARI secrets lose any bit beyond 0640. On the
 * appliance the base files belong to root and the unit's ExecStartPre fixes
 * them; in the rig and on a trial box they are hotlined's own.
 */
/** The two directories whose files carry secrets (the settings' generatedDir and asterisk.confDir). */
export interface ConfigDirs {
  generatedDir: string;
  asterisk: { confDir: string };
}

export function tightenConfigModes(settings: ConfigDirs, log: Logger): void {
  let generated: Dirent[] = [];
  try {
    generated = readdirSync(settings.generatedDir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  for (const e of generated) {
    if (e.isFile()) tightenMode(path.join(settings.generatedDir, e.name), FILE_MODE, log);
  }
  for (const name of SECRET_BASE_FILES)
    tightenMode(path.join(settings.asterisk.confDir, name), FILE_MODE, log);
}
