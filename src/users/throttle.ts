/**
 * Login throttle: a sliding window of recent attempts per key (`ip:<addr>`).
 * An attempt is counted when it starts, not when it fails, so a burst of
 * parallel guesses cannot slip past while the hashes are computing; a
 * successful login hands its count back. In memory: a restart forgets it,
 * which costs an attacker a reboot of the box per window.
 */
export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
  /** Upper bound on remembered keys, so guessing random usernames cannot grow memory. */
  maxKeys?: number;
  now?: () => number;
}

export class LoginThrottle {
  protected readonly hits = new Map<string, number[]>();
  protected readonly max: number;
  protected readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(opts: ThrottleOptions) {
    this.max = opts.maxFailures;
    this.windowMs = opts.windowMs;
    this.maxKeys = opts.maxKeys ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Milliseconds until an attempt for `key` is allowed (0 = now); counts nothing. */
  wait(key: string): number {
    return this.waitFor(key, this.now());
  }

  /** Counts an attempt against `key`. */
  hit(key: string): void {
    this.add(key, this.now());
  }

  /** Attempts counted against `key` within the window. */
  recent(key: string): number {
    const list = this.hits.get(key);
    return list ? this.live(list, this.now()).length : 0;
  }

  /** The attempt succeeded: forget the key's failures entirely. */
  reset(key: string): void {
    this.hits.delete(key);
  }

  /** The attempt succeeded: take back the one hit it cost, keep earlier failures. */
  forgive(key: string): void {
    const list = this.hits.get(key);
    if (!list) return;
    list.pop();
    if (list.length === 0) this.hits.delete(key);
  }

  /** Drops keys whose hits have all left the window. */
  prune(): void {
    const now = this.now();
    for (const [key, list] of this.hits) {
      if (this.live(list, now).length === 0) this.hits.delete(key);
    }
  }

  get size(): number {
    return this.hits.size;
  }

  protected live(list: number[], now: number): number[] {
    const from = now - this.windowMs;
    while (list.length > 0 && (list[0] ?? 0) <= from) list.shift();
    return list;
  }

  protected waitFor(key: string, now: number): number {
    const list = this.hits.get(key);
    if (!list) return 0;
    const live = this.live(list, now);
    if (live.length < this.max) return 0;
    // Allowed again once enough of the oldest hits have left the window.
    const gate = live[live.length - this.max] ?? now;
    return Math.max(1, gate + this.windowMs - now);
  }

  private add(key: string, now: number): void {
    let list = this.hits.get(key);
    if (!list) {
      if (this.hits.size >= this.maxKeys) this.evict();
      list = [];
      this.hits.set(key, list);
    }
    list.push(now);
  }

  private evict(): void {
    this.prune();
    if (this.hits.size < this.maxKeys) return;
    // Still full: drop the oldest-created key (Map keeps insertion order).
    const first = this.hits.keys().next();
    if (!first.done) this.hits.delete(first.value);
  }
}

/**
 * Per-username slowdown: the first `maxFailures` attempts in the window are
 * free, then each further one must wait twice as long after the previous
 * (1 s, 2 s, 4 s, ... up to `maxDelayMs`). It never locks a name: the service
 * applies it only to addresses that already failed recently, so the real
 * owner at a clean address is never kept out by someone else's guessing.
 */
export class LoginSlowdown extends LoginThrottle {
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(opts: ThrottleOptions & { baseDelayMs?: number; maxDelayMs?: number }) {
    super(opts);
    this.baseDelayMs = opts.baseDelayMs ?? 1000;
    this.maxDelayMs = opts.maxDelayMs ?? 60_000;
  }

  protected override waitFor(key: string, now: number): number {
    const list = this.hits.get(key);
    if (!list) return 0;
    const live = this.live(list, now);
    const over = live.length - this.max;
    const last = live[live.length - 1];
    if (over < 0 || last === undefined) return 0;
    const delay = Math.min(this.baseDelayMs * 2 ** Math.min(over, 30), this.maxDelayMs);
    return Math.max(0, last + delay - now);
  }
}
