import {
  type Dirent,
  lstatSync,
  readdirSync,
  realpathSync,
  rmdirSync,
  statfsSync,
  unlinkSync,
} from 'node:fs';
import path from 'node:path';
import { DATE_DIR, FILE_NAME, isRecordingPath } from './paths.js';

/**
 * The host path of a recording under `root`, or null. Path traversal is
 * impossible: the name must match the pattern (no `..`, no `/` beyond the
 * date folder), the file must be a regular file (not a symlink), and its
 * real path must lie under the root's real path.
 */
export function resolveRecording(root: string, rel: string): { file: string; size: number } | null {
  if (!isRecordingPath(rel)) return null;
  const file = path.join(root, rel);
  try {
    const st = lstatSync(file);
    if (!st.isFile()) return null;
    const realRoot = realpathSync(root);
    const real = realpathSync(file);
    if (!real.startsWith(realRoot + path.sep)) return null;
    return { file: real, size: st.size };
  } catch {
    return null;
  }
}

/** A folder's entries; none when it cannot be read (not there yet, or removed while we look). */
function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

interface RecordingFile {
  file: string;
  size: number;
  mtimeMs: number;
}

/** Every recording file under root (date folders, then files), symlinks skipped. */
function* walk(root: string): Generator<RecordingFile> {
  for (const d of entries(root)) {
    if (!d.isDirectory() || !DATE_DIR.test(d.name)) continue;
    const dir = path.join(root, d.name);
    for (const f of entries(dir)) {
      if (!f.isFile() || !FILE_NAME.test(f.name)) continue;
      const file = path.join(dir, f.name);
      try {
        const st = lstatSync(file);
        if (st.isFile()) yield { file, size: st.size, mtimeMs: st.mtimeMs };
      } catch {
        // deleted while we looked: not counted
      }
    }
  }
}

export interface Usage {
  files: number;
  bytes: number;
  oldestAt: string | null;
  newestAt: string | null;
  /** The filesystem holding the recordings; null when the root does not exist yet. */
  disk: { totalBytes: number; freeBytes: number } | null;
}

export function diskUsage(root: string): Usage {
  let files = 0;
  let bytes = 0;
  let oldest = Number.POSITIVE_INFINITY;
  let newest = 0;
  for (const f of walk(root)) {
    files++;
    bytes += f.size;
    oldest = Math.min(oldest, f.mtimeMs);
    newest = Math.max(newest, f.mtimeMs);
  }
  let disk: Usage['disk'] = null;
  try {
    const s = statfsSync(root);
    disk = { totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch {
    disk = null;
  }
  return {
    files,
    bytes,
    oldestAt: files > 0 ? new Date(oldest).toISOString() : null,
    newestAt: files > 0 ? new Date(newest).toISOString() : null,
    disk,
  };
}

/** A WAV file this small is its header alone: no audio was ever written. */
export const EMPTY_WAV_BYTES = 44;
/** Header-only files are left alone this long (a call may still be ringing). */
const EMPTY_GRACE_MS = 3_600_000;

/**
 * Deletes recordings last written more than `days` days before `now`
 * (retention off: `days` null), and date folders left empty. Header-only
 * files older than an hour go whatever the retention: MixMonitor's b option
 * creates the file when it starts, and a call nobody answered never fills it.
 * A recording still being written has a fresh mtime, so it is never deleted
 * under Asterisk.
 */
export function sweepRecordings(
  root: string,
  days: number | null,
  now: number,
): { deleted: number; bytes: number } {
  const cutoff = days === null ? Number.NEGATIVE_INFINITY : now - days * 86_400_000;
  let deleted = 0;
  let bytes = 0;
  const dirs = new Set<string>();
  for (const f of walk(root)) {
    const empty = f.size <= EMPTY_WAV_BYTES && f.mtimeMs < now - EMPTY_GRACE_MS;
    if (f.mtimeMs >= cutoff && !empty) continue;
    try {
      unlinkSync(f.file);
      deleted++;
      bytes += f.size;
      dirs.add(path.dirname(f.file));
    } catch {
      // gone already, or not ours to delete: the next sweep tries again
    }
  }
  for (const d of dirs) {
    try {
      rmdirSync(d); // only succeeds when empty
    } catch {
      // still holds newer recordings
    }
  }
  return { deleted, bytes };
}
