import type { ServerResponse } from 'node:http';
import { maskLive } from './mask.js';
import { StreamCap, writeOrEvict } from './stream-cap.js';
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
  /**
   * ...and at most this many bytes of them (the encoded text, both copies):
   * at hundreds of events a second 2000 deltas would be tens of MiB. Default 2 MiB.
   */
  bufferBytes?: number;
  /**
   * A client this far behind (bytes queued) is dropped with `evicted`; it
   * reconnects and resumes. Default 1 MiB: seconds of deltas even at
   * hundreds of events a second, and 300 agents' streams at most 300 MiB.
   */
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

/** A delta as sent: serialised and encoded once, whatever the number of clients. */
interface Buffered {
  seq: number;
  delta: LiveDelta;
  bytes: Buffer;
  /** The same event with callers' numbers masked: made when a restricted client first needs it. */
  masked?: Buffer;
}

const sizeOf = (b: Buffered) => b.bytes.length + (b.masked?.length ?? 0);

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
  private readonly bufferBytes: number;
  private buffered = 0;
  private readonly maxQueuedBytes: number;

  constructor(
    private readonly source: LiveSource,
    opts: HubOptions = {},
    /** Whether restricted clients see whole numbers after all (the site's live setting). */
    private readonly showNumbers: () => boolean = () => false,
  ) {
    this.flushMs = opts.flushMs ?? 50;
    this.bufferSize = opts.bufferSize ?? 2000;
    this.bufferBytes = opts.bufferBytes ?? 2 * 1024 * 1024;
    this.maxQueuedBytes = opts.maxQueuedBytes ?? 1024 * 1024;
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
    const b: Buffered = { seq: this.seq, delta, bytes: this.deltaEvent(this.seq, delta) };
    this.buffer.push(b);
    const masked = !this.showNumbers();
    for (const [res, c] of this.clients)
      this.write(res, c.restricted && masked ? this.maskedBytes(b) : b.bytes);
    this.buffered += sizeOf(b);
    let drop = 0;
    while (
      this.buffer.length - drop > 1 &&
      (this.buffer.length - drop > this.bufferSize || this.buffered > this.bufferBytes)
    )
      this.buffered -= sizeOf(this.buffer[drop++]!);
    if (drop) this.buffer.splice(0, drop);
  }

  private deltaEvent(seq: number, d: LiveDelta): Buffer {
    return Buffer.from(`id: ${this.id(seq)}\nevent: delta\ndata: ${JSON.stringify(d)}\n\n`);
  }

  private maskedBytes(b: Buffered): Buffer {
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
    const out: Buffer[] = [Buffer.from('retry: 2000\n\n')];
    const missed = this.missedSince(lastEventId);
    if (missed) {
      for (const b of missed) out.push(masked ? this.maskedBytes(b) : b.bytes);
    } else {
      const snap = this.source.snapshot(Date.now());
      const data = JSON.stringify(masked ? maskLive(snap) : snap);
      out.push(Buffer.from(`id: ${this.id(this.seq)}\nevent: snapshot\ndata: ${data}\n\n`));
    }
    this.clients.set(res, client);
    res.on('close', () => this.clients.delete(res));
    // what the client missed is sent whole, however long: the cap applies from the next delta on
    res.write(Buffer.concat(out));
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
    const bytes = Buffer.from(`: heartbeat ${new Date().toISOString()}\n\n`);
    for (const res of this.clients.keys()) this.write(res, bytes);
  }

  /** A client that cannot keep up is dropped (`evicted`, too_slow); it comes back with Last-Event-ID. */
  private write(res: ServerResponse, bytes: Buffer): void {
    if (!writeOrEvict(res, bytes, this.maxQueuedBytes)) this.clients.delete(res);
  }

  private id(seq: number): string {
    return `${this.boot}-${seq}`;
  }
}
