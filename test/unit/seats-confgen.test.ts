import t from 'tap';
import { seatsDialplan, seatsPjsipConf } from '../../src/seats/confgen.js';
import type { Seat } from '../../src/seats/schema.js';
import { golden } from '../support/golden.js';

const seat = (extension: string, name: string, extra: Partial<Seat> = {}): Seat => ({
  id: Number(extension),
  extension,
  name,
  secret: `S3cretFor${extension}xxxxxxxx`,
  transport: 'udp',
  maxContacts: 1,
  enabled: true,
  callClass: 'national',
  voicemail: true,
  recording: 'never',
  createdAt: 0,
  updatedAt: 0,
  ...extra,
});

const demo = [
  seat('1002', 'Zhang Wei', { recording: 'on_demand' }),
  seat('1001', '客服一组', { recording: 'always' }),
  seat('1003', 'Disabled', { enabled: false, recording: 'always' }),
  seat('2001', 'Desk, with comma [x]', {
    transport: 'tcp',
    maxContacts: 3,
    callClass: 'internal',
    voicemail: false,
  }),
  seat('3001', '浏览器坐席 desk', { transport: 'wss', recording: 'always' }),
];

t.test('pjsip_seats.conf matches its golden file (sorted, disabled seats left out)', async (t) => {
  const { expected, actual } = golden('seats/pjsip_seats.conf', seatsPjsipConf(demo));
  t.equal(actual, expected);
  t.notMatch(actual, /\[1003\]/);
});

t.test('extensions_seats.conf matches its golden file', async (t) => {
  const { expected, actual } = golden('seats/extensions_seats.conf', seatsDialplan(demo));
  t.equal(actual, expected);
});

t.test('the generator refuses a value that would break out of its line', async (t) => {
  for (const name of ['evil\n[1001]\ntype=endpoint', 'a;b', 'quote"', 'x${EXTEN}', 'a\\b']) {
    t.throws(() => seatsPjsipConf([seat('1001', name)]), /unsafe value/, JSON.stringify(name));
  }
  t.throws(() => seatsDialplan([seat('10,1', 'x')]), /unsafe value/);
  t.throws(() => seatsPjsipConf([seat('1001', 'ok', { secret: 'short;' })]), /unsafe value/);
});

t.test('a browser (wss) seat is a WebRTC endpoint with Opus and G.711 and no fixed transport', async (t) => {
  const text = seatsPjsipConf([seat('3001', 'Desk', { transport: 'wss' })]);
  const endpoint = text.split('\n\n').find((b) => b.includes('type = endpoint'))!;
  t.match(endpoint, /^allow = opus,alaw,ulaw$/m);
  t.match(endpoint, /^webrtc = yes$/m);
  t.match(endpoint, /^dtls_auto_generate_cert = yes$/m);
  t.notMatch(endpoint, /^transport = /m);
  t.match(text, /^max_contacts = 1\nremove_existing = yes$/m);
  const udp = seatsPjsipConf([seat('1001', 'Phone')]);
  t.notMatch(udp, /webrtc|opus/);
});

t.test('a seat transport outside udp/tcp/wss never reaches the file', async (t) => {
  for (const transport of ['udp\n[evil]', 'ws', 'tls;x', '${EXTEN}', 'x'.repeat(10_000), '客服一组']) {
    t.throws(
      () => seatsPjsipConf([seat('1001', 'ok', { transport: transport as Seat['transport'] })]),
      /unsafe value/,
      JSON.stringify(transport.slice(0, 20)),
    );
  }
});

t.test('an empty seat list still yields a loadable context', async (t) => {
  t.match(seatsDialplan([]), /^\[hotline-seats\]$/m);
  t.notMatch(seatsPjsipConf([]), /^\[/m);
});
