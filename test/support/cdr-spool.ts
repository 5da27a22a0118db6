import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BASE_CONFIG_DIR } from '../../src/asterisk/base-config.js';
import type { SpoolColumn } from '../../src/cdr/spool.js';

/**
 * A spool file exactly as Asterisk's cdr_sqlite3_custom makes it for
 * firmware-config/asterisk/cdr_sqlite3_custom.conf: the module runs this DDL
 * with the configured column list, untyped, and inserts every value quoted.
 */
/** The column list of the shipped module config: the fixture follows whatever Asterisk is told to write. */
const COLUMNS = (() => {
  const conf = readFileSync(path.join(BASE_CONFIG_DIR, 'cdr_sqlite3_custom.conf'), 'utf8');
  const line = /^columns\s*=\s*(.+)$/m.exec(conf)?.[1];
  if (!line) throw new Error('cdr_sqlite3_custom.conf has no columns line');
  return line.split(',').map((c) => c.trim()) as SpoolColumn[];
})();

export const SPOOL_DDL = `CREATE TABLE cdr (AcctId INTEGER PRIMARY KEY, ${COLUMNS.join(', ')})`;

export type SpoolValues = Partial<Record<SpoolColumn, unknown>>;

/** Text values for an answered call starting at `start` (epoch seconds), as Asterisk would write them. */
export function spoolCall(n: number, start: number, over: SpoolValues = {}): SpoolValues {
  const src = `1380000${String(n).padStart(4, '0')}`;
  const uid = `${Math.floor(start)}.${n}`;
  const pad = (x: number) => String(x).padStart(2, '0');
  const d = new Date(start * 1000);
  return {
    calldate: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
    start_epoch: start.toFixed(6),
    answer_epoch: (start + 5).toFixed(6),
    end_epoch: (start + 65).toFixed(6),
    clid: `"Caller ${n}" <${src}>`,
    src,
    dst: '1001',
    dcontext: 'from-trunk',
    channel: `PJSIP/carrier-${String(n).padStart(8, '0')}`,
    dstchannel: `PJSIP/1001-${String(n).padStart(8, '0')}`,
    lastapp: 'Dial',
    lastdata: 'PJSIP/1001,30',
    duration: '65',
    billsec: '60',
    disposition: 'ANSWERED',
    amaflags: 'DOCUMENTATION',
    accountcode: '',
    uniqueid: uid,
    userfield: '',
    linkedid: uid,
    sequence: String(n),
    ...over,
  };
}

export interface TestSpool {
  /** Appends rows as Asterisk does (one insert each, AcctId assigned by SQLite). */
  add(rows: SpoolValues[]): void;
  exec(sql: string): void;
  close(): void;
}

export function createSpool(file: string): TestSpool {
  const db = new Database(file);
  db.exec(SPOOL_DDL);
  const insert = db.prepare(
    `INSERT INTO cdr (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  );
  return {
    add(rows) {
      for (const r of rows) insert.run(...COLUMNS.map((c) => (r[c] === undefined ? null : r[c])));
    },
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
}
