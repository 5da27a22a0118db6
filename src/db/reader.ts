import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ReaderReply, ReaderRequest, ReaderWorkerData } from './reader-worker.js';

export type ReaderParams = unknown[] | Record<string, unknown>;

/**
 * Heavy reads of hotline.db (reports, exports, CDR lists) off the main thread.
 * Every request settles exactly once: with rows, with the query's error, with
 * `timeout`, or with `connection_lost` if the worker died or was closed.
 */
export interface Reader {
  all<T>(sql: string, params?: ReaderParams): Promise<T[]>;
  get<T>(sql: string, params?: ReaderParams): Promise<T | undefined>;
  close(): Promise<void>;
}

export interface ReaderOptions {
  /** Per request, counted from submission (queueing behind another query included). */
  timeoutMs?: number;
  /** SQLite busy timeout of the worker's connection. */
  busyTimeoutMs?: number;
  /** The worker script; tests substitute a wrapper. */
  workerUrl?: URL;
}

/** A query the database refused (bad SQL, wrong parameters): a bug in the caller, not an outage. */
export class ReaderQueryError extends Error {
  readonly code?: string;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'ReaderQueryError';
    this.code = code;
  }
}

interface Pending {
  worker: Worker;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** How long close() waits for a worker stuck inside SQLite (terminate cannot interrupt native code). */
const CLOSE_WAIT_MS = 5000;

export function createReader(dbPath: string, log: Logger, opts: ReaderOptions = {}): Reader {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const url = opts.workerUrl ?? new URL('./reader-worker.js', import.meta.url);
  const rlog = log.child({ component: 'reader' });
  const pending = new Map<number, Pending>();
  const inflight = new Map<Worker, number>();
  let worker: Worker | null = null;
  let closed = false;
  let nextId = 1;

  // An idle worker must not keep the process alive; a busy one must, or an
  // awaited query could be abandoned by a process exiting underneath it.
  function track(w: Worker, delta: number): void {
    const n = (inflight.get(w) ?? 0) + delta;
    if (n <= 0) {
      inflight.delete(w);
      w.unref();
    } else {
      inflight.set(w, n);
      if (n === 1 && delta > 0) w.ref();
    }
  }

  function take(id: number): Pending | undefined {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    clearTimeout(p.timer);
    track(p.worker, -1);
    return p;
  }

  function failAll(w: Worker, err: () => Error): void {
    for (const [id, p] of pending) if (p.worker === w) take(id)?.reject(err());
  }

  /** Drops a worker: its requests fail, later ones go to a fresh worker. */
  function retire(w: Worker, reason: string): void {
    if (worker === w) worker = null;
    failAll(w, () => new AppError('connection_lost', `reader restarted (${reason}); query not completed`));
    w.terminate().catch(() => {});
  }

  function spawn(): Worker {
    const data: ReaderWorkerData = { dbPath, busyTimeoutMs: opts.busyTimeoutMs ?? 5000 };
    const w = new Worker(url, { workerData: data });
    w.unref();
    let cause = '';
    w.on('message', (m: ReaderReply) => {
      const p = take(m.id);
      if (!p) return; // already timed out
      if (m.ok) p.resolve(m.result);
      else p.reject(new ReaderQueryError(m.error.message, m.error.code));
    });
    w.on('error', (err) => {
      cause = `: ${err.message}`;
      rlog.error({ err }, 'reader worker failed');
    });
    w.on('exit', (code) => {
      const unexpected = worker === w && !closed;
      if (worker === w) worker = null;
      failAll(w, () => new AppError('connection_lost', `reader worker exited (code ${code})${cause}; query not completed`));
      // Restart is lazy (next request spawns a new worker): a worker that cannot
      // even open the database then fails each request instead of looping hot.
      if (unexpected) rlog.warn({ code }, 'reader worker exited; the next query starts a new one');
    });
    return w;
  }

  function request<T>(op: ReaderRequest['op'], sql: string, params?: ReaderParams): Promise<T> {
    if (closed) return Promise.reject(new AppError('connection_lost', 'reader is closed'));
    if (!worker) worker = spawn();
    const w = worker;
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const p = take(id);
        if (!p) return;
        p.reject(new AppError('timeout', `reader query took longer than ${timeoutMs} ms`));
        // The worker is still inside that query and everything queued behind it waits too.
        retire(w, 'a query timed out');
        rlog.warn({ sql: sql.slice(0, 200), timeoutMs }, 'reader query timed out; worker replaced');
      }, timeoutMs);
      timer.unref();
      pending.set(id, { worker: w, resolve: resolve as (v: unknown) => void, reject, timer });
      track(w, 1);
      try {
        w.postMessage({ id, op, sql, params } satisfies ReaderRequest);
      } catch (err) {
        take(id)?.reject(new ReaderQueryError(`cannot send query parameters: ${(err as Error).message}`));
      }
    });
  }

  return {
    all: <T>(sql: string, params?: ReaderParams) => request<T[]>('all', sql, params),
    get: <T>(sql: string, params?: ReaderParams) => request<T | undefined>('get', sql, params),
    async close() {
      if (closed) return;
      closed = true;
      const w = worker;
      worker = null;
      if (!w) return;
      failAll(w, () => new AppError('connection_lost', 'reader closed; query not completed'));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        w.terminate().catch(() => 0),
        new Promise((r) => {
          timer = setTimeout(r, CLOSE_WAIT_MS);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
