import t from 'tap';
import { mailboxName, voicemailSeatsConf } from '../../src/voicemail/confgen.js';
import { derivePin } from '../../src/voicemail/service.js';
import { golden } from '../support/golden.js';

const demo = [
  { extension: '1002', pin: '482913', name: 'Li Na' },
  { extension: '1001', pin: '000123', name: '客服一组 张伟' },
  { extension: '2001', pin: '1234', name: 'Desk, with comma [x] | y = z' },
  { extension: '2002', pin: '98765432', name: ',;[]' },
];

t.test('voicemail_seats.conf matches its golden file (sorted, names made safe)', async (t) => {
  const { expected, actual } = golden('voicemail/voicemail_seats.conf', voicemailSeatsConf(demo));
  t.equal(actual, expected);
  t.match(actual, /^1001 => 000123,客服一组 张伟$/m);
  t.match(actual, /^2002 => 98765432,2002$/m, 'a name with nothing left falls back to the extension');
});

t.test('a mailbox name never carries a field separator, comment or bracket', async (t) => {
  for (const hostile of [
    'a,b',
    'a;b',
    'x\n[default]\n9999 => 1',
    '${EXTEN}',
    'a|b',
    '"q"',
    '  spaced  ',
    'x'.repeat(10_000),
  ]) {
    const n = mailboxName(hostile, '1001');
    t.notMatch(n, /[,;\n[\]|"$={}]/, JSON.stringify(hostile.slice(0, 20)));
    t.ok(n.length > 0 && n.length <= 64);
    t.equal(n, n.trim());
  }
});

t.test('the generator refuses unsafe extensions and PINs', async (t) => {
  t.throws(() => voicemailSeatsConf([{ extension: '10,1', pin: '1234', name: 'x' }]), /unsafe value/);
  t.throws(() => voicemailSeatsConf([{ extension: '1001', pin: '12;4', name: 'x' }]), /unsafe value/);
  t.throws(() => voicemailSeatsConf([{ extension: '1001', pin: '123', name: 'x' }]), /unsafe value/);
});

t.test(
  'first PINs are six digits, stable per (key, extension), different across extensions and keys',
  async (t) => {
    const a = derivePin('k1', '1001');
    t.match(a, /^[0-9]{6}$/);
    t.equal(derivePin('k1', '1001'), a);
    const all = new Set(Array.from({ length: 200 }, (_, i) => derivePin('k1', String(1000 + i))));
    t.ok(all.size > 190, `${all.size} distinct PINs for 200 seats`);
    t.not(derivePin('k2', '1001'), a);
  },
);
