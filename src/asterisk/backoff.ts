import type { ConnectionState } from '../bus.js';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/**
 * Reconnect delay for AMI and ARI: capped exponential backoff with "equal
 * jitter" (between half the ceiling and the ceiling), so it is never instant
 * and never beyond maxMs, and a fleet of clients does not retry in lockstep.
 */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * What the AMI and ARI adapters share: a connection kept up (reconnecting
 * with the backoff above) from start() until stop(), its state, its events.
 */
export interface Connection<E> {
  /** Begin connecting; retries until stop(). Idempotent. */
  start(): void;
  /** Close for good: pending requests reject, no reconnect. */
  stop(): Promise<void>;
  readonly state: ConnectionState;
  onState(fn: (s: ConnectionState) => void): () => void;
  /** A throwing listener is logged, not fatal. */
  onEvent(fn: (e: E) => void): () => void;
}
