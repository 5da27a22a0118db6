import type { Db } from '../db/index.js';
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

const COLUMNS = 'id, name, time_zone, weekly, closed_dates, open_dates, created_at, updated_at';

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
  const all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM schedules ORDER BY id`);
  const page = db.prepare<{ limit: number; offset: number }, Row>(
    `SELECT ${COLUMNS} FROM schedules ORDER BY id LIMIT :limit OFFSET :offset`,
  );
  const count = db.prepare<[], number>('SELECT COUNT(*) FROM schedules');
  const byId = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM schedules WHERE id = ?`);
  const byName = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM schedules WHERE name = ?`);
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
    all: () => all.all().map(toSchedule),
    page: (limit: number, offset: number) => ({
      items: page.all({ limit, offset }).map(toSchedule),
      total: count.pluck().get() ?? 0,
    }),
    get: (id: number) => {
      const r = byId.get(id);
      return r ? toSchedule(r) : undefined;
    },
    getByName: (name: string) => {
      const r = byName.get(name);
      return r ? toSchedule(r) : undefined;
    },
    insert: (s: Omit<Schedule, 'id' | 'createdAt' | 'updatedAt'>, now: number): number =>
      Number(insert.run(params(s, now)).lastInsertRowid),
    update: (s: Schedule, now: number) => update.run({ ...params(s, now), id: s.id }),
    remove: (id: number) => remove.run(id),
  };
}
