import { createRecentHistogram } from '../kit/recent-histogram.js';

const RESOLUTION_MS = 10;

/**
 * hotlined's event-loop delay over a recent span: a timer due every
 * RESOLUTION_MS records how late it fires. Not Node's monitorEventLoopDelay:
 * its histogram cannot be merged into another (Node 20 refuses), so it gives
 * one figure since it started, not one for the last minute.
 */
export function createLoopLag() {
  const lag = createRecentHistogram();
  let due = performance.now() + RESOLUTION_MS;
  const sample = setInterval(() => {
    const now = performance.now();
    lag.record(Math.max(0, now - due));
    due = now + RESOLUTION_MS;
  }, RESOLUTION_MS);
  sample.unref();
  return {
    over: lag.over,
    stop() {
      clearInterval(sample);
      lag.stop();
    },
  };
}
