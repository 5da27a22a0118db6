import type { ServerResponse } from 'node:http';
import type { Principal } from '../http/principal.js';

/**
 * Concurrent event streams of one person: the console in a few tabs, a
 * script on an API token. Each stream may hold up to its client's backlog
 * (1 MiB on /live and on the desk) before it is dropped, so without a cap
 * one credential could pin memory without bound; 8 × 1 MiB = 8 MiB.
 */
export const STREAMS_PER_USER = 8;

/**
 * Wallboard streams of one owner's wallboard tokens: a hall's screens
 * usually run on one supervisor's tokens, so more than a person's tabs; 32
 * screens is a large hall, and 32 × 1 MiB = 32 MiB at worst.
 */
export const STREAMS_PER_WALLBOARD_OWNER = 32;

/** Who a stream counts against: a user's sessions and API tokens together, their wallboard tokens apart. */
export function streamHolder(p: Principal): { key: string; cap: number } {
  return p.via === 'wallboard'
    ? { key: `wallboard:${p.userId}`, cap: STREAMS_PER_WALLBOARD_OWNER }
    : { key: `user:${p.userId}`, cap: STREAMS_PER_USER };
}

/**
 * The last event an evicted stream gets: the console can stop reconnecting
 * (EventSource would reconnect after `retry` and evict the next oldest).
 */
const EVICTED = `event: evicted\ndata: ${JSON.stringify({ reason: 'too_many_streams' })}\n\n`;

/**
 * The last event a stream that stopped reading gets (a frozen tab, a link
 * slower than the events): unlike too_many_streams, the client should come
 * back, and does with Last-Event-ID, resuming from the hub's buffer.
 */
const TOO_SLOW = `event: evicted\ndata: ${JSON.stringify({ reason: 'too_slow' })}\n\n`;
/** A reader that takes nothing would never take the goodbye either: it is cut after this. */
const SLOW_GRACE_MS = 5000;

/**
 * Writes an event to a stream unless it already holds `maxQueued` bytes its
 * reader has not taken: buffering on for a client that cannot keep up would
 * hold memory without bound, so it is ended with `evicted` (too_slow).
 * False when the stream is gone or was just dropped.
 */
export function writeOrEvict(res: ServerResponse, chunk: string | Buffer, maxQueued: number): boolean {
  if (res.writableEnded || res.destroyed) return false;
  if (res.writableLength > maxQueued) {
    res.end(TOO_SLOW);
    setTimeout(() => res.destroy(), SLOW_GRACE_MS).unref();
    return false;
  }
  res.write(chunk);
  return true;
}

/**
 * Counts open streams per holder; a stream past the holder's cap closes the
 * holder's oldest one (the newest is the one someone is looking at).
 */
export class StreamCap {
  private readonly open = new Map<string, ServerResponse[]>();

  admit(res: ServerResponse, holder: { key: string; cap: number }): void {
    let list = this.open.get(holder.key);
    if (!list) {
      list = [];
      this.open.set(holder.key, list);
    }
    list.push(res);
    res.on('close', () => this.forget(holder.key, res));
    while (list.length > holder.cap) {
      const oldest = list.shift()!;
      if (!oldest.writableEnded && !oldest.destroyed) oldest.end(EVICTED);
    }
  }

  /** Open streams of a holder (tests, metrics). */
  count(key: string): number {
    return this.open.get(key)?.length ?? 0;
  }

  private forget(key: string, res: ServerResponse): void {
    const list = this.open.get(key);
    if (!list) return;
    const i = list.indexOf(res);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.open.delete(key);
  }
}
