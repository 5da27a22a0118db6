import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ReaderRequest, ReaderWorkerData, WorkerMessage } from './reader-worker.js';

export type ReaderParams = unknown[] | Record<string, unknown>;

/**
 * Heavy reads of hotline.db (reports, exports, CDR lists) off the main thread.
 * Every request settles exactly once: with rows, with the query's error, with
 * `timeout`, or with `connection_lost` if the worker died or the reader closed.
 */
export interface Reader {
  all<T>(sql: string, params?: ReaderParams): Promise<T[]>;
  get<T>(sql: string, params?: ReaderParams): Promise<T | undefined>;
  close(): Promise<void>;
}

export interface ReaderOptions {
  /** Per request, from when a started worker has it (queueing behind other queries included). */
  timeoutMs?: number;
  /** SQLite busy timeout of the worker's connection. */
  busyTimeoutMs?: number;
  /** A worker that has not opened the database by then is replaced. */
  startTimeoutMs?: number;
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
  sql: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
}

interface WorkerState {
  ready: boolean;
  inflight: number;
  startTimer: NodeJS.Timeout;
}

/** How long close() waits for a worker stuck inside SQLite (terminate cannot interrupt native code). */
const CLOSE_WAIT_MS = 5000;

export function createReader(dbPath: string, log: Logger, opts: ReaderOptions = {}): Reader {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const url = opts.workerUrl ?? new URL('./reader-worker.js', import.meta.url);
  const rlog = log.child({ component: 'reader' });
  const pending = new Map<number, Pending>();
  const states = new Map<Worker, WorkerState>();
  let worker: Worker | null = null;
  let closed = false;
  let nextId = 1;

  // An idle worker must not keep the process alive; a busy one must, or an
  // awaited query could be abandoned by a process exiting underneath it.
  function track(w: Worker, delta: number): void {
    const st = states.get(w);
    if (!st) return;
    st.inflight += delta;
    if (st.inflight === 0) w.unref();
    else if (st.inflight === 1 && delta > 0) w.ref();
  }

  function take(id: number): Pending | undefined {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    if (p.timer) clearTimeout(p.timer);
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

  // The clock starts once the worker has its connection: starting a thread is
  // not the query's fault (and is slow under test loaders).
  function arm(id: number, p: Pending): void {
    p.timer = setTimeout(() => {
      if (!take(id)) return;
      p.reject(new AppError('timeout', `reader query took longer than ${timeoutMs} ms`));
      // The worker is still inside that query and everything queued behind it waits too.
      retire(p.worker, 'a query timed out');
      rlog.warn({ sql: p.sql.slice(0, 200), timeoutMs }, 'reader query timed out; worker replaced');
    }, timeoutMs);
    p.timer.unref();
  }

  function spawn(): Worker {
    const data: ReaderWorkerData = { dbPath, busyTimeoutMs: opts.busyTimeoutMs ?? 5000 };
    const w = new Worker(url, { workerData: data });
    const startTimer = setTimeout(() => retire(w, 'the worker did not start'), opts.startTimeoutMs ?? 30_000);
    startTimer.unref();
    states.set(w, { ready: false, inflight: 0, startTimer });
    w.unref();
    let cause = '';
    w.on('message', (m: WorkerMessage) => {
      if ('ready' in m) {
        const st = states.get(w);
        if (st) {
          st.ready = true;
          clearTimeout(st.startTimer);
        }
        for (const [id, p] of pending) if (p.worker === w && !p.timer) arm(id, p);
        return;
      }
      const p = take(m.id);
      if (!p) return; // already timed out
      if (m.ok) p.resolve(m.result);
      else p.reject(new ReaderQueryError(m.error.message, m.error.code));
    });
    w.on('error', (err) => {
      cause = `: ${(err as Partial<Error>)?.message ?? JSON.stringify(err)}`;
      rlog.error({ err }, 'reader worker failed');
    });
    w.on('exit', (code) => {
      const unexpected = worker === w && !closed;
      if (worker === w) worker = null;
      failAll(
        w,
        () =>
          new AppError('connection_lost', `reader worker exited (code ${code})${cause}; query not completed`),
      );
      const st = states.get(w);
      if (st) clearTimeout(st.startTimer);
      states.delete(w);
      // Restart is lazy (the next request spawns a new worker): a worker that
      // cannot even open the database then fails each request, not loops hot.
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
      const p: Pending = { worker: w, sql, resolve: resolve as (v: unknown) => void, reject, timer: null };
      pending.set(id, p);
      track(w, 1);
      if (states.get(w)?.ready) arm(id, p);
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
