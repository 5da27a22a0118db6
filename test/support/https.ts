/** Talking to the box's HTTPS listener as a browser would, trusting only the certificate given. */
import { request } from 'node:https';
import { connect } from 'node:tls';

/**
 * Opens a TLS connection to `base` (https://host:port) and answers the
 * certificate it presents. With `ca`, the connection must verify against it
 * for the host dialled (the certificate's SANs); without, anything is taken.
 */
export function presentedCertificate(base: string, ca?: string): Promise<{ fingerprint: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const s = connect(
      { host: u.hostname, port: Number(u.port), ca, rejectUnauthorized: ca !== undefined },
      () => {
        const fingerprint = s.getPeerCertificate().fingerprint256;
        s.end();
        resolve({ fingerprint });
      },
    );
    s.once('error', reject);
  });
}

/** A JSON request over HTTPS with a session cookie, trusting `ca` (a GET unless `method` says otherwise). */
export function httpsJson(
  base: string,
  path: string,
  opts: { ca: string; cookie?: string; method?: string; body?: unknown },
): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const headers: Record<string, string> = opts.cookie ? { cookie: opts.cookie } : {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { ca: opts.ca, method: opts.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: text ? JSON.parse(text) : null,
          headers: res.headers,
        }),
      );
    });
    req.once('error', reject);
    req.end(opts.body === undefined ? undefined : JSON.stringify(opts.body));
  });
}
