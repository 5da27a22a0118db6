import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * The read-only side of hotline.db, in its own thread: reports, exports and
 * CDR lists can take seconds, and better-sqlite3 is synchronous, so running
 * them on the main thread would stall AMI/ARI event handling. Protocol with
 * reader.ts: one ReaderRequest in, exactly one ReaderReply out per id.
 */
export interface ReaderRequest {
  id: number;
  op: 'all' | 'get';
  sql: string;
  params?: unknown[] | Record<string, unknown>;
}

export type ReaderReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; code?: string } };

/** Everything the worker sends: one `ready` once its connection is open, then replies. */
export type WorkerMessage = ReaderReply | { ready: true };

export interface ReaderWorkerData {
  dbPath: string;
  busyTimeoutMs: number;
}

/** Enough for every query the domains build; a bound keeps ad-hoc SQL from growing it forever. */
const CACHE_MAX = 256;

const port = parentPort;
if (!port) throw new Error('reader-worker.js must be started as a worker thread');
const { dbPath, busyTimeoutMs } = workerData as ReaderWorkerData;

// hotline.db is already in WAL mode (openDb sets it and it persists in the
// file), so this connection reads a snapshot without ever blocking the writer.
// readonly also makes any write attempt fail with SQLITE_READONLY.
const db = open();

function open(): Database.Database {
  try {
    return new Database(dbPath, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
  } catch (err) {
    // SqliteError reaches the parent as a bare { code }: send the words along.
    const e = err as { message?: string; code?: string };
    throw new Error(`cannot open ${dbPath}: ${e.message}${e.code ? ` (${e.code})` : ''}`);
  }
}
const cache = new Map<string, Database.Statement>();

function statement(sql: string): Database.Statement {
  let stmt = cache.get(sql);
  if (stmt) {
    // Map keeps insertion order: re-inserting makes this the most recently used.
    cache.delete(sql);
  } else {
    stmt = db.prepare(sql);
    if (!stmt.reader) throw new Error('the reader only runs statements that return rows');
    if (cache.size >= CACHE_MAX) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }
  cache.set(sql, stmt);
  return stmt;
}

function run(req: ReaderRequest): unknown {
  const stmt = statement(req.sql);
  const p = req.params;
  if (req.op === 'get') {
    if (p === undefined) return stmt.get();
    return Array.isArray(p) ? stmt.get(...p) : stmt.get(p);
  }
  if (p === undefined) return stmt.all();
  return Array.isArray(p) ? stmt.all(...p) : stmt.all(p);
}

port.on('message', (req: ReaderRequest) => {
  let reply: ReaderReply;
  try {
    reply = { id: req.id, ok: true, result: run(req) };
  } catch (err) {
    const e = err as { message?: string; code?: unknown };
    reply = {
      id: req.id,
      ok: false,
      error: { message: String(e?.message ?? err), code: typeof e?.code === 'string' ? e.code : undefined },
    };
  }
  try {
    port.postMessage(reply);
  } catch (err) {
    // A value structured clone cannot carry; the caller still gets its one answer.
    port.postMessage({
      id: req.id,
      ok: false,
      error: { message: `cannot return result: ${(err as Error).message}` },
    });
  }
});

port.on('close', () => db.close());
port.postMessage({ ready: true } satisfies WorkerMessage);
