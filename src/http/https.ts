import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from '../log.js';
import type { TlsService } from '../tls/service.js';
import { proxySipWebsocket } from '../webrtc/sip-proxy.js';

/**
 * The console and API over TLS with the box's certificate, plus the browser
 * phones' SIP websocket. A new certificate takes effect for the next
 * connection (setSecureContext); open connections keep theirs.
 */
export async function listenHttps(opts: {
  app: Express;
  tls: TlsService;
  port: number;
  host: string;
  /** Asterisk's HTTP server (loopback), where `/ws` goes. */
  asteriskHttp: URL;
  log: Logger;
}): Promise<{ url: string; close(): Promise<void> }> {
  const pair = await opts.tls.ready();
  const server = createServer({ key: pair.key, cert: pair.cert }, opts.app);
  opts.tls.onChange((p) => server.setSecureContext({ key: p.key, cert: p.cert }));
  const sip = proxySipWebsocket(
    server,
    { host: opts.asteriskHttp.hostname, port: Number(opts.asteriskHttp.port || 80) },
    opts.log.child({ component: 'sip-ws' }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host;
  return {
    url: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        sip.closeAll();
      }),
  };
}
