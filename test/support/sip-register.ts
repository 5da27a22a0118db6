/**
 * A SIP REGISTER with a wrong password, sent from a chosen loopback address
 * (the brute-force guard's tests): the first REGISTER draws a 401 challenge,
 * the second answers it with a digest of the wrong password, which Asterisk
 * refuses and reports as a ChallengeResponseFailed security event.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export interface RegisterTarget {
  /** The source address to send from (any 127.x.y.z works on Linux's loopback). */
  from: string;
  to: { host: string; port: number };
  user: string;
  password: string;
}

/**
 * One failed registration: resolves with the final status code (401/403), or
 * null when nothing answered within `waitMs` (the source is dropped).
 */
export async function failedRegistration(t: RegisterTarget, waitMs = 3000): Promise<number | null> {
  const sock = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(0, t.from, () => resolve());
  });
  try {
    const callId = randomBytes(8).toString('hex');
    const first = await exchange(sock, t, request(sock, t, callId, 1, ''), waitMs);
    if (!first) return null;
    const challenge = /^WWW-Authenticate:\s*Digest\s+(.*)$/im.exec(first)?.[1];
    if (!challenge) return statusOf(first);
    const realm = /realm="([^"]*)"/.exec(challenge)?.[1] ?? '';
    const nonce = /nonce="([^"]*)"/.exec(challenge)?.[1] ?? '';
    const uri = `sip:${t.to.host}:${t.to.port}`;
    const response = md5(`${md5(`${t.user}:${realm}:${t.password}`)}:${nonce}:${md5(`REGISTER:${uri}`)}`);
    const auth = `Authorization: Digest username="${t.user}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5\r\n`;
    const second = await exchange(sock, t, request(sock, t, callId, 2, auth), waitMs);
    return second ? statusOf(second) : null;
  } finally {
    sock.close();
  }
}

const statusOf = (msg: string) => Number(/^SIP\/2\.0 (\d{3})/.exec(msg)?.[1] ?? 0);

function request(sock: Socket, t: RegisterTarget, callId: string, cseq: number, auth: string): string {
  const { port } = sock.address();
  const uri = `sip:${t.to.host}:${t.to.port}`;
  return (
    `REGISTER ${uri} SIP/2.0\r\n` +
    `Via: SIP/2.0/UDP ${t.from}:${port};branch=z9hG4bK${randomBytes(6).toString('hex')};rport\r\n` +
    'Max-Forwards: 70\r\n' +
    `From: <sip:${t.user}@${t.to.host}>;tag=${callId.slice(0, 8)}\r\n` +
    `To: <sip:${t.user}@${t.to.host}>\r\n` +
    `Call-ID: ${callId}\r\n` +
    `CSeq: ${cseq} REGISTER\r\n` +
    `Contact: <sip:${t.user}@${t.from}:${port}>\r\n` +
    auth +
    'Expires: 60\r\n' +
    'Content-Length: 0\r\n\r\n'
  );
}

/** Sends `msg` and resolves with the first final answer (provisional ones skipped), or null after waitMs. */
function exchange(sock: Socket, t: RegisterTarget, msg: string, waitMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const onMessage = (buf: Buffer) => {
      const text = buf.toString('utf8');
      if (/^SIP\/2\.0 1\d\d/.test(text)) return;
      done(text);
    };
    const timer = setTimeout(() => done(null), waitMs);
    const done = (v: string | null) => {
      clearTimeout(timer);
      sock.off('message', onMessage);
      resolve(v);
    };
    sock.on('message', onMessage);
    sock.send(msg, t.to.port, t.to.host);
  });
}
