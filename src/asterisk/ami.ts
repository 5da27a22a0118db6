/**
 * AMI adapter: one supervised manager session to Asterisk.
 *
 * Why our own socket and parser instead of asterisk-manager 0.2.0's: the
 * package keeps its socket in a closure (`context.connection`), so we could
 * neither destroy it on a dead peer (its `disconnect()` only calls `end()`,
 * which never completes against a silent peer) nor write without its
 * `action()`, which registers a per-ActionID listener and parks writes in a
 * `held` queue with `console.log`. Its reader runs on every
 * chunk whether we listen or not, lowercases keys (`EndpointName` →
 * `endpointname`, `AOR:` → `aor:`), and a repeated `UserEvent:` key makes it
 * call `.toLowerCase()` on an array inside the socket 'data' handler, an
 * uncaught TypeError that kills the process (reproduced against 0.2.0; see
 * docs/decisions/0001-own-ami-and-ari-adapters.md).
 * Its Login also sends `Event: on` where Asterisk reads `Events`. So we use
 * `node:net` and the pure framer in ami-frame.ts; nothing of the package runs.
 */
import net from 'node:net';
import type { ConnectionState } from '../bus.js';
import { AppError, isAppError } from '../errors.js';
import type { Logger } from '../log.js';
import {
  type AmiFields,
  AmiFramer,
  type AmiMessage,
  DEFAULT_LIMITS,
  type FramerLimits,
  fieldValues,
  parseFrame,
  serializeAction,
} from './ami-frame.js';
import {
  isErrorResponse as isError,
  PendingActions,
  type Reply,
  type ReplyCallbacks,
  type RequestKind,
} from './ami-pending.js';
import { backoffDelay, type Connection } from './backoff.js';

export type { AmiFields, AmiMessage } from './ami-frame.js';
export { fieldValues, variables } from './ami-frame.js';

export interface AmiOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  log: Logger;
  /** Per action, list or command unless the call passes its own. Default 10 000. */
  actionTimeoutMs?: number;
  /** Gap between keepalive Pings; a Ping unanswered for two gaps drops the session. Default 5000. */
  pingIntervalMs?: number;
  /** Reconnect delay, doubled per failed attempt up to maxMs, jittered. Default 250 .. 5000. */
  backoff?: { initialMs: number; maxMs: number };
  /** Parser limits; tests lower them. */
  limits?: FramerLimits;
}

export interface AmiActionOptions {
  timeoutMs?: number;
}

export interface AmiStats {
  state: ConnectionState;
  /** Epoch ms of the last state change (for "AMI down since 10:42"). */
  since: number;
  pending: number;
  expiredLists: number;
  eventListeners: number;
  stateListeners: number;
  socketListeners: number;
  /** Logins that succeeded since start. */
  sessions: number;
  malformedFrames: number;
  badLines: number;
}

/**
 * The manager session. stop() logs off; onEvent() gets every event that is
 * not an item of one of our pending list() calls.
 */
export interface Ami extends Connection<AmiMessage> {
  action(name: string, fields?: AmiFields, opts?: AmiActionOptions): Promise<AmiMessage>;
  /**
   * EventList actions: the item events, without the closing `...Complete` event.
   * Resolves [] when Asterisk answers "No ... found" / "... not found".
   */
  list(name: string, fields?: AmiFields, opts?: AmiActionOptions): Promise<AmiMessage[]>;
  /**
   * CLI command; Asterisk 14+ answers with `Output:` lines, returned joined by '\n'.
   * The pre-14 `Response: Follows` / `--END COMMAND--` form is not supported.
   */
  command(cli: string, opts?: AmiActionOptions): Promise<string>;
  stats(): AmiStats;
}

export { backoffDelay };

export function createAmi(opts: AmiOptions): Ami {
  return new AmiClient(opts);
}

/**
 * Error answers that mean "nothing to list": PJSIPShowEndpoints says
 * "No endpoints found", PJSIPShowAors "No AORs found", DBGet "Database entry
 * not found". An empty PBX is normal, so list() resolves [] for these; other
 * errors ("Permission denied", "Invalid/unknown command") still reject.
 */
const EMPTY_LIST = /\bnot found\b|^no\b.*\bfound\b/i;
/** Errors about a missing object ("No such channel" after a hangup race) are expected outcomes. */
const NOT_FOUND = /\bnot found\b|\bno such\b|^no\b.*\bfound\b/i;
/** A session that lived this long resets the backoff; shorter ones count as flapping. */
const STABLE_MS = 10_000;
const LOGOFF_GRACE_MS = 1000;
const WARN_EVERY_MS = 60_000;

interface Session {
  readonly socket: net.Socket;
  readonly framer: AmiFramer;
  /** 0 until Login succeeded. */
  loggedInAt: number;
  connectTimer?: NodeJS.Timeout;
  pingTimer?: NodeJS.Timeout;
}

class AmiClient implements Ami {
  private readonly log: Logger;
  private readonly wire: Logger;
  private readonly actionTimeoutMs: number;
  private readonly pingIntervalMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private current: ConnectionState = 'disconnected';
  private since = Date.now();
  /** The "should be connected" flag: false after stop(), so nothing reconnects. */
  private wanted = false;
  private session: Session | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopping: Promise<void> | undefined;
  private readonly requests: PendingActions;
  private readonly eventFns = new Set<(e: AmiMessage) => void>();
  private readonly stateFns = new Set<(s: ConnectionState) => void>();
  private readonly counts = { sessions: 0, malformedFrames: 0, badLines: 0 };
  private readonly throttle = { failure: { last: 0, quiet: 0 }, malformed: { last: 0, quiet: 0 } };

  constructor(private readonly opts: AmiOptions) {
    // net.connect throws synchronously on a bad port; inside a retry timer that would kill the process.
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65_535 || !opts.host) {
      throw new AppError('validation', `ami: invalid address ${opts.host}:${opts.port}`, {
        field: 'ami.port',
      });
    }
    this.log = opts.log.child({ component: 'ami' });
    // Raw traffic on its own child so it can be switched on alone (STYLE: protocol traffic at trace).
    this.wire = opts.log.child({ component: 'ami.wire' });
    this.actionTimeoutMs = opts.actionTimeoutMs ?? 10_000;
    this.pingIntervalMs = opts.pingIntervalMs ?? 5000;
    this.backoff = opts.backoff ?? { initialMs: 250, maxMs: 5000 };
    this.requests = new PendingActions(this.log);
  }

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    if (!this.session && !this.retryTimer) this.connect();
  }

  stop(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.stopping) return this.stopping;
    const session = this.session;
    if (!session) {
      this.setState('disconnected');
      return Promise.resolve();
    }
    this.setState('closing');
    clearTimeout(session.pingTimer);
    this.requests.failAll(new AppError('connection_lost', 'ami: adapter stopped'));
    const { socket } = session;
    this.stopping = new Promise<void>((resolve) => {
      // end() waits for the peer's FIN, which a dead peer never sends.
      const force = setTimeout(() => socket.destroy(), LOGOFF_GRACE_MS);
      socket.once('close', () => {
        clearTimeout(force);
        this.stopping = undefined;
        resolve();
      });
      if (socket.connecting || socket.destroyed || !session.loggedInAt) {
        socket.destroy();
        return;
      }
      socket.end(serializeAction('Logoff', this.requests.nextId()));
    });
    return this.stopping;
  }

  onState(fn: (s: ConnectionState) => void): () => void {
    this.stateFns.add(fn);
    return () => void this.stateFns.delete(fn);
  }

  onEvent(fn: (e: AmiMessage) => void): () => void {
    this.eventFns.add(fn);
    return () => void this.eventFns.delete(fn);
  }

  async action(name: string, fields: AmiFields = {}, opts: AmiActionOptions = {}): Promise<AmiMessage> {
    const { response } = await this.request(name, fields, 'single', opts);
    if (isError(response)) throw responseError(name, response);
    return response;
  }

  async list(name: string, fields: AmiFields = {}, opts: AmiActionOptions = {}): Promise<AmiMessage[]> {
    const { response, items } = await this.request(name, fields, 'list', opts);
    if (isError(response)) {
      if (EMPTY_LIST.test(response['Message'] ?? '')) return [];
      throw responseError(name, response);
    }
    return items;
  }

  async command(cli: string, opts: AmiActionOptions = {}): Promise<string> {
    const { response } = await this.request('Command', { Command: cli }, 'single', opts);
    const output = fieldValues(response, 'Output').join('\n');
    // A failed command answers "Response: Error / Message: Command output follows"; the reason is in Output.
    if (isError(response)) {
      // CLI text is free-form ("No such command ..."), so it is not classified as not_found.
      throw new AppError('apply_failed', output || response['Message'] || 'Asterisk rejected Command', {
        details: { action: 'Command', response: { ...response } },
      });
    }
    return output;
  }

  stats(): AmiStats {
    const s = this.session?.socket;
    return {
      state: this.current,
      since: this.since,
      pending: this.requests.size,
      expiredLists: this.requests.expiredListCount,
      eventListeners: this.eventFns.size,
      stateListeners: this.stateFns.size,
      socketListeners: s ? s.eventNames().reduce((n, e) => n + s.listenerCount(e), 0) : 0,
      ...this.counts,
    };
  }

  // --- connection supervisor -------------------------------------------------

  private connect(): void {
    this.retryTimer = undefined;
    if (!this.wanted || this.session) return;
    this.setState('connecting');
    const socket = net.createConnection({ host: this.opts.host, port: this.opts.port });
    const session: Session = {
      socket,
      loggedInAt: 0,
      framer: new AmiFramer(
        {
          banner: (line) => this.log.debug({ banner: line }, 'ami: banner'),
          frame: (lines) => this.onFrame(session, lines),
          dropped: (reason) => this.noteMalformed({ reason }, 'ami: oversized frame discarded'),
        },
        this.opts.limits ?? DEFAULT_LIMITS,
      ),
    };
    this.session = session;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 15_000);
    socket.setEncoding('utf8');
    session.connectTimer = setTimeout(() => {
      this.noteFailure({ host: this.opts.host, port: this.opts.port }, 'ami: connect timed out');
      socket.destroy();
    }, this.actionTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(session.connectTimer);
      this.login(session);
    });
    socket.on('data', (chunk: string) => this.onData(session, chunk));
    socket.on('error', (err) => this.noteFailure({ err: err.message }, 'ami: socket error'));
    socket.once('close', () => this.onClose(session));
  }

  private login(session: Session): void {
    const fields = { Username: this.opts.username, Secret: this.opts.secret, Events: 'on' };
    const kill = (obj: object, msg: string) => {
      if (session !== this.session) return;
      this.noteFailure(obj, msg);
      session.socket.destroy();
    };
    this.send(session, 'Login', fields, 'single', this.actionTimeoutMs, {
      ok: ({ response }) => {
        if (session !== this.session) return;
        if (isError(response)) return kill({ message: response['Message'] }, 'ami: login rejected');
        // Synchronous on purpose: an event in the same chunk (FullyBooted) must already see 'connected'.
        session.loggedInAt = Date.now();
        this.counts.sessions++;
        this.throttle.failure.last = 0;
        this.log.info({ host: this.opts.host, port: this.opts.port }, 'ami: logged in');
        this.schedulePing(session);
        this.setState('connected');
      },
      fail: (err) => kill({ err: err.message }, 'ami: login failed'),
    });
  }

  private schedulePing(session: Session): void {
    session.pingTimer = setTimeout(() => {
      if (session !== this.session) return;
      this.send(session, 'Ping', {}, 'single', this.pingIntervalMs * 2, {
        ok: () => {
          if (session === this.session) this.schedulePing(session);
        },
        fail: (err) => {
          if (session !== this.session || !isAppError(err, 'timeout')) return;
          this.log.warn('ami: no answer to Ping for two intervals, dropping the session (dead peer)');
          session.socket.destroy();
        },
      });
    }, this.pingIntervalMs);
  }

  private onClose(session: Session): void {
    clearTimeout(session.connectTimer);
    clearTimeout(session.pingTimer);
    if (session !== this.session) return;
    this.session = undefined;
    if (session.loggedInAt && Date.now() - session.loggedInAt >= STABLE_MS) this.attempt = 0;
    if (session.loggedInAt && this.wanted) this.log.warn('ami: session closed by the peer or the network');
    this.requests.failAll(new AppError('connection_lost', 'ami: connection to Asterisk lost'));
    this.requests.forgetExpired();
    this.setState('disconnected');
    if (!this.wanted) return;
    const delayMs = backoffDelay(this.attempt++, this.backoff);
    this.log.debug({ delayMs, attempt: this.attempt }, 'ami: reconnecting');
    this.retryTimer = setTimeout(() => this.connect(), delayMs);
  }

  private setState(next: ConnectionState): void {
    if (next === this.current) return;
    this.current = next;
    this.since = Date.now();
    // While retrying through an outage only the first round is worth an info line: the journal stays readable.
    const retrying = this.attempt > 1 && (next === 'connecting' || next === 'disconnected');
    this.log[retrying ? 'debug' : 'info']({ state: next, attempt: this.attempt }, `ami: ${next}`);
    for (const fn of this.stateFns) {
      try {
        fn(next);
      } catch (err) {
        this.log.error({ err }, 'ami: state listener failed');
      }
    }
  }

  // --- requests ----------------------------------------------------------------

  private request(name: string, fields: AmiFields, kind: RequestKind, opts: AmiActionOptions) {
    return new Promise<Reply>((resolve, reject) => {
      const session = this.session;
      if (!session?.loggedInAt || this.current !== 'connected') {
        throw new AppError('asterisk_unavailable', `ami: not connected (${this.current})`);
      }
      const timeoutMs = opts.timeoutMs ?? this.actionTimeoutMs;
      this.send(session, name, fields, kind, timeoutMs, { ok: resolve, fail: reject });
    });
  }

  /** Throws only on invalid input (validation), before anything is registered or written. */
  private send(
    session: Session,
    name: string,
    fields: AmiFields,
    kind: RequestKind,
    timeoutMs: number,
    cb: ReplyCallbacks,
  ): void {
    const id = this.requests.nextId();
    const text = serializeAction(name, id, fields);
    this.requests.add(id, name, kind, timeoutMs, cb);
    if (this.wire.isLevelEnabled('trace')) this.wire.trace({ action: name, actionId: id }, 'ami: >>');
    session.socket.write(text, (err) => {
      if (!err) return;
      this.requests.fail(id, new AppError('connection_lost', `ami: could not send ${name}: ${err.message}`));
    });
  }

  // --- incoming ------------------------------------------------------------------

  private onData(session: Session, chunk: string): void {
    if (session !== this.session) return;
    try {
      session.framer.push(chunk);
    } catch (err) {
      // The framer does not throw by design; if it ever does, its state is suspect: resync via reconnect.
      this.log.error({ err }, 'ami: framer failed, dropping the session');
      session.socket.destroy();
    }
  }

  private onFrame(session: Session, lines: string[]): void {
    if (session !== this.session) return;
    try {
      const parsed = parseFrame(lines);
      if (parsed.badLines) {
        this.counts.badLines += parsed.badLines;
        this.log.debug(
          { badLines: parsed.badLines, first: sample(lines[0]) },
          'ami: skipped malformed lines',
        );
      }
      if (!parsed.msg) {
        this.noteMalformed(
          { first: sample(lines[0]), lines: lines.length },
          'ami: frame without Event or Response',
        );
        return;
      }
      if (this.wire.isLevelEnabled('trace')) this.wire.trace({ frame: parsed.msg }, 'ami: <<');
      this.route(parsed.msg);
    } catch (err) {
      this.log.error({ err }, 'ami: failed to handle a frame');
    }
  }

  private route(msg: AmiMessage): void {
    if (this.requests.take(msg)) return;
    if (msg['Event'] === undefined) {
      this.log.debug({ actionId: msg['ActionID'] }, 'ami: response to no pending action (late or foreign)');
      return;
    }
    for (const fn of this.eventFns) {
      try {
        fn(msg);
      } catch (err) {
        this.log.error({ err, event: msg['Event'] }, 'ami: event listener failed');
      }
    }
  }

  // --- log throttling: an outage or a junk stream must not flood the journal ---

  private noteFailure(obj: object, msg: string): void {
    this.throttled(this.throttle.failure, obj, msg);
  }

  private noteMalformed(obj: object, msg: string): void {
    this.counts.malformedFrames++;
    this.throttled(this.throttle.malformed, obj, msg);
  }

  private throttled(t: { last: number; quiet: number }, obj: object, msg: string): void {
    const now = Date.now();
    if (now - t.last < WARN_EVERY_MS) {
      t.quiet++;
      this.log.debug(obj, msg);
      return;
    }
    this.log.warn({ ...obj, suppressedSinceLastWarning: t.quiet }, msg);
    t.last = now;
    t.quiet = 0;
  }
}

function responseError(name: string, response: AmiMessage): AppError {
  const message = response['Message'] || `Asterisk rejected ${name}`;
  return new AppError(NOT_FOUND.test(message) ? 'not_found' : 'apply_failed', message, {
    details: { action: name, response: { ...response } },
  });
}

const sample = (line: string | undefined) => (line ?? '').slice(0, 120);
