import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import type { Ivr, IvrTree } from './schema.js';

interface Row {
  id: number;
  name: string;
  tree: string;
  fallback: string | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'id, name, tree, fallback, created_at, updated_at';

const toIvr = (r: Row): Ivr => ({
  id: r.id,
  name: r.name,
  tree: JSON.parse(r.tree) as IvrTree,
  fallback: r.fallback === null ? null : (JSON.parse(r.fallback) as Destination),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type IvrFields = Omit<Ivr, 'id' | 'createdAt' | 'updatedAt'>;
export type IvrStore = ReturnType<typeof createIvrStore>;

export function createIvrStore(db: Db) {
  const all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM ivrs ORDER BY id`);
  const page = db.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM ivrs ORDER BY id LIMIT ? OFFSET ?`);
  const count = db.prepare<[], number>('SELECT COUNT(*) FROM ivrs').pluck();
  const byId = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM ivrs WHERE id = ?`);
  const exists = db.prepare<[number], number>('SELECT 1 FROM ivrs WHERE id = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO ivrs (name, tree, fallback, created_at, updated_at)
     VALUES (@name, @tree, @fallback, @now, @now)`,
  );
  const update = db.prepare(
    'UPDATE ivrs SET name = @name, tree = @tree, fallback = @fallback, updated_at = @now WHERE id = @id',
  );
  const remove = db.prepare('DELETE FROM ivrs WHERE id = ?');

  const columns = (i: IvrFields) => ({
    name: i.name,
    tree: JSON.stringify(i.tree),
    fallback: i.fallback === null ? null : JSON.stringify(i.fallback),
  });

  return {
    all: () => all.all().map(toIvr),
    page: (limit: number, offset: number) => ({
      items: page.all(limit, offset).map(toIvr),
      total: count.get() ?? 0,
    }),
    get: (id: number) => {
      const r = byId.get(id);
      return r ? toIvr(r) : undefined;
    },
    exists: (id: number) => exists.get(id) !== undefined,
    insert: (i: IvrFields, now: number): number => Number(insert.run({ ...columns(i), now }).lastInsertRowid),
    update: (id: number, i: IvrFields, now: number) => update.run({ ...columns(i), id, now }),
    remove: (id: number) => remove.run(id),
  };
}
