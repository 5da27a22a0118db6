import type { ConnectionState } from '../bus.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { type AriChannel, type AriEvent, parseAriFrame } from './ari-events.js';

export { eventTime } from './ari-events.js';

import { AriHttp, type AriResponse, statusError } from './ari-http.js';
import { type AriInfo, AriOperations, type ContinueTarget } from './ari-operations.js';
import { frameText, WebSocketClient, WS_OPEN, type WsClient } from './ari-ws.js';
import { type BackoffOptions, backoffDelay, type Connection } from './backoff.js';

export type {
  AriChannel,
  AriEvent,
  AriEventOf,
  AriEventType,
  AriPlayback,
  ChannelDestroyedEvent,
  ChannelDtmfReceivedEvent,
  ChannelHangupRequestEvent,
  ChannelStateChangeEvent,
  PlaybackFinishedEvent,
  PlaybackStartedEvent,
  StasisEndEvent,
  StasisStartEvent,
} from './ari-events.js';
export type { AriInfo, ContinueTarget } from './ari-operations.js';

/**
 * ARI adapter: REST calls with our own timeouts (ari-operations.ts over
 * ari-http.ts), one events websocket for the Stasis app (ari-ws.ts), and a
 * supervisor that keeps it connected. Why not a client library:
 * docs/decisions/0001-own-ami-and-ari-adapters.md.
 *
 * Asterisk does not replay events missed while we were away and sends no new
 * StasisStart for channels already in the app (ari4java#85): on every
 * 'connected', callers reconcile with parkedChannelIds().
 */

export interface AriOptions {
  /** http://127.0.0.1:8088 */
  url: string;
  username: string;
  password: string;
  /** Stasis application name, 'hotline'. */
  app: string;
  log: Logger;
  requestTimeoutMs?: number;
  pingIntervalMs?: number;
  backoff?: BackoffOptions;
}

export interface AriStats {
  inFlight: number;
  /** REST requests made since the adapter was created (requests per call, in benches). */
  requests: number;
  eventListeners: number;
  stateListeners: number;
  /** Listeners on the current websocket (0 when there is none). */
  socketListeners: number;
  /** Supervisor timers armed: 0 or 1 (retry or liveness). */
  timers: number;
}

/**
 * The REST client and our Stasis app's events websocket. `state` is
 * 'connected' only while that websocket is open and answering; after stop(),
 * in-flight and later requests reject with 'connection_lost'; onEvent() is the
 * one dispatcher for the app's events.
 */
export interface Ari extends Connection<AriEvent> {
  info(): Promise<AriInfo>;
  ping(): Promise<void>;
  // Channel operations reject AppError('not_found') when the channel is gone
  // (a normal hang-up race), 'conflict' when it left our app, 'timeout' when
  // Asterisk does not answer in requestTimeoutMs.
  answer(channelId: string): Promise<void>;
  /** reason: normal, busy, congestion, no_answer, rejected, ... (ARI's hangup reasons). */
  hangup(channelId: string, reason?: string): Promise<void>;
  continueInDialplan(channelId: string, to?: ContinueTarget): Promise<void>;
  /** Several media URIs play in order as one playback (one PlaybackFinished). */
  play(channelId: string, media: string | string[], playbackId?: string): Promise<{ id: string }>;
  /** false when the playback is already over. */
  stopPlayback(playbackId: string): Promise<boolean>;
  setVariable(channelId: string, name: string, value: string): Promise<void>;
  /** null when the channel has no such variable. */
  getVariable(channelId: string, name: string): Promise<string | null>;
  /** Channels still in our Stasis app, e.g. after a reconnect; [] when the app is unknown. */
  parkedChannelIds(): Promise<string[]>;
  listChannels(): Promise<AriChannel[]>;
  stats(): AriStats;
}

/** Liveness checks in a row that may fail before the connection is declared dead. */
const MAX_MISSED_CHECKS = 2;
/** How long stop() waits for the websocket closing handshake before cutting it. */
const CLOSE_GRACE_MS = 1000;

export type { BackoffOptions };
export { backoffDelay };

export function createAri(opts: AriOptions): Ari {
  return new AriAdapter(opts);
}

class AriAdapter extends AriOperations implements Ari {
  private current: ConnectionState = 'disconnected';
  /** The "should be connected" flag: false after stop(), so nothing reconnects. */
  private wanted = false;
  /** Bumped on every connect attempt and on stop(): async steps of an older one give up. */
  private generation = 0;
  private attempt = 0;
  private sock: WsClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private awaitingPong = false;
  private missedChecks = 0;
  private downSince: number | null = null;
  private stopping: Promise<void> | null = null;
  private readonly stateFns = new Set<(state: ConnectionState) => void>();
  private readonly eventFns = new Set<(event: AriEvent) => void>();
  private readonly log: Logger;
  private readonly requestTimeoutMs: number;
  private readonly pingIntervalMs: number;
  private readonly backoff: BackoffOptions;
  private readonly wsUrl: string;

  constructor(private readonly opts: AriOptions) {
    const base = new URL(opts.url);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new AppError('validation', `ARI url must be http(s): ${opts.url}`, { field: 'url' });
    }
    const log = opts.log.child({ component: 'ari' });
    const requestTimeoutMs = opts.requestTimeoutMs ?? 5000;
    super(new AriHttp({ ...opts, timeoutMs: requestTimeoutMs, log }), opts.app);
    this.log = log;
    this.requestTimeoutMs = requestTimeoutMs;
    this.pingIntervalMs = opts.pingIntervalMs ?? 5000;
    this.backoff = opts.backoff ?? { initialMs: 250, maxMs: 10_000 };
    // api_key in the query authenticates the upgrade; the URL is never logged.
    // subscribeAll=false: only our app's channels, fewer frames for Asterisk to write.
    const ws = new URL('/ari/events', base);
    ws.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    ws.search = new URLSearchParams({
      app: opts.app,
      api_key: `${opts.username}:${opts.password}`,
      subscribeAll: 'false',
    }).toString();
    this.wsUrl = ws.toString();
  }

  get state(): ConnectionState {
    return this.current;
  }

  onState(fn: (state: ConnectionState) => void): () => void {
    this.stateFns.add(fn);
    return () => this.stateFns.delete(fn);
  }

  onEvent(fn: (event: AriEvent) => void): () => void {
    this.eventFns.add(fn);
    return () => this.eventFns.delete(fn);
  }

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.http.open();
    this.attempt = 0;
    this.runConnect();
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    if (!this.wanted) {
      this.http.close(new AppError('connection_lost', 'ARI adapter is stopped'));
      return Promise.resolve();
    }
    this.stopping = this.shutdown().finally(() => {
      this.stopping = null;
    });
    return this.stopping;
  }

  stats(): AriStats {
    const sock = this.sock;
    const socketListeners = sock
      ? ['open', 'message', 'pong', 'close', 'error'].reduce((n, e) => n + sock.listenerCount(e), 0)
      : 0;
    return {
      inFlight: this.http.pending,
      requests: this.http.sent,
      eventListeners: this.eventFns.size,
      stateListeners: this.stateFns.size,
      socketListeners,
      timers: this.timer ? 1 : 0,
    };
  }

  // --- supervisor -------------------------------------------------------

  private async shutdown(): Promise<void> {
    this.wanted = false;
    this.generation++;
    this.clearTimer();
    this.setState('closing');
    this.http.close(new AppError('connection_lost', 'ARI adapter is stopped'));
    const sock = this.sock;
    this.sock = null;
    if (sock) await closeSocket(sock);
    if (!this.wanted) this.setState('disconnected');
    this.log.info('ARI stopped');
  }

  private runConnect(): void {
    this.connect().catch((err) => {
      // connect() handles its own failures; reaching here is a bug, so retry rather than stall.
      this.log.error({ err }, 'ARI connect step failed unexpectedly');
      this.retryLater(err);
    });
  }

  private async connect(): Promise<void> {
    this.timer = null;
    const gen = ++this.generation;
    this.setState('connecting');
    // Probe resources.json before opening the websocket: at boot Asterisk refuses connections,
    // or answers 404/500 here until res_ari is loaded (node-ari-client#73).
    let res: AriResponse;
    try {
      res = await this.http.request({ op: 'resources', method: 'GET', path: '/api-docs/resources.json' });
    } catch (err) {
      if (gen === this.generation) this.retryLater(err);
      return;
    }
    if (gen !== this.generation) return;
    if (res.status !== 200) {
      this.retryLater(statusError('resources', res, 'ARI resources'));
      return;
    }
    this.openSocket();
  }

  private openSocket(): void {
    const sock = new WebSocketClient(this.wsUrl, {
      handshakeTimeout: this.requestTimeoutMs,
      perMessageDeflate: false,
    });
    this.sock = sock;
    // Handlers stay attached for the socket's life and ignore it once it is not
    // current: a late 'error' from a dropped socket must still find a listener.
    sock.on('open', () => {
      if (this.sock !== sock) return;
      const downMs = this.downSince === null ? null : Date.now() - this.downSince;
      this.downSince = null;
      this.attempt = 0;
      this.missedChecks = 0;
      this.awaitingPong = false;
      this.setState('connected');
      this.log.info({ app: this.opts.app, downMs }, 'ARI connected');
      this.armLiveness(sock);
    });
    sock.on('message', (data, isBinary) => {
      if (this.sock !== sock) return;
      // Any frame proves the peer alive, even one we cannot use.
      this.awaitingPong = false;
      const text = frameText(data, isBinary);
      if (text === null) {
        this.log.trace('ari binary frame ignored');
        return;
      }
      this.dispatch(sock, text);
    });
    sock.on('pong', () => {
      if (this.sock === sock) this.awaitingPong = false;
    });
    sock.on('error', (err) => {
      if (this.sock === sock) this.drop(sock, err);
    });
    sock.on('close', (code, reason) => {
      if (this.sock !== sock) return;
      this.drop(
        sock,
        new AppError('connection_lost', `ARI websocket closed (${code} ${reason.toString('utf8')})`.trim()),
      );
    });
  }

  /** The socket is dead or suspect: cut it and schedule a reconnect. */
  private drop(sock: WsClient, err: unknown): void {
    this.sock = null;
    this.clearTimer();
    sock.terminate();
    this.retryLater(err);
  }

  private retryLater(err: unknown): void {
    if (!this.wanted) return;
    const delayMs = backoffDelay(this.attempt++, this.backoff);
    const firstFailure = this.downSince === null;
    if (firstFailure) this.downSince = Date.now();
    // One warning per outage; the retries while Asterisk stays down go to debug.
    this.log[firstFailure ? 'warn' : 'debug'](
      { err: describe(err), attempt: this.attempt, retryInMs: delayMs },
      'ARI not connected, retrying',
    );
    this.setState('disconnected');
    this.clearTimer();
    this.timer = setTimeout(() => this.runConnect(), delayMs);
  }

  /**
   * Dead-listener check (aioari#2): each round pings the websocket and GETs
   * /asterisk/ping. A round fails when the previous ping got no pong (and no
   * frame arrived since) or the REST ping fails; MAX_MISSED_CHECKS in a row
   * tear the connection down.
   */
  private armLiveness(sock: WsClient): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.checkLiveness(sock).catch((err) =>
        this.log.error({ err }, 'ARI liveness check failed unexpectedly'),
      );
    }, this.pingIntervalMs);
  }

  private async checkLiveness(sock: WsClient): Promise<void> {
    if (this.sock !== sock) return;
    const socketOk = !this.awaitingPong;
    this.awaitingPong = true;
    sock.ping(() => {});
    let restOk = true;
    try {
      const res = await this.http.request({
        op: 'ping',
        method: 'GET',
        path: '/asterisk/ping',
        timeoutMs: Math.min(this.requestTimeoutMs, this.pingIntervalMs),
      });
      restOk = res.status === 200;
    } catch {
      restOk = false;
    }
    if (this.sock !== sock) return;
    this.missedChecks = socketOk && restOk ? 0 : this.missedChecks + 1;
    if (this.missedChecks >= MAX_MISSED_CHECKS) {
      this.log.warn({ socketOk, restOk }, 'ARI stopped answering, reconnecting');
      this.drop(sock, new AppError('connection_lost', 'ARI did not answer liveness checks'));
      return;
    }
    this.armLiveness(sock);
  }

  private dispatch(sock: WsClient, text: string): void {
    const frame = parseAriFrame(text);
    if (frame.kind === 'replaced') {
      // Two daemons would steal the app from each other; the backoff slows that
      // to one swap per maxMs, and the error says why calls jump between them.
      this.log.error({ app: this.opts.app }, 'another ARI client took over the Stasis app');
      this.attempt = Math.max(this.attempt, 30);
      this.drop(sock, new AppError('connection_lost', 'ARI application replaced by another client'));
      return;
    }
    if (frame.kind === 'ignored') {
      this.log.trace({ why: frame.why }, 'ari frame ignored');
      return;
    }
    const event = frame.event;
    this.log.trace({ type: event.type }, 'ari event');
    for (const fn of this.eventFns) {
      try {
        fn(event);
      } catch (err) {
        this.log.error({ err, type: event.type }, 'ARI event listener failed');
      }
    }
  }

  private setState(state: ConnectionState): void {
    if (state === this.current) return;
    this.current = state;
    for (const fn of this.stateFns) {
      try {
        fn(state);
      } catch (err) {
        this.log.error({ err, state }, 'ARI state listener failed');
      }
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Closing handshake if the socket is open, cut after CLOSE_GRACE_MS; abort if still connecting. */
function closeSocket(sock: WsClient): Promise<void> {
  if (sock.readyState !== WS_OPEN) {
    sock.terminate();
    return Promise.resolve();
  }
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sock.removeListener('close', done);
      resolve();
    };
    const timer = setTimeout(() => {
      sock.terminate();
      done();
    }, CLOSE_GRACE_MS);
    sock.once('close', done);
    sock.close(1000, 'hotlined stopping');
  });
}
