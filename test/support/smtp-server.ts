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

// reading what it received: the same helpers as every mail test
export { header, part, partBytes } from './mail-message.js';
