/**
 * Failures per source address in a sliding window: each source keeps the
 * times of its recent failures, older ones drop out as new ones come. Pure
 * (the caller passes the clock); memory is bounded by `maxSources`, the
 * quietest sources going first when a spoofed flood brings many.
 */
export class FailureWindow {
  private readonly times = new Map<string, number[]>();

  constructor(
    private windowMs: number,
    private readonly maxSources = 10_000,
  ) {}

  setWindow(ms: number): void {
    this.windowMs = ms;
  }

  /** Counts one failure of `source` at `now`; the failures within the window, this one included. */
  add(source: string, now: number): number {
    const since = now - this.windowMs;
    const kept = (this.times.get(source) ?? []).filter((t) => t > since);
    kept.push(now);
    this.times.delete(source); // re-inserted last: Map order is the eviction order
    this.times.set(source, kept);
    if (this.times.size > this.maxSources) this.times.delete(this.times.keys().next().value as string);
    return kept.length;
  }

  forget(source: string): void {
    this.times.delete(source);
  }
}
