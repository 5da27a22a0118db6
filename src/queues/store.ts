import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import { defineTable } from '../kit/table.js';
import { type Queue, QueueSettings, type QueueSortKey } from './schema.js';

interface Row {
  id: number;
  name: string;
  number: string | null;
  settings: string;
  overflow: string;
  created_at: number;
  updated_at: number;
}

// settings are parsed through the schema so rows written by an older version get new defaults
const toQueue = (r: Row): Queue => ({
  id: r.id,
  name: r.name,
  number: r.number,
  settings: QueueSettings.parse(JSON.parse(r.settings)),
  overflow: JSON.parse(r.overflow) as Destination,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type QueueStore = ReturnType<typeof createQueueStore>;
export type QueueFields = Pick<Queue, 'name' | 'number' | 'settings' | 'overflow'>;

export function createQueueStore(db: Db) {
  const table = defineTable<Row, Queue, QueueSortKey>(db, {
    table: 'queues',
    columns: ['id', 'name', 'number', 'settings', 'overflow', 'created_at', 'updated_at'],
    toModel: toQueue,
    orderBy: 'id',
    search: ['name', 'number'],
    sort: { id: 'id', name: 'name', number: 'number' },
  });
  const insert = db.prepare(
    `INSERT INTO queues (name, number, settings, overflow, created_at, updated_at)
     VALUES (@name, @number, @settings, @overflow, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE queues SET name = @name, number = @number, settings = @settings, overflow = @overflow,
     updated_at = @now WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM queues WHERE id = ?');
  const encode = (q: QueueFields) => ({
    name: q.name,
    number: q.number,
    settings: JSON.stringify(q.settings),
    overflow: JSON.stringify(q.overflow),
  });

  return {
    page: table.page,
    all: table.all,
    get: table.byId,
    byNumber: (n: string) => table.findBy('number', n),
    byName: (name: string) => table.findBy('name', name),
    insert: (q: QueueFields, now: number) => Number(insert.run({ ...encode(q), now }).lastInsertRowid),
    update: (id: number, q: QueueFields, now: number) => update.run({ ...encode(q), id, now }),
    remove: (id: number) => remove.run(id),
  };
}
