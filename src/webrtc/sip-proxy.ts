import type { IncomingMessage } from 'node:http';
import type { Server } from 'node:https';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.js';

/** Where browsers open their SIP websocket (RFC 7118), on the console's own origin. */
export const SIP_WS_PATH = '/ws';

/**
 * Browser phones connected at once. Asterisk's HTTP server allows
 * `sessionlimit` (http.conf: 1000) sessions for ARI and these together;
 * the rest is kept for hotlined's ARI, which must never be locked out by
 * browser tabs or by a LAN host opening sockets.
 */
export const MAX_SIP_WEBSOCKETS = 900;

/**
 * Carries the browser phones' SIP websocket from the HTTPS listener to
 * Asterisk's HTTP server on loopback (`res_pjsip_transport_websocket` on
 * its `/ws`). TLS ends here, so Asterisk's HTTP server, and ARI on it, never
 * listens beyond loopback, and the browser trusts one certificate for the
 * page and its phone. Only the upgrade of `/ws` passes; the bytes after it
 * are copied both ways untouched (SIP digest authentication is Asterisk's).
 */
export function proxySipWebsocket(
  server: Server,
  target: { host: string; port: number },
  log: Logger,
  limit = MAX_SIP_WEBSOCKETS,
): { closeAll(): void } {
  /** Upgraded sockets leave the HTTP server's books: its close() would wait for them forever. */
  const live = new Set<() => void>();
  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== SIP_WS_PATH) {
      client.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (live.size >= limit) {
      log.warn({ limit }, 'SIP websocket refused: too many browser phones connected');
      client.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = connect(target.port, target.host);
    const close = () => {
      live.delete(close);
      client.destroy();
      upstream.destroy();
    };
    live.add(close);
    upstream.once('error', (err) => {
      log.warn({ err: err.message }, 'SIP websocket: Asterisk unreachable');
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n');
      close();
    });
    client.once('error', close);
    client.once('close', close);
    upstream.once('close', close);
    upstream.once('connect', () => {
      // the request line and headers as the browser sent them (Upgrade, Sec-WebSocket-*: the handshake is Asterisk's)
      const lines = [`GET ${SIP_WS_PATH} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
  });
  return {
    closeAll: () => {
      for (const close of [...live]) close();
    },
  };
}
