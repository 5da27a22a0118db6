import t from 'tap';
import { dialPatternProblem, patternMatches } from '../../src/outbound/pattern.js';

t.test('Asterisk patterns and exact numbers are accepted', async (t) => {
  for (const p of [
    '_X.',
    '_1[3-9]XXXXXXXXX',
    '110',
    '+8613800138000',
    '_00X.',
    '_0[1-9]X!',
    '_NXX-XXXX',
    '*97',
    '_[0-35-9]X',
  ]) {
    t.equal(dialPatternProblem(p), null, p);
  }
});

t.test('anything that could inject dialplan or means nothing is refused', async (t) => {
  for (const p of [
    '',
    '_X.,1,System(rm -rf /)',
    '_X.;comment',
    '_X.)',
    '_X(.',
    '_X.$',
    '_X ',
    ' _X.',
    '_X.\n',
    '_[]X.',
    '_[X.',
    '_X].',
    '_[[1]]X',
    '_[a-z]X',
    '_[9-1]X',
    '_x.',
    '_.',
    '_!',
    '_X.X',
    '12a',
    '${EXTEN}',
    `_${'X'.repeat(40)}`,
  ]) {
    t.not(dialPatternProblem(p), null, JSON.stringify(p));
  }
});

t.test('patterns mean what Asterisk means', async (t) => {
  t.ok(patternMatches('_X.', '12'));
  t.notOk(patternMatches('_X.', '1'), '. needs one or more');
  t.ok(patternMatches('_X!', '1'), '! takes zero or more');
  t.ok(patternMatches('_1[3-9]XXXXXXXXX', '13800138000'));
  t.notOk(patternMatches('_1[3-9]XXXXXXXXX', '12800138000'));
  t.notOk(patternMatches('_1[3-9]XXXXXXXXX', '138001380001'));
  t.ok(patternMatches('_NXX-XXXX', '2345678'), 'dash is for reading only');
  t.notOk(patternMatches('_N.', '1234'));
  t.ok(patternMatches('_Z.', '1234'));
  t.ok(patternMatches('110', '110'));
  t.notOk(patternMatches('110', '1100'));
  t.ok(patternMatches('+86X.', '+86X.'), 'exact numbers are literal');
});

t.test(
  'every dialled form of a number has one canonical form (the deny list is written in it)',
  async (t) => {
    const { canonicalNumber } = await import('../../src/outbound/pattern.js');
    for (const [forms, canonical] of [
      [['+19005551234', '0019005551234'], '0019005551234'],
      [['+862116812345', '00862116812345', '02116812345'], '02116812345'],
      [['+8613912345678', '008613912345678', '013912345678', '13912345678'], '13912345678'],
      [['16812345'], '16812345'],
      [['110'], '110'],
    ] as const) {
      for (const f of forms) t.equal(canonicalNumber(f), canonical, `${f} → ${canonical}`);
    }
  },
);
