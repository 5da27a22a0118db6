import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** Each window holds this long of samples. */
const WINDOW_MS = 5000;
/** Windows kept: the longest span a reader can ask about (10 min). */
const WINDOWS = 120;

export interface RecentFigures {
  count: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /** The span covered: `seconds` asked, rounded up to whole windows. */
  seconds: number;
}

/**
 * Durations of the last few minutes (event-loop delay, IVR step latency), for
 * figures taken during a run: samples go into 5 s windows, merged on demand.
 */
export function createRecentHistogram() {
  let live = createHistogram();
  const past: RecordableHistogram[] = [];
  const roll = setInterval(() => {
    past.push(live);
    live = createHistogram();
    if (past.length > WINDOWS) past.shift();
  }, WINDOW_MS);
  roll.unref();
  const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;
  return {
    /** One duration in milliseconds (fractions kept to the microsecond). */
    record(durationMs: number): void {
      live.record(Math.max(1, Math.round(durationMs * 1e6)));
    },
    over(seconds: number): RecentFigures {
      const n = Math.min(past.length, Math.max(0, Math.ceil((seconds * 1000) / WINDOW_MS) - 1));
      const merged = createHistogram();
      merged.add(live);
      for (const h of past.slice(past.length - n)) merged.add(h);
      const count = merged.count;
      return {
        count,
        p50: count ? ms(merged.percentile(50)) : 0,
        p99: count ? ms(merged.percentile(99)) : 0,
        max: count ? ms(merged.max) : 0,
        seconds: (n + 1) * (WINDOW_MS / 1000),
      };
    },
    stop(): void {
      clearInterval(roll);
    },
  };
}

export type RecentHistogram = ReturnType<typeof createRecentHistogram>;
