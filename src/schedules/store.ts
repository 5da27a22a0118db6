import type { Db } from '../db/index.js';
import { defineRecords, type Fields } from '../kit/table.js';
import type { ClosedDate, OpenDate, Schedule, Weekly } from './schema.js';

interface Row {
  id: number;
  name: string;
  time_zone: string;
  weekly: string;
  closed_dates: string;
  open_dates: string;
  created_at: number;
  updated_at: number;
}

const toSchedule = (r: Row): Schedule => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  weekly: JSON.parse(r.weekly) as Weekly,
  closedDates: JSON.parse(r.closed_dates) as ClosedDate[],
  openDates: JSON.parse(r.open_dates) as OpenDate[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const params = (s: Fields<Schedule>) => ({
  name: s.name,
  timeZone: s.timeZone,
  weekly: JSON.stringify(s.weekly),
  closedDates: JSON.stringify(s.closedDates),
  openDates: JSON.stringify(s.openDates),
});

export type ScheduleStore = ReturnType<typeof createScheduleStore>;

export function createScheduleStore(db: Db) {
  const table = defineRecords(db, {
    table: 'schedules',
    fields: ['name', 'time_zone', 'weekly', 'closed_dates', 'open_dates'],
    toModel: toSchedule,
    toParams: params,
    orderBy: 'id',
    search: ['name'],
    sort: { name: 'name', timeZone: 'time_zone', createdAt: 'created_at' },
  });

  return {
    ...table,
    getByName: (name: string) => table.findBy('name', name),
    update: (s: Schedule, now: number) => table.update(s.id, s, now),
  };
}
