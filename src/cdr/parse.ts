import { COL, type SpoolRow } from './spool.js';

/**
 * A cdr row ready to bind, in the column order of store.ts's insert. Built as
 * a positional array: during catch-up this runs tens of thousands of times a second.
 */
export type CdrValues = [
  spoolId: number,
  startAt: number,
  answerAt: number | null,
  endAt: number | null,
  clid: string,
  src: string,
  dst: string,
  dcontext: string,
  channel: string,
  dstchannel: string,
  lastapp: string,
  lastdata: string,
  duration: number,
  billsec: number,
  disposition: string,
  accountcode: string,
  uniqueid: string,
  linkedid: string,
  userfield: string,
  sequence: number,
  did: string,
  ivrpath: string,
  recording: string,
  afterhours: string,
];

/** Fields that could not be read, counted per batch so one bad row logs once, not per field. */
export class ParseIssues {
  count = 0;
  readonly fields: Record<string, number> = {};
  example: { acctId: number; field: string; value: string } | undefined;

  add(acctId: number, field: string, value: unknown): void {
    this.count++;
    this.fields[field] = (this.fields[field] ?? 0) + 1;
    this.example ??= { acctId, field, value: String(value).slice(0, 64) };
  }
}

const CALLDATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return '';
}

/**
 * An epoch from `${CDR(x,u)}` ("1732359000.123456"). Asterisk writes "" or
 * "0.000000" for a time that never happened (an unanswered call's answer),
 * which is null; garbage is undefined.
 */
function epoch(v: unknown): number | null | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    const s = text(v).trim();
    if (s === '') return null;
    n = Number(s);
  }
  if (!Number.isFinite(n) || n < 0) return undefined;
  return n === 0 ? null : n;
}

function integer(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : integer(String(v));
  const s = text(v).trim();
  if (s === '') return 0;
  const n = Math.trunc(Number(s));
  return Number.isSafeInteger(n) ? n : undefined;
}

/** CDR(start) without ",u": "2024-11-23 10:50:00" in the box's local time. */
function calldate(v: unknown): number | undefined {
  const m = CALLDATE.exec(text(v));
  if (!m) return undefined;
  const t = new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!).getTime() / 1000;
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

/**
 * One spool row into cdr values. Never throws: an unreadable field becomes
 * 0/null/'' and is reported in `issues`, and the rest of the row is kept.
 */
export function parseSpoolRow(row: SpoolRow, spoolId: number, issues: ParseIssues): CdrValues {
  const acctId = Number(row[0]);
  // Asterisk always writes a start; without one, calldate (second precision) is next best.
  let startAt = epoch(row[COL.start_epoch]);
  if (startAt === null || startAt === undefined) {
    issues.add(acctId, 'start_epoch', row[COL.start_epoch]);
    startAt = calldate(row[COL.calldate]);
    if (startAt === undefined) {
      issues.add(acctId, 'calldate', row[COL.calldate]);
      startAt = 0;
    }
  }
  const time = (field: 'answer_epoch' | 'end_epoch'): number | null => {
    const t = epoch(row[COL[field]]);
    if (t !== undefined) return t;
    issues.add(acctId, field, row[COL[field]]);
    return null;
  };
  const int = (field: 'duration' | 'billsec' | 'sequence'): number => {
    const n = integer(row[COL[field]]);
    if (n !== undefined) return n;
    issues.add(acctId, field, row[COL[field]]);
    return 0;
  };
  return [
    spoolId,
    startAt,
    time('answer_epoch'),
    time('end_epoch'),
    text(row[COL.clid]),
    text(row[COL.src]),
    text(row[COL.dst]),
    text(row[COL.dcontext]),
    text(row[COL.channel]),
    text(row[COL.dstchannel]),
    text(row[COL.lastapp]),
    text(row[COL.lastdata]),
    int('duration'),
    int('billsec'),
    text(row[COL.disposition]),
    text(row[COL.accountcode]),
    text(row[COL.uniqueid]),
    text(row[COL.linkedid]),
    text(row[COL.userfield]),
    int('sequence'),
    text(row[COL.did]),
    text(row[COL.ivrpath]),
    text(row[COL.recording]),
    text(row[COL.afterhours]),
  ];
}
