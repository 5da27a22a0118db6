import type { ServerResponse } from 'node:http';
import type { Principal } from '../http/principal.js';
import { openEventStream } from '../live/hub.js';
import { StreamCap, writeOrEvict } from '../live/stream-cap.js';

/** The stream key of supervisors and admins watching every seat at once. */
export const ALL_SEATS = '*';

/** The events a desk stream carries (GET /api/v1/desk/events). */
export type DeskEventName = 'state' | 'ringing' | 'answered' | 'hungup' | 'wrapup' | 'ticket' | 'preview';

/** Who opened a stream: the ticket events they get are those of tickets they may see. */
export type StreamViewer = Pick<Principal, 'userId' | 'username' | 'role'>;

/**
 * Server-sent event streams per seat: each agent's desk (and any
 * supervisor watching it) gets only the events of that seat. No replay:
 * a desk that reconnects gets the agent's state and the call ringing or
 * on now in its first `state` event, which is all a screen needs.
 * Every stream also carries `ticket` events for its viewer (see sendScoped);
 * a stream of no seat carries only those (the tickets page).
 */
export class DeskStreams {
  private readonly bySeat = new Map<string, Set<ServerResponse>>();
  private readonly viewers = new Map<ServerResponse, StreamViewer>();
  private readonly cap = new StreamCap();
  private readonly heartbeat: NodeJS.Timeout;
  private seq = 0;

  constructor(heartbeatMs = 15_000) {
    this.heartbeat = setInterval(() => {
      for (const res of this.viewers.keys()) this.write(res, ': heartbeat\n\n');
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  /** Seats with at least one desk open. */
  seats(): string[] {
    return [...this.bySeat.keys()];
  }

  /** Someone is listening to this seat (its own desk, or a watcher of every seat). */
  has(seat: string): boolean {
    return this.bySeat.has(seat) || this.bySeat.has(ALL_SEATS);
  }

  /**
   * Takes over an HTTP response as the seat's event stream (null: ticket
   * events only), starting with `first`; a stream past its `holder`'s cap
   * closes the holder's oldest.
   */
  attach(
    res: ServerResponse,
    seat: string | null,
    first: { event: DeskEventName; data: unknown }[],
    viewer: StreamViewer,
    holder?: { key: string; cap: number },
  ): void {
    // a screen-pop is one small write: openEventStream turns Nagle off
    openEventStream(res);
    this.viewers.set(res, viewer);
    if (seat !== null) {
      let set = this.bySeat.get(seat);
      if (!set) {
        set = new Set();
        this.bySeat.set(seat, set);
      }
      set.add(res);
    }
    res.on('close', () => this.detach(seat, res));
    this.write(res, `retry: 2000\n\n${first.map((e) => this.text(e.event, e.data)).join('')}`);
    if (holder) this.cap.admit(res, holder);
  }

  send(seat: string, event: DeskEventName, data: unknown): void {
    let text: string | undefined;
    for (const key of [seat, ALL_SEATS]) {
      const set = this.bySeat.get(key);
      if (!set) continue;
      text ??= this.text(event, data);
      for (const res of set) this.write(res, text);
    }
  }

  /** An event for every stream whose viewer `sees` it (each viewer asked once per event). */
  sendScoped(event: DeskEventName, data: unknown, sees: (v: StreamViewer) => boolean): void {
    const text = this.text(event, data);
    const seen = new Map<number, boolean>();
    for (const [res, v] of this.viewers) {
      let ok = seen.get(v.userId);
      if (ok === undefined) {
        ok = sees(v);
        seen.set(v.userId, ok);
      }
      if (ok) this.write(res, text);
    }
  }

  stop(): void {
    clearInterval(this.heartbeat);
    for (const res of this.viewers.keys()) res.end();
    this.bySeat.clear();
    this.viewers.clear();
  }

  private text(event: DeskEventName, data: unknown): string {
    return `id: ${++this.seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  }

  private detach(seat: string | null, res: ServerResponse): void {
    this.viewers.delete(res);
    if (seat === null) return;
    const set = this.bySeat.get(seat);
    if (!set) return;
    set.delete(res);
    if (set.size === 0) this.bySeat.delete(seat);
  }

  /** A desk that stopped reading (a frozen tab) is dropped past 1 MiB; EventSource reconnects. */
  private write(res: ServerResponse, text: string): void {
    writeOrEvict(res, text, 1024 * 1024);
  }
}
