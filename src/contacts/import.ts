/**
 * The streamed CSV import of a contact list: bytes → text (UTF-8, with or
 * without BOM, or GBK, detected) → csv-parse records → validated contacts,
 * handed on in batches. Memory stays bounded by a batch and the parser's
 * current record whatever the file's length (bench/contacts-import.ts).
 */

import type { Readable } from 'node:stream';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { AppError, validation } from '../errors.js';
import { UNSAFE_TEXT } from '../kit/text.js';
import { canonicalNumber } from '../outbound/pattern.js';
import { type Mapping, PhoneNumber, TimeZone } from './schema.js';
import type { NewContact } from './store.js';

export type Encoding = 'utf-8' | 'gbk';

/** What the error middleware answers as 413 naming `body` (as it does for the body parsers). */
export const tooLarge = () =>
  Object.assign(new Error('request body too large'), { status: 413, type: 'entity.too.large' });
const isTooLarge = (e: unknown) => (e as { status?: number })?.status === 413;

/** Bytes of the first non-ASCII stretch looked at before deciding (or the whole file when shorter). */
const SNIFF_BYTES = 4096;

/**
 * Text out of bytes in UTF-8 or GBK. ASCII reads the same in both, so the
 * choice waits for the first byte above 0x7F: if the bytes from there on
 * (up to SNIFF_BYTES) are valid UTF-8 the file is UTF-8 (a BOM is dropped),
 * otherwise GBK (WHATWG's decoder for the label, i.e. GB18030, which covers
 * what a spreadsheet on a Chinese Windows saves). A UTF-8 file broken later
 * on, or bytes that are not GBK either, stop the import.
 */
export class TextSniffer extends Transform {
  encoding: Encoding | null = null;
  private decoder: TextDecoder | null = null;
  private held: Buffer = Buffer.alloc(0);
  private bytes = 0;

  constructor(private readonly maxBytes: number) {
    super({ readableObjectMode: false, decodeStrings: true });
  }

  private decide(buf: Buffer, final: boolean): Buffer | null {
    const first = buf.findIndex((b) => b > 0x7f);
    if (first < 0) {
      if (!final) {
        this.push(buf.toString('latin1'));
        return Buffer.alloc(0);
      }
      this.encoding = 'utf-8';
    } else if (!final && buf.length - first < SNIFF_BYTES) {
      return null; // not enough to tell yet
    } else {
      const sample = buf.subarray(first, first + SNIFF_BYTES);
      let utf8 = true;
      try {
        // stream: a sequence cut by the sample's end is not an error
        new TextDecoder('utf-8', { fatal: true }).decode(sample, {
          stream: !final || sample.length < buf.length - first,
        });
      } catch {
        utf8 = false;
      }
      this.encoding = utf8 ? 'utf-8' : 'gbk';
    }
    // ICU's decoder for the label gbk drops a stray 0xFF even when fatal; the gb18030 one refuses it
    this.decoder = new TextDecoder(this.encoding === 'gbk' ? 'gb18030' : 'utf-8', { fatal: true });
    return buf;
  }

  private feed(chunk: Buffer, final: boolean): string {
    let buf = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    this.held = Buffer.alloc(0);
    if (!this.decoder) {
      const rest = this.decide(buf, final);
      if (rest === null) {
        this.held = buf;
        return '';
      }
      buf = rest;
      if (!this.decoder) return '';
    }
    try {
      return this.decoder.decode(buf, { stream: !final });
    } catch {
      throw validation(
        'body',
        this.encoding === 'gbk'
          ? 'the CSV is neither UTF-8 nor GBK'
          : 'the CSV is not valid UTF-8 throughout (save it as UTF-8 or GBK)',
      );
    }
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(tooLarge());
      return;
    }
    try {
      const text = this.feed(chunk, false);
      if (text) this.push(text);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback) {
    try {
      const text = this.feed(Buffer.alloc(0), true);
      if (text) this.push(text);
      done();
    } catch (err) {
      done(err as Error);
    }
  }
}

export interface RejectedRow {
  /** The record's number in the file, the header being row 1. */
  row: number;
  /** The mapped field (`number`, `timeZone`, a variable), or `row` for a malformed record. */
  field: string;
  reason: string;
}

export interface ImportReport {
  encoding: Encoding | null;
  /** Data rows read (the header not counted). */
  rows: number;
  imported: number;
  /** Rows whose number was already in the list (the first stays). */
  duplicates: number;
  rejected: number;
  /** The first REPORT_ROWS rejections, in file order. */
  rejections: RejectedRow[];
}

export const REPORT_ROWS = 100;
/** Longest field (characters): a hostile 10 MB cell is a rejected row, not a held string. */
const MAX_FIELD = 4096;
const BATCH = 1000;

export interface ImportOptions {
  mapping: Mapping;
  maxBytes: number;
  /** Most data rows (beyond: the import stops with a 400). */
  maxRows: number;
  /** Writes one batch; answers how many of its numbers were already in the list. */
  write(batch: NewContact[]): number;
}

/** Reads `input` to the end; throws AppError (400/413) on a file it cannot read as a whole. */
export async function importCsv(input: Readable, opts: ImportOptions): Promise<ImportReport> {
  const { mapping } = opts;
  const report: ImportReport = {
    encoding: null,
    rows: 0,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    rejections: [],
  };
  const reject = (row: number, field: string, reason: string) => {
    report.rejected++;
    if (report.rejections.length < REPORT_ROWS) report.rejections.push({ row, field, reason });
  };
  const sniffer = new TextSniffer(opts.maxBytes);
  const parser = parse({
    bom: true,
    relax_column_count: false,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_FIELD * 64,
    info: true,
  });
  parser.on('skip', (err: Error & { lines?: number }) => {
    reject(err.lines ?? 0, 'row', err.message.replace(/^Invalid [A-Za-z ]+: /, ''));
  });

  let columns: Map<string, number> | null = null;
  let batch: NewContact[] = [];
  const flush = () => {
    if (!batch.length) return;
    const dup = opts.write(batch);
    report.duplicates += dup;
    report.imported += batch.length - dup;
    batch = [];
  };
  const tzCache = new Map<string, boolean>();
  const validZone = (tz: string) => {
    let ok = tzCache.get(tz);
    if (ok === undefined) {
      ok = TimeZone.safeParse(tz).success;
      if (tzCache.size < 1000) tzCache.set(tz, ok);
    }
    return ok;
  };

  const consume = async (records: AsyncIterable<{ record: string[]; info: { lines: number } }>) => {
    for await (const { record, info } of records) {
      const row = info.lines;
      if (!columns) {
        columns = header(record, mapping);
        continue;
      }
      report.rows++;
      if (report.rows > opts.maxRows) throw validation('body', `the CSV has more than ${opts.maxRows} rows`);
      const cell = (name: string) => record[columns!.get(name)!] ?? '';
      const long = record.findIndex((v) => v.length > MAX_FIELD);
      if (long >= 0) {
        reject(row, 'row', `column ${long + 1} is longer than ${MAX_FIELD} characters`);
        continue;
      }
      const raw = cell(mapping.number);
      const num = PhoneNumber.safeParse(raw);
      if (!num.success) {
        reject(row, 'number', num.error.issues[0]?.message ?? 'not a phone number');
        continue;
      }
      let timeZone: string | null = null;
      if (mapping.timeZone !== undefined) {
        const tz = cell(mapping.timeZone).trim();
        if (tz && !validZone(tz)) {
          reject(row, 'timeZone', 'use an IANA time zone such as Asia/Shanghai');
          continue;
        }
        timeZone = tz || null;
      }
      const variables: Record<string, string> = {};
      let bad: string | undefined;
      for (const [name, col] of Object.entries(mapping.variables)) {
        const v = cell(col);
        // kept as written: a formula (=, +, -, @) is data, made inert only on export
        if (UNSAFE_TEXT.test(v)) {
          bad = name;
          break;
        }
        variables[name] = v;
      }
      if (bad !== undefined) {
        reject(row, bad, `${bad} must not contain control characters`);
        continue;
      }
      batch.push({ number: canonicalNumber(num.data), timeZone, variables: JSON.stringify(variables), row });
      if (batch.length >= BATCH) {
        flush();
        // let the event loop breathe between batches: other requests are served meanwhile
        await new Promise((r) => setImmediate(r));
      }
    }
  };

  // the first error stands: pipeline may answer with the abort it caused in the other stages
  let failure: unknown;
  const keep = (err: unknown) => {
    failure ??= err;
    throw err;
  };
  try {
    await pipeline(
      input,
      sniffer.on('error', (e) => (failure ??= e)),
      parser,
      (src) => consume(src).catch(keep),
    );
  } catch (e) {
    const err = failure ?? e;
    if (err instanceof AppError || isTooLarge(err)) throw err;
    throw validation('body', `the CSV could not be read: ${(err as Error).message}`);
  }
  if (!columns) throw validation('body', 'the CSV is empty (a header row is required)');
  flush();
  report.encoding = sniffer.encoding;
  // the parser reports a malformed record as it reads ahead of the rows being checked
  report.rejections.sort((a, b) => a.row - b.row);
  return report;
}

/** Header names → column index; every mapped column must be there, once. */
function header(record: string[], mapping: Mapping): Map<string, number> {
  const cols = new Map<string, number>();
  record.forEach((h, i) => {
    const name = h.trim();
    if (!cols.has(name)) cols.set(name, i);
  });
  const need: [string, string][] = [
    ['mapping.number', mapping.number],
    ...(mapping.timeZone !== undefined ? [['mapping.timeZone', mapping.timeZone] as [string, string]] : []),
    ...Object.entries(mapping.variables).map(([k, v]): [string, string] => [`mapping.variables.${k}`, v]),
  ];
  for (const [field, col] of need) {
    if (!cols.has(col)) throw validation(field, `the CSV has no column "${col}"`);
  }
  return cols;
}
