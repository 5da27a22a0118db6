import type { ServerResponse } from 'node:http';
import { maskLive } from './mask.js';
import { StreamCap } from './stream-cap.js';
import type { LiveDelta, LiveSnapshot } from './types.js';

export interface LiveSource {
  snapshot(now: number): LiveSnapshot;
  /** What changed since the previous call (consumed), or null. */
  delta(now: number): LiveDelta | null;
}

export interface HubOptions {
  /** Changes are coalesced and sent at most this often. Default 50 ms. */
  flushMs?: number;
  /** A comment line this often keeps proxies and the browser from timing the stream out. Default 15 s. */
  heartbeatMs?: number;
  /** Deltas kept for clients that reconnect with Last-Event-ID. Default 2000. */
  bufferSize?: number;
  /** A client this far behind (bytes queued) is dropped; it reconnects and resumes. Default 4 MiB. */
  maxQueuedBytes?: number;
}

/** Answers a request as an event stream: headers sent, small writes not held back by Nagle. */
export function openEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    // nginx and similar proxies would otherwise buffer the stream
    'X-Accel-Buffering': 'no',
  });
  res.socket?.setNoDelay(true);
}

interface Buffered {
  seq: number;
  delta: LiveDelta;
  text: string;
  /** The same event with callers' numbers masked: made when a restricted client first needs it. */
  masked?: string;
}

/** A connected client; `restricted` ones (agents, wallboards) get masked numbers unless the site shows them. */
interface Client {
  restricted: boolean;
}

/**
 * Server-Sent Events fan-out (WHATWG HTML §9.2): one snapshot per
 * connection, then the same serialised deltas to every client. Event ids are
 * `<boot>-<seq>`: a client reconnecting with Last-Event-ID from this process
 * gets the deltas it missed while they are still buffered; an id from an
 * earlier process (hotlined restarted) or too old gets a fresh snapshot.
 */
export class LiveHub {
  private readonly boot = Date.now().toString(36);
  private seq = 0;
  private readonly buffer: Buffered[] = [];
  private readonly clients = new Map<ServerResponse, Client>();
  private readonly cap = new StreamCap();
  private flushTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastFlush = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly flushMs: number;
  private readonly bufferSize: number;
  private readonly maxQueuedBytes: number;

  constructor(
    private readonly source: LiveSource,
    opts: HubOptions = {},
    /** Whether restricted clients see whole numbers after all (the site's live setting). */
    private readonly showNumbers: () => boolean = () => false,
  ) {
    this.flushMs = opts.flushMs ?? 50;
    this.bufferSize = opts.bufferSize ?? 2000;
    this.maxQueuedBytes = opts.maxQueuedBytes ?? 4 * 1024 * 1024;
    this.heartbeat = setInterval(() => this.beat(), opts.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get lastEventId(): string {
    return this.id(this.seq);
  }

  /**
   * Something changed: after a quiet spell it goes out on the next tick; in
   * a burst, changes are coalesced into one delta at most every flushMs.
   */
  notify(): void {
    // events still arrive while the box shuts down (Asterisk's adapters stop after the modules)
    if (this.flushTimer || this.stopped) return;
    const wait = Math.max(0, this.lastFlush + this.flushMs - Date.now());
    this.flushTimer = setTimeout(() => this.flush(), Math.min(wait, this.flushMs));
  }

  /** Sends pending changes now (also used by tests and on stop). */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const now = Date.now();
    this.lastFlush = now;
    const delta = this.source.delta(now);
    if (!delta) return;
    this.seq++;
    const b: Buffered = { seq: this.seq, delta, text: this.deltaEvent(this.seq, delta) };
    this.buffer.push(b);
    if (this.buffer.length > this.bufferSize) this.buffer.splice(0, this.buffer.length - this.bufferSize);
    const masked = !this.showNumbers();
    for (const [res, c] of this.clients)
      this.write(res, c.restricted && masked ? this.maskedText(b) : b.text);
  }

  private deltaEvent(seq: number, d: LiveDelta): string {
    return `id: ${this.id(seq)}\nevent: delta\ndata: ${JSON.stringify(d)}\n\n`;
  }

  private maskedText(b: Buffered): string {
    b.masked ??= this.deltaEvent(b.seq, maskLive(b.delta));
    return b.masked;
  }

  /**
   * Takes over an HTTP response as an event stream; a `restricted` client
   * gets callers' numbers masked. A stream past its `holder`'s cap closes
   * the holder's oldest.
   */
  attach(
    res: ServerResponse,
    lastEventId: string | undefined,
    opts: { restricted?: boolean; holder?: { key: string; cap: number } } = {},
  ): void {
    openEventStream(res);
    const client: Client = { restricted: opts.restricted ?? false };
    const masked = client.restricted && !this.showNumbers();
    let out = 'retry: 2000\n\n';
    const missed = this.missedSince(lastEventId);
    if (missed) {
      for (const b of missed) out += masked ? this.maskedText(b) : b.text;
    } else {
      const snap = this.source.snapshot(Date.now());
      const data = JSON.stringify(masked ? maskLive(snap) : snap);
      out += `id: ${this.id(this.seq)}\nevent: snapshot\ndata: ${data}\n\n`;
    }
    this.clients.set(res, client);
    res.on('close', () => this.clients.delete(res));
    this.write(res, out);
    if (opts.holder) this.cap.admit(res, opts.holder);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.flushTimer);
    for (const res of this.clients.keys()) res.end();
    this.clients.clear();
  }

  /** Buffered deltas after `lastEventId`, or null when the client needs a snapshot. */
  private missedSince(lastEventId: string | undefined): Buffered[] | null {
    const m = /^([0-9a-z]+)-([0-9]+)$/.exec(lastEventId?.trim() ?? '');
    if (!m || m[1] !== this.boot) return null;
    const n = Number(m[2]);
    if (n > this.seq) return null;
    if (n === this.seq) return [];
    const first = this.buffer[0];
    if (!first || first.seq > n + 1) return null;
    return this.buffer.slice(n + 1 - first.seq);
  }

  private beat(): void {
    const text = `: heartbeat ${new Date().toISOString()}\n\n`;
    for (const res of this.clients.keys()) this.write(res, text);
  }

  private write(res: ServerResponse, text: string): void {
    if (res.writableEnded || res.destroyed) {
      this.clients.delete(res);
      return;
    }
    if (res.writableLength > this.maxQueuedBytes) {
      // a client that cannot keep up would hold memory without bound; it comes back with Last-Event-ID
      this.clients.delete(res);
      res.destroy();
      return;
    }
    res.write(text);
  }

  private id(seq: number): string {
    return `${this.boot}-${seq}`;
  }
}
