import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import { type Queue, QueueSettings } from './schema.js';

interface Row {
  id: number;
  name: string;
  number: string | null;
  settings: string;
  overflow: string;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'id, name, number, settings, overflow, created_at, updated_at';

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
  const search = `(? IS NULL OR name LIKE ? ESCAPE '\\' OR number LIKE ? ESCAPE '\\')`;
  const page = db.prepare<[string | null, string | null, string | null, number, number], Row>(
    `SELECT ${COLUMNS} FROM queues WHERE ${search} ORDER BY id LIMIT ? OFFSET ?`,
  );
  const count = db
    .prepare<[string | null, string | null, string | null], number>(
      `SELECT COUNT(*) FROM queues WHERE ${search}`,
    )
    .pluck();
  const all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM queues ORDER BY id`);
  const byId = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM queues WHERE id = ?`);
  const byNumber = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM queues WHERE number = ?`);
  const byName = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM queues WHERE name = ?`);
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
    page(text: string | undefined, limit: number, offset: number) {
      const like = text === undefined ? null : `%${text.replace(/[\\%_]/g, '\\$&')}%`;
      const args = [text ?? null, like, like] as const;
      return { items: page.all(...args, limit, offset).map(toQueue), total: count.get(...args) ?? 0 };
    },
    all: () => all.all().map(toQueue),
    get: (id: number) => {
      const r = byId.get(id);
      return r ? toQueue(r) : undefined;
    },
    byNumber: (n: string) => {
      const r = byNumber.get(n);
      return r ? toQueue(r) : undefined;
    },
    byName: (name: string) => {
      const r = byName.get(name);
      return r ? toQueue(r) : undefined;
    },
    insert: (q: QueueFields, now: number) => Number(insert.run({ ...encode(q), now }).lastInsertRowid),
    update: (id: number, q: QueueFields, now: number) => update.run({ ...encode(q), id, now }),
    remove: (id: number) => remove.run(id),
  };
}
