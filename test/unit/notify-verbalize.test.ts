import t from 'tap';
import {
  dateTimeWords,
  dateWords,
  fill,
  guessKind,
  integerWords,
  moneyWords,
  numberWords,
  spellWords,
  timeWords,
} from '../../src/notify/verbalize.js';

t.test('whole numbers are read with 十 百 千 万 亿 and one 零 for each gap', async (t) => {
  const cases: [number, string][] = [
    [0, '零'],
    [7, '七'],
    [10, '十'],
    [15, '十五'],
    [20, '二十'],
    [105, '一百零五'],
    [110, '一百一十'],
    [1010, '一千零一十'],
    [1234, '一千二百三十四'],
    [10005, '一万零五'],
    [20000, '二万'],
    [100010, '十万零一十'],
    [1000000, '一百万'],
    [100000005, '一亿零五'],
    [123456789, '一亿二千三百四十五万六千七百八十九'],
    [-42, '负四十二'],
  ];
  for (const [n, words] of cases) t.equal(integerWords(n), words, String(n));
});

t.test('amounts are read in 元 角 分', async (t) => {
  t.equal(moneyWords('123.45'), '一百二十三元四角五分');
  t.equal(moneyWords('123.05'), '一百二十三元零五分');
  t.equal(moneyWords('123.40'), '一百二十三元四角');
  t.equal(moneyWords('100'), '一百元');
  t.equal(moneyWords('0.5'), '五角');
  t.equal(moneyWords('0.05'), '五分');
  t.equal(moneyWords('0'), '零元');
  t.equal(moneyWords('1,200.00'), '一千二百元');
  t.equal(moneyWords('-3.2'), '负三元二角');
  t.equal(moneyWords('abc'), 'abc', 'not an amount: as given');
});

t.test('decimals, dates, times and codes', async (t) => {
  t.equal(numberWords('3.14'), '三点一四');
  t.equal(dateWords('2026-12-02'), '二零二六年十二月二日');
  t.equal(dateWords('2026/1/31'), '二零二六年一月三十一日');
  t.equal(dateWords('2026-13-01'), '2026-13-01', 'no 13th month: as given');
  t.equal(timeWords('14:05'), '十四点零五分');
  t.equal(timeWords('8:30'), '八点三十分');
  t.equal(timeWords('09:00'), '九点整');
  t.equal(timeWords('02:15'), '两点十五分');
  t.equal(timeWords('23:59:30'), '二十三点五十九分三十秒');
  t.equal(timeWords('25:00'), '25:00');
  t.equal(dateTimeWords('2026-12-02 14:05'), '二零二六年十二月二日十四点零五分');
  t.equal(spellWords('CA1234'), 'C A 幺 二 三 四', 'a flight number letter by letter, 1 as 幺');
  t.equal(spellWords('mu5101'), 'M U 五 幺 零 幺');
});

t.test('a value without a kind is read as what it looks like', async (t) => {
  t.equal(guessKind('2026-12-02'), 'date');
  t.equal(guessKind('14:05'), 'time');
  t.equal(guessKind('CA1234'), 'spell');
  t.equal(guessKind('13800138000'), 'digits');
  t.equal(guessKind('42'), 'number');
  t.equal(guessKind('张三'), 'text');
});

t.test('a template is filled in words for speech and as given for text', async (t) => {
  const tpl =
    '您的航班{{flight}}于{{date}}{{time}}起飞，退款{{amount|money}}，单号{{order|digits}}。{{missing}}';
  const vars = { flight: 'CA1234', date: '2026-12-02', time: '14:05', amount: '123.45', order: '2018' };
  t.equal(
    fill(tpl, vars, 'speech'),
    '您的航班C A 幺 二 三 四于二零二六年十二月二日十四点零五分起飞，退款一百二十三元四角五分，单号二零幺八。',
  );
  t.equal(fill(tpl, vars, 'text'), '您的航班CA1234于2026-12-0214:05起飞，退款123.45，单号2018。');
});
