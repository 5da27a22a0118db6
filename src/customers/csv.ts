/**
 * A small strict RFC 4180 parser: comma-separated fields, records ended by
 * CRLF or LF (a lone CR outside quotes is refused), fields optionally in
 * double quotes with `""` for a quote and commas/line breaks inside. A quote
 * inside an unquoted field, text after a closing quote, or an unterminated
 * quote is an error naming the record ("row", the header being row 1).
 * A leading UTF-8 BOM is skipped. Limits keep hostile files cheap to refuse.
 */
export class CsvError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(`row ${row}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvOptions {
  /** Longest field, in characters (default 4096). */
  maxField?: number;
  /** Most records, header included (default 10001). */
  maxRows?: number;
}

/** RFC 4180 text: fields quoted when they hold a quote, comma or line break; CRLF between records. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return rows.map((r) => `${r.map(field).join(',')}\r\n`).join('');
}

export function parseCsv(text: string, opts: CsvOptions = {}): string[][] {
  const maxField = opts.maxField ?? 4096;
  const maxRows = opts.maxRows ?? 10_001;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = s.length;
  const rowNo = () => rows.length + 1;
  const endRow = () => {
    rows.push(row);
    if (rows.length > maxRows) throw new CsvError(rows.length, `too many rows (at most ${maxRows})`);
    row = [];
  };
  if (n === 0) return rows;
  for (;;) {
    // one field starts at i
    let field: string;
    if (s[i] === '"') {
      i++;
      let buf = '';
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) throw new CsvError(rowNo(), 'unterminated quoted field');
        buf += s.slice(i, q);
        if (buf.length > maxField) throw new CsvError(rowNo(), `field longer than ${maxField} characters`);
        if (s[q + 1] === '"') {
          buf += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      field = buf;
      if (i < n && s[i] !== ',' && s[i] !== '\n' && !(s[i] === '\r' && s[i + 1] === '\n')) {
        throw new CsvError(rowNo(), 'text after a closing quote');
      }
    } else {
      let j = i;
      while (j < n && s[j] !== ',' && s[j] !== '\n' && s[j] !== '\r') {
        if (s[j] === '"') throw new CsvError(rowNo(), 'quote inside an unquoted field');
        j++;
        if (j - i > maxField) throw new CsvError(rowNo(), `field longer than ${maxField} characters`);
      }
      if (s[j] === '\r' && s[j + 1] !== '\n') throw new CsvError(rowNo(), 'carriage return outside quotes');
      field = s.slice(i, j);
      i = j;
    }
    row.push(field);
    if (i >= n) {
      endRow();
      return rows;
    }
    if (s[i] === ',') {
      i++;
      continue;
    }
    // line break: CRLF or LF
    i += s[i] === '\r' ? 2 : 1;
    endRow();
    if (i >= n) return rows;
  }
}
