import t from 'tap';
import { CsvError, parseCsv } from '../../src/customers/csv.js';

t.test('plain rows with LF and CRLF, trailing newline optional', async (t) => {
  t.same(parseCsv('a,b\n1,2\n'), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  t.same(parseCsv('a,b\r\n1,2'), [
    ['a', 'b'],
    ['1', '2'],
  ]);
  t.same(parseCsv(''), []);
  t.same(parseCsv('a,,\n'), [['a', '', '']]);
});

t.test('BOM is skipped', async (t) => {
  t.same(parseCsv('\ufeffname,x\n张三,1'), [
    ['name', 'x'],
    ['张三', '1'],
  ]);
});

t.test('quoted fields carry commas, line breaks and doubled quotes', async (t) => {
  t.same(parseCsv('"a,b","line1\r\nline2","say ""hi"""\n""'), [['a,b', 'line1\r\nline2', 'say "hi"'], ['']]);
  t.same(parseCsv('x,"y"\r\n'), [['x', 'y']]);
});

t.test('broken quoting is refused with the row', async (t) => {
  const bad: [string, number, RegExp][] = [
    ['a\n"unterminated,b\n', 2, /unterminated/],
    ['a\nb"c,d', 2, /quote inside/],
    ['a\n"b"c,d', 2, /after a closing quote/],
    ['a\rb', 1, /carriage return/],
  ];
  for (const [text, row, re] of bad) {
    const err = t.throws(() => parseCsv(text)) as unknown as CsvError;
    t.ok(err instanceof CsvError, JSON.stringify(text));
    t.equal(err.row, row, JSON.stringify(text));
    t.match(err.message, re);
  }
});

t.test('limits: long fields and too many rows', async (t) => {
  const line = 'x'.repeat(1024 * 1024);
  t.throws(() => parseCsv(`a\n${line}\n`), /row 2: field longer/);
  t.throws(() => parseCsv(`a\n"${line}"\n`), /row 2: field longer/);
  t.throws(() => parseCsv('a\n'.repeat(20), { maxRows: 10 }), /too many rows/);
});
