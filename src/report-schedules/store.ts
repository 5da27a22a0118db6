import type { Db } from '../db/index.js';
import { defineRecords } from '../kit/table.js';
import type { ScheduleFields } from './schema.js';

export interface ReportSchedule extends ScheduleFields {
  id: number;
  lastRunAt: number | null;
  lastResult: 'sent' | 'failed' | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: number;
  name: string;
  report: string;
  period: string;
  interval: string;
  filters: string;
  format: string;
  language: string;
  recipients: string;
  frequency: string;
  weekday: number | null;
  time: string;
  enabled: number;
  last_run_at: number | null;
  last_result: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export function createScheduleStore(db: Db) {
  const schedules = defineRecords<Row, ReportSchedule, 'name' | 'updatedAt', ScheduleFields>(db, {
    table: 'report_schedules',
    fields: [
      'name',
      'report',
      'period',
      'interval',
      'filters',
      'format',
      'language',
      'recipients',
      'frequency',
      'weekday',
      'time',
      'enabled',
    ],
    derived: ['last_run_at', 'last_result', 'last_error'],
    orderBy: 'name, id',
    search: ['name'],
    sort: { name: 'name', updatedAt: 'updated_at' },
    toParams: (f) => ({
      ...f,
      filters: JSON.stringify(f.filters),
      recipients: JSON.stringify(f.recipients),
      enabled: Number(f.enabled),
    }),
    toModel: (r) => ({
      id: r.id,
      name: r.name,
      report: r.report as ReportSchedule['report'],
      period: r.period as ReportSchedule['period'],
      interval: r.interval as ReportSchedule['interval'],
      filters: JSON.parse(r.filters),
      format: r.format as ReportSchedule['format'],
      language: r.language as ReportSchedule['language'],
      recipients: JSON.parse(r.recipients),
      frequency: r.frequency as ReportSchedule['frequency'],
      weekday: r.weekday,
      time: r.time,
      enabled: r.enabled === 1,
      lastRunAt: r.last_run_at,
      lastResult: r.last_result as ReportSchedule['lastResult'],
      lastError: r.last_error,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
  });
  const recordRun = db.prepare(
    'UPDATE report_schedules SET last_run_at = @at, last_result = @result, last_error = @error WHERE id = @id',
  );
  return {
    schedules,
    recordRun: (id: number, run: { at: number; result: 'sent' | 'failed'; error: string | null }) => {
      recordRun.run({ id, ...run });
    },
  };
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>;
