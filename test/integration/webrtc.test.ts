/**
 * Browser phones against the rig's real Asterisk: a SIP-over-websocket user
 * agent (JsSIP, as the desk uses it) fetches its seat's credentials, trusts
 * only the box's certificate, and registers over WSS through hotlined's
 * HTTPS listener to the box's Asterisk. Media (DTLS-SRTP) needs a browser:
 * the desk's end-to-end test makes the call.
 */
import JsSIP from 'jssip';
import t from 'tap';
import WebSocket from 'ws';
import { type Api, loginCookie, until } from '../../dev/api-client.js';
import type { Stack } from '../../dev/stack.js';
import { httpsJson } from '../support/https.js';
import { adminStack } from '../support/stack.js';

let stack: Stack;
let api: Api;
let ca: string;
let agentCookie: string;
let seat: any;
const agents: JsSIP.UA[] = [];

/**
 * The desk's user agent in Node: JsSIP opens `new WebSocket(url, 'sip')`;
 * here that is `ws`, trusting the box's certificate and nothing else (a
 * browser has the user accept it instead).
 */
function useBoxCertificate(trusted: string) {
  (globalThis as any).WebSocket = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ca: trusted });
    }
  };
}

type Outcome = { registered: true } | { registered: false; cause: string; status?: number };

function register(creds: any, password = creds.password): Promise<{ ua: JsSIP.UA; outcome: Outcome }> {
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(creds.wsUrl)],
    uri: creds.sipUri,
    authorization_user: creds.authorizationUser,
    password,
    display_name: creds.displayName,
    register_expires: creds.registerExpires,
    connection_recovery_min_interval: 30,
    user_agent: 'hotline-desk-test',
  });
  agents.push(ua);
  return new Promise((resolve) => {
    ua.on('registered', () => resolve({ ua, outcome: { registered: true } }));
    ua.on('registrationFailed', (e: any) =>
      resolve({ ua, outcome: { registered: false, cause: e.cause, status: e.response?.status_code } }),
    );
    ua.start();
  });
}

const contacts = () => stack.box.cli('pjsip show contacts');

t.before(async () => {
  ({ stack, api } = await adminStack());
  seat = await api.post('/api/v1/seats', { extension: '3001', name: '浏览器坐席', transport: 'wss' });
  const user = await api.post('/api/v1/users', {
    username: 'desk1',
    role: 'agent',
    password: 'correct horse battery',
  });
  await api.req('PATCH', `/api/v1/users/${user.user.id}`, { seatExtension: '3001' });
  agentCookie = await loginCookie(stack.hotlined.url, 'desk1', 'correct horse battery');
  ca = await (await api.fetch('/api/v1/tls/certificate.pem')).text();
  useBoxCertificate(ca);
});
t.teardown(async () => {
  for (const ua of agents) ua.stop();
  await stack?.stop();
});

t.test('the box loaded the browser seat as a WebRTC endpoint', async (t) => {
  const out = await stack.box.cli('pjsip show endpoint 3001');
  t.match(out, /^\s*webrtc\s*:\s*(yes|true)\s*$/m);
  t.match(out, /^\s*media_encryption\s*:\s*dtls\s*$/m);
  t.match(out, /^\s*ice_support\s*:\s*true\s*$/m);
  t.match(out, /^\s*rtcp_mux\s*:\s*true\s*$/m);
  t.match(out, /^\s*use_avpf\s*:\s*true\s*$/m);
  t.match(out, /^\s*allow\s*:\s*\(opus\|alaw\|ulaw\)\s*$/m);
  t.match(await stack.box.cli('pjsip show transports'), /transport-ws\s+ws\s/);
  for (const mod of ['res_srtp', 'res_pjsip_transport_websocket', 'codec_opus_open_source'])
    t.match(await stack.box.cli(`module show like ${mod}`), new RegExp(`${mod}\\.so.*Running`), mod);
});

t.test('the desk registers over WSS with its own credentials and Asterisk shows the contact', async (t) => {
  const creds = (await httpsJson(stack.httpsUrl, '/api/v1/webrtc/credentials', { ca, cookie: agentCookie }))
    .body;
  t.equal(creds.wsUrl, `${stack.httpsUrl.replace('https:', 'wss:')}/ws`);
  t.equal(creds.password, (await api.get(`/api/v1/seats/${seat.id}`)).secret);
  t.notMatch(await contacts(), /3001\//, 'not registered before');

  const started = Date.now();
  const { ua, outcome } = await register(creds);
  t.same(outcome, { registered: true });
  t.comment(`registered over WSS in ${Date.now() - started} ms`);
  // Asterisk itself: the contact of AOR 3001 came in over the websocket transport, and
  // answers Asterisk's qualify OPTIONS sent back down that websocket
  await until('contact qualified', async () =>
    /Contact:\s+3001\/sip:\S+;transport=WS\s+\S+\s+Avail\b/i.test(await contacts()),
  );
  t.match(await contacts(), /Contact:\s+3001\/sip:\S+;transport=WS\s+\S+\s+Avail\b/i);
  // and hotlined learned it from Asterisk's AMI events
  await until('hotlined sees the browser seat registered', async () => {
    const s = await api.get(`/api/v1/seats/${seat.id}`);
    return s.registration.registered;
  });

  // a closed desk unregisters: the contact goes
  await new Promise<void>((resolve) => {
    ua.on('unregistered', () => resolve());
    ua.unregister();
  });
  await until('contact removed', async () => !/3001\//.test(await contacts()));
  t.pass('unregistered');
  ua.stop();
});

t.test('a wrong password is refused by Asterisk (401), and no contact appears', async (t) => {
  const creds = (await httpsJson(stack.httpsUrl, '/api/v1/webrtc/credentials', { ca, cookie: agentCookie }))
    .body;
  const { ua, outcome } = await register(creds, 'wrong-password-0123456789');
  t.equal(outcome.registered, false);
  t.match(outcome, { cause: JsSIP.C.causes.AUTHENTICATION_ERROR });
  t.notMatch(await contacts(), /3001\//);
  ua.stop();
});

t.test('the HTTPS listener passes only /ws to Asterisk: ARI stays on loopback HTTP', async (t) => {
  // the ARI credentials are right; over the box's HTTPS port they reach hotlined, not Asterisk
  const box = stack.box.ari;
  const auth = `Basic ${Buffer.from(`${box.username}:${box.password}`).toString('base64')}`;
  const direct = await fetch(`http://127.0.0.1:${stack.box.ports.http}/ari/asterisk/info`, {
    headers: { authorization: auth },
  });
  t.equal(direct.status, 200, 'ARI answers on loopback HTTP');
  const viaTls = await new Promise<number>((resolve, reject) => {
    import('node:https').then(({ request }) => {
      const req = request(
        `${stack.httpsUrl}/ari/asterisk/info`,
        { ca, headers: { authorization: auth } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.once('error', reject);
      req.end();
    });
  });
  t.not(viaTls, 200, `ARI over the HTTPS port answers ${viaTls}`);
  // a websocket upgrade to any other path is refused
  const other = new WebSocket(`${stack.httpsUrl.replace('https:', 'wss:')}/ari/events?app=hotline`, { ca });
  const refused = await new Promise<string>((resolve) => {
    other.once('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    other.once('open', () => resolve('open'));
    other.once('error', (e) => resolve(e.message));
  });
  t.match(refused, /404/);
  other.terminate();
});
