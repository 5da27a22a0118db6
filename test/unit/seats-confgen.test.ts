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

t.test('an empty seat list still yields a loadable context', async (t) => {
  t.match(seatsDialplan([]), /^\[hotline-seats\]$/m);
  t.notMatch(seatsPjsipConf([]), /^\[/m);
});
