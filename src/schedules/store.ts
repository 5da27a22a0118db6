import type { Db } from '../db/index.js';
import { defineTable } from '../kit/table.js';
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

const params = (s: Omit<Schedule, 'id' | 'createdAt' | 'updatedAt'>, now: number) => ({
  name: s.name,
  timeZone: s.timeZone,
  weekly: JSON.stringify(s.weekly),
  closedDates: JSON.stringify(s.closedDates),
  openDates: JSON.stringify(s.openDates),
  now,
});

export type ScheduleStore = ReturnType<typeof createScheduleStore>;

export function createScheduleStore(db: Db) {
  const table = defineTable(db, {
    table: 'schedules',
    columns: ['id', 'name', 'time_zone', 'weekly', 'closed_dates', 'open_dates', 'created_at', 'updated_at'],
    toModel: toSchedule,
    orderBy: 'id',
    search: ['name'],
    sort: { name: 'name', timeZone: 'time_zone', createdAt: 'created_at' },
  });
  const insert = db.prepare(
    `INSERT INTO schedules (name, time_zone, weekly, closed_dates, open_dates, created_at, updated_at)
     VALUES (@name, @timeZone, @weekly, @closedDates, @openDates, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE schedules SET name = @name, time_zone = @timeZone, weekly = @weekly, closed_dates = @closedDates,
       open_dates = @openDates, updated_at = @now WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM schedules WHERE id = ?');

  return {
    all: table.all,
    page: table.page,
    get: table.byId,
    getByName: (name: string) => table.findBy('name', name),
    insert: (s: Omit<Schedule, 'id' | 'createdAt' | 'updatedAt'>, now: number): number =>
      Number(insert.run(params(s, now)).lastInsertRowid),
    update: (s: Schedule, now: number) => update.run({ ...params(s, now), id: s.id }),
    remove: (id: number) => remove.run(id),
  };
}
