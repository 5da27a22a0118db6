import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The mode of every file hotlined writes for another process to read
 * (generated Asterisk and DAHDI config, prompt audio). hotlined runs as user
 * `hotline`, group `asterisk` (appliance/hotlined.service): 0640 lets
 * Asterisk read through the group and root tools (dahdi_cfg, modprobe) read
 * anyway, while SIP passwords and voicemail PINs in the generated config stay
 * unreadable to every other local user.
 */
export const FILE_MODE = 0o640;

/** A fully written, fsynced temp file waiting to be renamed into place. */
export interface StagedFile {
  readonly tmp: string;
  /** Renames the temp file over `target` (same directory) and fsyncs the directory. */
  commit(target: string): void;
  /** Removes the temp file if it was not committed. */
  discard(): void;
}

/**
 * Writes `data` to a temp file in `dir` and fsyncs it. Split from the rename
 * for callers that only learn the final name later (a prompt's file is named
 * after the row id its transaction allocates).
 */
export function stageFile(dir: string, data: string | Uint8Array, mode = FILE_MODE): StagedFile {
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fd = openSync(tmp, 'w', mode);
  try {
    // writeFileSync on an fd loops until every byte is written (writeSync may write fewer)
    writeFileSync(fd, data);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  let done = false;
  return {
    tmp,
    commit(target) {
      if (path.dirname(path.resolve(target)) !== path.resolve(dir))
        throw new Error(`staged file in ${dir} cannot be committed to ${target}`);
      renameSync(tmp, target);
      done = true;
      fsyncDir(dir);
    },
    discard() {
      if (!done) rmSync(tmp, { force: true });
    },
  };
}

/**
 * Replaces `target` so that a crash or power cut leaves either the old or
 * the new content, never a torn or empty file: temp file in the same
 * directory, fsync it, rename it over the target, fsync the directory (the
 * rename itself is only durable once the directory entry is on disk).
 * `data === null` removes the target (a file that did not exist before a
 * failed apply).
 */
export function writeAtomic(target: string, data: string | Uint8Array | null, mode = FILE_MODE): void {
  if (data === null) {
    rmSync(target, { force: true });
    fsyncDir(path.dirname(target));
    return;
  }
  const staged = stageFile(path.dirname(target), data, mode);
  try {
    staged.commit(target);
  } finally {
    staged.discard();
  }
}

function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (err) {
    // removing a file from a directory that does not exist: nothing to sync
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
