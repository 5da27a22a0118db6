import WebSocket from 'ws';

/**
 * The Stasis app's events websocket, on `ws` 8. Only the client is used; the
 * supervisor in ari.ts owns reconnect, backoff and liveness (why we do not use
 * a client library's: docs/decisions/0001-own-ami-and-ari-adapters.md).
 *
 * ws 8 behaviour ari.ts relies on:
 * - 'message' gives (data, isBinary): text frames arrive as a Buffer too, so
 *   frameText() decodes them; ARI sends JSON text frames only.
 * - 'close' gives (code, reason) with reason as a Buffer.
 * - ping() throws while CONNECTING; once opened, with a callback, a ping on a
 *   closing or closed socket reports through the callback instead of throwing.
 * - terminate() is safe in any state; in CONNECTING it aborts the handshake
 *   and emits 'error' on a later tick, so listeners must stay attached.
 */
export { WebSocket as WebSocketClient };
export type WsClient = WebSocket;

export const WS_OPEN = WebSocket.OPEN;

/** The frame's text, or null for a binary frame (never sent by Asterisk). */
export function frameText(data: WebSocket.RawData, isBinary: boolean): string | null {
  if (isBinary) return null;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
