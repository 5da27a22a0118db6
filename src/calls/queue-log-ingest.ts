import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Bus } from '../bus.js';
import { createIngestLoop, type IngestLoop } from '../db/ingest-loop.js';
import type { Logger } from '../log.js';
import { parseQueueLogChunk, type QueueEvent } from './queue-log.js';
import type { CallsStore } from './store.js';

export const QUEUE_LOG_WATERMARK = 'queue-log';

/**
 * Kept as JSON in watermarks.identity next to position (a byte offset):
 * which file the offset belongs to (device + inode) and a hash of its first
 * line, so a file truncated and refilled, or replaced in place, is noticed.
 */
interface FileIdentity {
  dev: number;
  ino: number;
  headLen: number;
  head: string;
}

const NO_FILE: FileIdentity = { dev: 0, ino: 0, headLen: 0, head: '' };
/** A first line longer than this is hashed only this far. */
const HEAD_MAX = 256;

function parseIdentity(s: string): FileIdentity {
  try {
    const v = JSON.parse(s) as Partial<FileIdentity>;
    return {
      dev: Number(v.dev) || 0,
      ino: Number(v.ino) || 0,
      headLen: Number(v.headLen) || 0,
      head: typeof v.head === 'string' ? v.head : '',
    };
  } catch {
    return NO_FILE;
  }
}

function readAt(file: string, position: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, position);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

/** Hash of the file's first line (up to HEAD_MAX bytes), once that line is complete. */
function headOf(file: string): { headLen: number; head: string } | null {
  const b = readAt(file, 0, HEAD_MAX);
  const nl = b.indexOf(0x0a);
  const len = nl === -1 ? (b.length === HEAD_MAX ? HEAD_MAX : 0) : nl + 1;
  return len === 0 ? null : { headLen: len, head: sha1(b.subarray(0, len)) };
}

function statOrNull(file: string): { dev: number; ino: number; size: number } | null {
  try {
    const st = statSync(file);
    return { dev: st.dev, ino: st.ino, size: st.size };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** runOnce() reads at most chunkBytes. */
export type QueueLogIngest = IngestLoop;

/**
 * Copies app_queue's queue_log into queue_events.
 *
 * Exactly once: the events of a read and the new byte offset commit in one
 * transaction, and a row is unique on the whole line, so a crash or a re-read
 * adds nothing. Only whole lines are taken: a line Asterisk is still writing
 * waits for the next poll. Lines that are not queue_log lines are skipped
 * (counted and logged once per read).
 *
 * The file changes under us in three ways:
 * - rotated (renamed, a new file created): the rest of the old file is read
 *   first if it is still in the same directory (logrotate's queue_log.1,
 *   Asterisk's queue_log.0 or .<time>), then the new file from byte 0;
 * - truncated (copytruncate) or shorter than the offset: read again from 0;
 * - rewritten in place (same inode, different first line): read again from 0.
 */
export function createQueueLogIngest(deps: {
  store: CallsStore;
  bus: Bus;
  log: Logger;
  /** settings.asterisk.queueLog (host path). */
  file: string;
  intervalMs?: number;
  chunkBytes?: number;
}): QueueLogIngest {
  const { store, bus, file } = deps;
  const log = deps.log.child({ component: 'queue-log-ingest' });
  const intervalMs = deps.intervalMs ?? 1000;
  const chunkBytes = Math.max(8192, deps.chunkBytes ?? 1 << 20);

  const apply = store.transaction((events: QueueEvent[], mark: { position: number; identity: string }) => {
    let inserted = 0;
    for (const e of events) if (store.insertEvent(e)) inserted++;
    store.setWatermark(QUEUE_LOG_WATERMARK, mark);
    return inserted;
  });

  /** The rotated copy of the file we were reading, if it is still next to the new one. */
  function findRotated(id: FileIdentity): string | null {
    const dir = path.dirname(file);
    const base = path.basename(file);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return null;
    }
    for (const n of names) {
      if (!n.startsWith(`${base}.`)) continue;
      const st = statOrNull(path.join(dir, n));
      if (st && st.ino === id.ino && st.dev === id.dev) return path.join(dir, n);
    }
    return null;
  }

  /** Reads and stores one chunk of `from`; returns bytes consumed and events inserted. */
  function ingestFrom(from: string, position: number, id: FileIdentity) {
    const chunk = readAt(from, position, chunkBytes);
    const parsed = parseQueueLogChunk(chunk);
    if (parsed.consumed === 0) return { consumed: 0, inserted: 0, more: false };
    if (parsed.garbage > 0) {
      log.warn(
        { file: from, lines: parsed.garbage, example: parsed.example },
        'queue_log lines that are not queue events were skipped',
      );
    }
    let ident = id;
    if (position === 0 && id.headLen === 0) ident = { ...id, ...(headOf(from) ?? {}) };
    const inserted = apply(parsed.events, {
      position: position + parsed.consumed,
      identity: JSON.stringify(ident),
    });
    return { consumed: parsed.consumed, inserted, more: chunk.length === chunkBytes };
  }

  function step(): { more: boolean; inserted: number } {
    const mark = store.getWatermark(QUEUE_LOG_WATERMARK) ?? { position: 0, identity: '' };
    let position = mark.position;
    let id = parseIdentity(mark.identity);
    const st = statOrNull(file);
    if (!st) return { more: false, inserted: 0 };
    const fresh: FileIdentity = { dev: st.dev, ino: st.ino, headLen: 0, head: '' };
    if (id.ino === 0) {
      id = fresh;
    } else if (id.ino !== st.ino || id.dev !== st.dev) {
      const old = findRotated(id);
      if (old && position > 0) {
        const r = ingestFrom(old, position, id);
        if (r.consumed > 0) return { more: true, inserted: r.inserted };
        // Asterisk was cut off mid-line (a crash, a full disk) before the rotation: the rest never comes.
        const tail = (statOrNull(old)?.size ?? position) - position;
        if (tail > 0)
          log.warn(
            { file: old, offset: position, bytes: tail },
            'the incomplete last line of the rotated queue_log was skipped',
          );
      }
      log.info({ file, rotatedTo: old }, 'queue_log was rotated; reading the new file from the start');
      position = 0;
      id = fresh;
    } else if (position > st.size || (id.headLen > 0 && headOf(file)?.head !== id.head)) {
      log.warn(
        { file, offset: position, size: st.size },
        'queue_log was truncated or rewritten; reading it again from the start',
      );
      position = 0;
      id = fresh;
    }
    if (position === st.size) {
      // Nothing new; still record a reset, so the decision is not taken again.
      if (position !== mark.position || JSON.stringify(id) !== mark.identity)
        store.setWatermark(QUEUE_LOG_WATERMARK, { position, identity: JSON.stringify(id) });
      return { more: false, inserted: 0 };
    }
    const r = ingestFrom(file, position, id);
    if (r.consumed === 0 && (position !== mark.position || JSON.stringify(id) !== mark.identity)) {
      store.setWatermark(QUEUE_LOG_WATERMARK, { position, identity: JSON.stringify(id) });
    }
    return { more: r.more && r.consumed > 0, inserted: r.inserted };
  }

  function stepAndPublish(): { more: boolean; inserted: number } {
    const r = step();
    if (r.inserted > 0) bus.emit('queue_log.ingested', { count: r.inserted, lastId: store.maxEventId() });
    return r;
  }

  return createIngestLoop({
    step: stepAndPublish,
    intervalMs,
    log,
    name: 'queue_log ingest',
    context: { file },
  });
}
