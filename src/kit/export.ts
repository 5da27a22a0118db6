/**
 * Exports of lists (calls, reports) as CSV or XLSX, streamed: rows arrive in
 * pages and are written as they come, so a million-row export holds one page
 * in memory, not the file.
 *
 * - CSV starts with a UTF-8 BOM, or Excel on a Chinese Windows reads it as
 *   GBK; a text cell that starts with = + - @ or a tab/CR is prefixed with
 *   an apostrophe so a spreadsheet shows it instead of running it.
 * - XLSX (exceljs's streaming writer, no shared strings) starts a new sheet
 *   every 1,048,575 data rows: a sheet holds at most 1,048,576 rows. Its
 *   text cells are typed as text, which a spreadsheet never evaluates, so
 *   they are written as they are.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { z } from 'zod';
import { attachmentHeader } from './router.js';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportFormat = z.enum(EXPORT_FORMATS).default('csv');

export const MEDIA_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows per sheet before the next one, the header row not counted. */
export const XLSX_SHEET_ROWS = 1_048_575;

export type Cell = string | number | null;

export interface ExportColumn<T> {
  header: string;
  value(row: T): Cell;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet would evaluate, made inert. Numbers stay numbers. */
export function inertCell(v: Cell): Cell {
  return typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : v;
}

/** The other way, for a CSV that comes back as an import: the apostrophe inertCell added is dropped. */
export function liveCell(v: string): string {
  return /^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v;
}

async function writeCsv<T>(out: Writable, columns: ExportColumn<T>[], pages: AsyncIterable<T[]>) {
  const csv = stringify({ bom: true, record_delimiter: '\r\n' });
  csv.pipe(out);
  const write = async (record: Cell[]) => {
    if (!csv.write(record)) await once(csv, 'drain');
  };
  await write(columns.map((c) => c.header));
  for await (const page of pages) {
    for (const row of page) await write(columns.map((c) => inertCell(c.value(row)) ?? ''));
  }
  csv.end();
  await once(out, 'finish');
}

async function writeXlsx<T>(
  out: Writable,
  columns: ExportColumn<T>[],
  pages: AsyncIterable<T[]>,
  sheetName: string,
  sheetRows: number,
) {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  let sheet: ExcelJS.Worksheet | undefined;
  let sheets = 0;
  let rows = 0;
  const nextSheet = () => {
    sheet?.commit();
    sheets++;
    sheet = book.addWorksheet(sheets === 1 ? sheetName : `${sheetName} ${sheets}`);
    sheet.addRow(columns.map((c) => c.header)).commit();
    rows = 0;
  };
  nextSheet();
  for await (const page of pages) {
    for (const row of page) {
      if (rows === sheetRows) nextSheet();
      sheet!.addRow(columns.map((c) => c.value(row))).commit();
      rows++;
    }
    // the writer buffers up to its high-water mark; let the socket take it before the next page
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet!.commit();
  await book.commit();
}

export interface ExportSpec<T> {
  format: ExportFormat;
  columns: ExportColumn<T>[];
  pages: AsyncIterable<T[]>;
  /** The XLSX sheet's name (at most 31 characters; no []:*?/\). */
  sheetName?: string;
  /** Data rows per XLSX sheet (tests set it small). */
  sheetRows?: number;
}

/** Writes the export to `out` and resolves once the last byte is handed over. */
export function writeExport<T>(out: Writable, spec: ExportSpec<T>): Promise<void> {
  return spec.format === 'csv'
    ? writeCsv(out, spec.columns, spec.pages)
    : writeXlsx(out, spec.columns, spec.pages, spec.sheetName ?? 'Sheet', spec.sheetRows ?? XLSX_SHEET_ROWS);
}

/**
 * Answers an export as a file download. A failure before the first byte
 * reaches the error handler as usual; after it, the status is already sent,
 * so the connection is cut and the client sees a broken download rather than
 * a file that ends early but looks whole.
 */
export async function sendExport<T>(res: Response, basename: string, spec: ExportSpec<T>): Promise<void> {
  res.set('Content-Type', MEDIA_TYPE[spec.format]);
  res.set('Content-Disposition', attachmentHeader(`${basename}.${spec.format}`));
  try {
    await writeExport(res, spec);
  } catch (err) {
    if (!res.headersSent) throw err;
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}
