import t from 'tap';
import { decodePdu, encodeSubmit, splitText } from '../../src/sms/pdu.js';

t.test('GSM 7-bit packing matches the known vector', async (t) => {
  // "hellohello" packs to E8329BFD4697D9EC37 (TS 23.038 6.1.2.1.1's classic example)
  const { parts } = encodeSubmit({ to: '+8613800138000', text: 'hellohello' });
  t.equal(parts[0]!.pdu, '0011000D91683108108300F00000A70AE8329BFD4697D9EC37');
  t.equal(parts[0]!.tpduLength, (parts[0]!.pdu.length - 2) / 2, 'CMGS length leaves the SMSC octet out');
});

t.test('a status report asks with TP-SRR and an SMSC is encoded', async (t) => {
  const { parts } = encodeSubmit({ to: '10086', text: 'hi', smsc: '+8613800100500', statusReport: true });
  t.equal(parts[0]!.pdu.slice(0, 16), '0891683108100005', 'SMSC length, 0x91, swapped digits');
  t.equal(parts[0]!.pdu.slice(18, 20), '31', 'SUBMIT, VPF relative, SRR');
});

t.test('GSM 7-bit: 160 in one SMS, 153 per part; an escape character counts 2 and stays whole', async (t) => {
  t.equal(splitText('a'.repeat(160)).parts.length, 1);
  t.same(
    splitText('a'.repeat(161)).parts.map((p) => p.length),
    [153, 8],
  );
  t.equal(splitText(`${'a'.repeat(159)}€`).parts.length, 2, '€ takes two septets');
  const s = splitText(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
  t.same(
    s.parts.map((p) => p),
    ['a'.repeat(152), `€${'b'.repeat(10)}`],
    'the escape pair is not cut',
  );
});

t.test('UCS2: 70 in one SMS, 67 per part; a surrogate pair at a boundary moves whole', async (t) => {
  t.equal(splitText('中'.repeat(70)).parts.length, 1);
  t.same(
    splitText('中'.repeat(71)).parts.map((p) => p.length),
    [67, 4],
  );
  const text = `${'中'.repeat(66)}😀${'文'.repeat(10)}`;
  const { encoding, parts } = splitText(text);
  t.equal(encoding, 'ucs2');
  t.same(
    parts.map((p) => p.length),
    [66, 12],
    '66 units, then the emoji (2) with the rest',
  );
  t.equal(parts.join(''), text);
});

t.test('concatenated UCS2 parts carry 05 00 03 ref total seq and UDL counts it', async (t) => {
  const { parts } = encodeSubmit({ to: '13800138000', text: '中'.repeat(140), ref: 7 });
  t.equal(parts.length, 3);
  for (const [i, p] of parts.entries()) {
    t.ok(p.pdu.includes(`050003070${parts.length}0${i + 1}`), `part ${i + 1} header`);
  }
});

t.test('a GSM 7-bit DELIVER decodes (the classic "How are you?" vector)', async (t) => {
  const pdu = '07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07';
  const d = decodePdu(pdu);
  t.match(d, { type: 'deliver', from: '+31641600986', text: 'How are you?' });
});

t.test('a status report decodes to its reference and outcome', async (t) => {
  const r = decodePdu('0006D60B911326880736F4111011719551401110117195714000');
  t.match(r, { type: 'status-report', reference: 0xd6, recipient: '+31628870634', outcome: 'delivered' });
  t.throws(() => decodePdu('zz'), /hex/);
});
