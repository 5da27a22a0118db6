import type { Logger } from '../log.js';
import { DEFAULT_SERVICE_LEVEL_SEC, SHORT_ABANDON_SEC } from '../metrics/queue-figures.js';
import { BUCKET_SEC, type ReportsStore, type RollupThresholds } from './store.js';

/**
 * Bump when what a rollup counts changes (a definition in docs/metrics.md,
 * a counter added): at start a box whose rollups were built by another
 * version rebuilds them from calls.
 */
export const ROLLUP_VERSION = 3;
const VERSION_SOURCE = 'reports-rollups';
/** Buckets recomputed per transaction of a full rebuild: a day, so the event loop breathes between days. */
const REBUILD_CHUNK_SEC = 86_400;

export interface RebuildResult {
  buckets: number;
  ms: number;
}

export interface Rollups {
  /** Keeps the rollups in step with rebuilt calls: the buckets of these entered times are recomputed. */
  changed(enteredAt: readonly number[]): void;
  /** Recomputes every bucket from calls, a day per turn of the event loop; one rebuild at a time. */
  rebuild(): Promise<RebuildResult>;
  /** Rebuilds when the rollups were built by another ROLLUP_VERSION (or never). */
  rebuildIfStale(): Promise<RebuildResult | null>;
  stop(): void;
}

/**
 * The rollups are a pure function of the calls table: a bucket is always
 * recomputed whole from the calls that entered in it, so upkeep is
 * idempotent (a call rebuilt with a new outcome moves between counters; one
 * rebuilt twice counts once) and a full rebuild gives the same rows.
 */
export function createRollups(deps: {
  store: ReportsStore;
  log: Logger;
  /** Configured queues' service-level seconds (the queues domain). */
  serviceLevels: () => Map<number, number>;
}): Rollups {
  const { store } = deps;
  const log = deps.log.child({ component: 'report-rollups' });
  const thresholds = (): RollupThresholds => ({
    serviceLevelSec: deps.serviceLevels(),
    defaultServiceLevelSec: DEFAULT_SERVICE_LEVEL_SEC,
    shortAbandonSec: SHORT_ABANDON_SEC,
  });
  const floor = (t: number) => Math.floor(t / BUCKET_SEC) * BUCKET_SEC;

  const recomputeBuckets = store.transaction((buckets: number[], th: RollupThresholds) => {
    // neighbouring buckets as one range: a burst of calls is one statement, not many
    let i = 0;
    while (i < buckets.length) {
      let j = i;
      while (j + 1 < buckets.length && buckets[j + 1] === buckets[j]! + BUCKET_SEC) j++;
      store.recompute(buckets[i]!, buckets[j]! + BUCKET_SEC, th);
      i = j + 1;
    }
  });
  const chunk = store.transaction((from: number, to: number, th: RollupThresholds) =>
    store.recompute(from, to, th),
  );

  let running: Promise<RebuildResult> | null = null;
  let stopped = false;

  async function fullRebuild(): Promise<RebuildResult> {
    const t0 = performance.now();
    const th = thresholds();
    const { lo, hi } = store.bounds();
    if (lo === null || hi === null) {
      store.dropOutside(0, 0);
      store.setVersion(VERSION_SOURCE, ROLLUP_VERSION);
      return { buckets: 0, ms: Math.round(performance.now() - t0) };
    }
    const first = floor(lo);
    const end = floor(hi) + BUCKET_SEC;
    for (let from = first; from < end; from += REBUILD_CHUNK_SEC) {
      if (stopped) throw new Error('reports stopped during a rollup rebuild');
      chunk(from, Math.min(from + REBUILD_CHUNK_SEC, end), th);
      await new Promise((r) => setImmediate(r));
    }
    store.dropOutside(first, end);
    store.setVersion(VERSION_SOURCE, ROLLUP_VERSION);
    const result = { buckets: (end - first) / BUCKET_SEC, ms: Math.round(performance.now() - t0) };
    log.info(result, 'report rollups rebuilt from calls');
    return result;
  }

  const rebuild = (): Promise<RebuildResult> => {
    running ??= fullRebuild().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    changed(enteredAt) {
      if (enteredAt.length === 0) return;
      const buckets = [...new Set(enteredAt.map(floor))].sort((a, b) => a - b);
      recomputeBuckets(buckets, thresholds());
    },
    rebuild,
    rebuildIfStale: async () => (store.version(VERSION_SOURCE) === ROLLUP_VERSION ? null : rebuild()),
    stop() {
      stopped = true;
    },
  };
}
