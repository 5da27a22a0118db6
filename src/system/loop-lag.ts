import { createHistogram } from 'node:perf_hooks';
import { createRecentHistogram } from '../kit/recent-histogram.js';

const RESOLUTION_MS = 10;

/**
 * hotlined's event-loop delay over a recent span: a timer due every
 * RESOLUTION_MS records how late it fires. Not Node's monitorEventLoopDelay:
 * its histogram cannot be merged into another (Node 20 refuses), so it gives
 * one figure since it started, not one for the last minute.
 */
export type LoopLag = ReturnType<typeof createLoopLag>;

export function createLoopLag() {
  const lag = createRecentHistogram();
  // every sample of the run as well: a long run's (bench/soak) p99 needs them all
  const total = createHistogram();
  let due = performance.now() + RESOLUTION_MS;
  const sample = setInterval(() => {
    const now = performance.now();
    lag.record(Math.max(0, now - due));
    total.record(Math.max(1, Math.round((now - due) * 1e6)));
    due = now + RESOLUTION_MS;
  }, RESOLUTION_MS);
  sample.unref();
  return {
    over: lag.over,
    /** Milliseconds, over every sample since start. */
    sinceStart() {
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      return { p99Ms: total.count ? ms(total.percentile(99)) : 0, maxMs: total.count ? ms(total.max) : 0 };
    },
    stop() {
      clearInterval(sample);
      lag.stop();
    },
  };
}
