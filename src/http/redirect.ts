import type { IncomingMessage, ServerResponse } from 'node:http';

/** A host name or an IPv4 address, or a bracketed IPv6 address: nothing else reaches a Location header. */
const SAFE_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])$/;

/**
 * The plain-HTTP listener of the appliance (port 80): every request is sent
 * to the same path over HTTPS, so a browser typing the box's address lands
 * on the console with its session cookie marked Secure. 308 keeps the method
 * and body (an API client's POST is not silently turned into a GET).
 */
export function httpsRedirect(httpsPort: () => number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '');
    const local = req.socket.localAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
    const host = SAFE_HOST.test(hostHeader) ? hostHeader : local.includes(':') ? `[${local}]` : local;
    const port = httpsPort();
    const target = `https://${host}${port === 443 ? '' : `:${port}`}${req.url?.startsWith('/') ? req.url : '/'}`;
    res.writeHead(308, { Location: target, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Use ${target}\n`);
  };
}
