import http from 'node:http';
import https from 'node:https';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';

/**
 * ARI REST over node:http with our own keep-alive agent, instead of
 * ari-client's swagger-client@2: that stack has no request timeout, its
 * promises never settle when the connection is gone (node-ari-client#78), it
 * throws an uncatchable "500 : undefined .../resources.json" while Asterisk is
 * booting (#73), and it keeps credentials in a module-global registry.
 * Not global fetch either: on Node 20 it costs about five times the CPU per
 * request of node:http (measured here, 5 000 loopback GETs), and a private
 * agent bounds our sockets to Asterisk and can be destroyed on stop.
 *
 * Every request has its own timer, is tracked until it settles, settles once,
 * and can be rejected from outside (stop) with one error.
 */
export interface AriHttpOptions {
  /** http://127.0.0.1:8088 (the /ari prefix is added here). */
  url: string;
  username: string;
  password: string;
  timeoutMs: number;
  log: Logger;
}

export type Query = Record<string, string | number | undefined>;

export interface AriRequest {
  /** Operation name for logs and error details, e.g. 'channels.answer'. */
  op: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under /ari, with ids already encoded. */
  path: string;
  query?: Query;
  timeoutMs?: number;
}

export interface AriResponse {
  status: number;
  /** Parsed JSON, the raw text if it is not JSON, or null for an empty body. */
  body: unknown;
}

/** Below Asterisk's http.conf sessionlimit (100): one request per busy IVR caller at a time, 50+ callers at once. */
const MAX_SOCKETS = 64;
/** Drop idle sockets before Asterisk's session_keep_alive (15 s) does, so a reused one is never half-closed. */
const IDLE_SOCKET_MS = 10_000;

export class AriHttp {
  private readonly base: URL;
  private readonly auth: string;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly inFlight = new Map<number, (err: AppError) => void>();
  private seq = 0;
  private closed: AppError | null = null;

  constructor(private readonly opts: AriHttpOptions) {
    this.base = new URL(opts.url);
    this.transport = this.base.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({
      keepAlive: true,
      maxSockets: MAX_SOCKETS,
      timeout: IDLE_SOCKET_MS,
    });
    this.auth = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
  }

  /** Requests made since this client was created. */
  get sent(): number {
    return this.seq;
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Accept requests again after close(). */
  open(): void {
    this.closed = null;
  }

  /** Reject every in-flight request and all later ones with `err` until open(); free the sockets. */
  close(err: AppError): void {
    this.closed = err;
    for (const cancel of [...this.inFlight.values()]) cancel(err);
    this.agent.destroy();
  }

  /**
   * Resolves with any HTTP status (the caller maps it, see statusError);
   * rejects only with AppError: 'timeout', 'connection_lost' (closed) or
   * 'asterisk_unavailable' (connection refused or cut).
   */
  request(req: AriRequest): Promise<AriResponse> {
    if (this.closed) return Promise.reject(this.closed);
    const id = ++this.seq;
    const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs;
    const url = new URL(this.base.pathname.replace(/\/+$/, '') + '/ari' + req.path, this.base);
    url.search = queryString(req.query);

    return new Promise<AriResponse>((resolve, reject) => {
      const finish = (err: AppError | null, res?: AriResponse) => {
        if (!this.inFlight.delete(id)) return; // settled already
        clearTimeout(timer);
        if (err) {
          outgoing.destroy();
          reject(err);
        } else resolve(res as AriResponse);
      };
      const outgoing = this.transport.request(
        url,
        {
          method: req.method,
          agent: this.agent,
          headers: { authorization: this.auth, accept: 'application/json' },
        },
        (incoming) => {
          // The body is read under the same timer: a peer can hang after the headers too.
          const chunks: Buffer[] = [];
          incoming.on('data', (c: Buffer) => chunks.push(c));
          incoming.on('end', () => {
            const status = incoming.statusCode ?? 0;
            this.opts.log.trace({ op: req.op, status }, 'ari response');
            finish(null, { status, body: parseBody(Buffer.concat(chunks).toString('utf8')) });
          });
          incoming.on('error', (err) => finish(transportError(req.op, err)));
          incoming.on('close', () => finish(transportError(req.op, new Error('response cut short'))));
        },
      );
      outgoing.on('error', (err) => finish(transportError(req.op, err)));
      const timer = setTimeout(
        () =>
          finish(
            new AppError('timeout', `ARI ${req.op} got no answer in ${timeoutMs} ms`, {
              details: { op: req.op },
            }),
          ),
        timeoutMs,
      );
      this.inFlight.set(id, (err) => finish(err));
      outgoing.end();
    });
  }
}

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
  return params.toString();
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function transportError(op: string, err: Error): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  return new AppError('asterisk_unavailable', `ARI ${op} failed: ${code ?? err.message}`, {
    details: { op, code },
  });
}

/** ARI's error bodies are {"message": "..."}. */
export function errorMessage(body: unknown): string {
  if (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { message?: unknown }).message === 'string'
  ) {
    return (body as { message: string }).message;
  }
  return typeof body === 'string' ? body : '';
}

/**
 * Non-2xx → AppError. 404 is the normal "channel already gone" race
 * (node-ari-client#91); 409/412 mean the channel left our Stasis app or is in
 * a state that forbids the operation: expected outcomes, never bugs.
 */
export function statusError(op: string, res: AriResponse, what: string): AppError {
  const message = errorMessage(res.body);
  const details = { op, status: res.status, message };
  switch (res.status) {
    case 404:
      return new AppError('not_found', `${what} not found`, { details });
    case 409:
    case 412:
      return new AppError('conflict', `ARI ${op} refused: ${message || res.status}`, { details });
    case 400:
    case 422:
      return new AppError('validation', `ARI ${op} rejected its parameters: ${message || res.status}`, {
        details,
      });
    default:
      return new AppError('asterisk_unavailable', `ARI ${op} failed with HTTP ${res.status}`, { details });
  }
}
