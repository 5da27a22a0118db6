import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { generateBoxCertificate } from '../../src/tls/certificate.js';

/** One message as the test server received it. */
export interface Received {
  raw: string;
  session: SMTPServerSession;
}

export const USER = 'hotline';
export const PASSWORD = 'Smtp-Secret-9f2';

/**
 * A real SMTP server (the smtp-server package) on a free local port:
 * STARTTLS with a self-signed certificate, AUTH PLAIN/LOGIN with one login,
 * and `reply(rcpt)` deciding each recipient (null accepts, else an SMTP code).
 */
export async function smtpServer(
  tt: { teardown(fn: () => unknown): void },
  reply: (rcpt: string) => number | null = () => null,
) {
  const { key, cert } = await generateBoxCertificate({
    hostname: 'mail.test',
    addresses: ['127.0.0.1'],
    now: Date.now(),
  });
  const received: Received[] = [];
  const options: SMTPServerOptions = {
    key,
    cert,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: true,
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASSWORD) cb(null, { user: USER });
      else cb(Object.assign(new Error('bad login'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      const code = reply(address.address);
      if (code === null) return cb();
      cb(
        Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), {
          responseCode: code,
        }),
      );
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ raw: Buffer.concat(chunks).toString('utf8'), session: structuredClone(session) });
        cb();
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tt.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

/** An RFC 2047 header value decoded (encoded words, B or Q, UTF-8), its folding undone. */
function decodeHeader(value: string): string {
  const unfolded = value.replace(/\r?\n[ \t]+/g, ' ');
  return unfolded
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** A header of a raw message (the first one of that name). */
export function header(raw: string, name: string): string {
  const head = raw.split(/\r\n\r\n/)[0]!;
  const m = new RegExp(`^${name}:(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(head);
  if (!m) throw new Error(`no ${name} header`);
  return decodeHeader(m[1]!.trim());
}

/** The decoded body of the message's part of this content type. */
export function part(raw: string, type: string): string {
  const at = raw.search(new RegExp(`^Content-Type: ${type}`, 'im'));
  if (at < 0) throw new Error(`no ${type} part`);
  const rest = raw.slice(at);
  const [head, ...body] = rest.split(/\r\n\r\n/);
  const text = body.join('\r\n\r\n').split(/\r\n--/)[0]!;
  if (/Content-Transfer-Encoding: base64/i.test(head!))
    return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  throw new Error(`unexpected encoding in ${head}`);
}
