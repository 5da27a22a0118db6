import { createRequire } from 'node:module';

/**
 * The events websocket is opened with the `ws` package that ari-client 2.2.0
 * depends on (ws@6), resolved from ari-client's own folder so we get exactly the
 * copy it ships even if npm nests it. ari-client's `start()` is not used: its
 * reconnect gives up after 10 tries, its backoff timer cannot be cancelled (a
 * stop() during backoff still reconnects), and its message handler throws inside
 * a ws listener on an unknown event type or a bad frame, which kills the process.
 *
 * ws ships no types and @types/ws is not a dependency, so this is the part of
 * ws@6's client we use, typed by hand.
 */
export interface WsClient {
  readonly readyState: number;
  on(event: 'open', fn: () => void): this;
  on(event: 'message', fn: (data: string | Buffer) => void): this;
  on(event: 'pong', fn: () => void): this;
  on(event: 'close', fn: (code: number, reason: string) => void): this;
  on(event: 'error', fn: (err: Error) => void): this;
  once(event: 'close', fn: () => void): this;
  removeListener(event: 'close', fn: () => void): this;
  listenerCount(event: string): number;
  /** With a callback, ws@6 reports "not open" through it instead of throwing. */
  ping(cb: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  /** Safe in any state; in CONNECTING it aborts the handshake (and emits 'error'). */
  terminate(): void;
}

export interface WsClientOptions {
  handshakeTimeout?: number;
  perMessageDeflate?: boolean;
  maxPayload?: number;
}

export type WsClientCtor = new (url: string, options?: WsClientOptions) => WsClient;

export const WS_OPEN = 1;

const requireHere = createRequire(import.meta.url);

export const WebSocketClient = createRequire(requireHere.resolve('ari-client'))('ws') as WsClientCtor;
