import type { Logger } from '../log.js';

/** One batch of an ingest: rows inserted, and whether more may be waiting. */
export type IngestStep = () => { more: boolean; inserted: number };

export interface IngestLoop {
  /** Polls every intervalMs; after downtime, catches up batch by batch, yielding in between. */
  start(): void;
  stop(): void;
  /** Ingests at most one batch now; returns rows inserted. Throws on a database error. */
  runOnce(): number;
  /** Batches until the source is exhausted, yielding between them; returns rows inserted. */
  catchUp(): Promise<number>;
}

/**
 * Runs an ingest's step on a poll: again right away while more is waiting,
 * every `intervalMs` once caught up. A failing step is retried on the next
 * poll; the same failure every second (unreadable file, hot journal) is
 * logged once, and so is the recovery.
 */
export function createIngestLoop(opts: {
  step: IngestStep;
  intervalMs: number;
  log: Logger;
  /** The ingest's name in log lines ('CDR ingest'). */
  name: string;
  /** Fields every log line carries (the source's path). */
  context: Record<string, unknown>;
  /** Failures that are normal now and then (the source busy): logged at debug only. */
  transient?: (err: unknown) => boolean;
}): IngestLoop {
  const { step, intervalMs, log, name, context } = opts;
  let running = false;
  let timer: { kind: 'timeout'; t: NodeJS.Timeout } | { kind: 'immediate'; t: NodeJS.Immediate } | null =
    null;
  let lastError = '';

  function schedule(more: boolean): void {
    if (more) {
      // More is waiting: continue right after pending I/O (AMI/ARI) has run.
      const t = setImmediate(tick);
      t.unref();
      timer = { kind: 'immediate', t };
    } else {
      const t = setTimeout(tick, intervalMs);
      t.unref();
      timer = { kind: 'timeout', t };
    }
  }

  function tick(): void {
    timer = null;
    let more = false;
    try {
      more = step().more;
      if (lastError) log.info(context, `${name} recovered`);
      lastError = '';
    } catch (err) {
      if (opts.transient?.(err)) {
        log.debug({ ...context, err }, `${name}: source busy; retrying`);
      } else {
        const msg = String((err as Error)?.message ?? err);
        if (msg !== lastError) log.error({ ...context, err }, `${name} failed; retrying`);
        lastError = msg;
      }
    }
    if (running) schedule(more);
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(true);
    },
    stop() {
      running = false;
      if (timer?.kind === 'timeout') clearTimeout(timer.t);
      else if (timer?.kind === 'immediate') clearImmediate(timer.t);
      timer = null;
    },
    runOnce: () => step().inserted,
    async catchUp() {
      let total = 0;
      for (;;) {
        const r = step();
        total += r.inserted;
        if (!r.more) return total;
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}
