import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import { defineTable } from '../kit/table.js';
import type { Ivr, IvrSortKey, IvrTree } from './schema.js';

interface Row {
  id: number;
  name: string;
  tree: string;
  fallback: string | null;
  created_at: number;
  updated_at: number;
}

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
  const table = defineTable<Row, Ivr, IvrSortKey>(db, {
    table: 'ivrs',
    columns: ['id', 'name', 'tree', 'fallback', 'created_at', 'updated_at'],
    toModel: toIvr,
    orderBy: 'id',
    search: ['name'],
    sort: { id: 'id', name: 'name' },
  });
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
    all: table.all,
    page: table.page,
    get: table.byId,
    exists: (id: number) => exists.get(id) !== undefined,
    insert: (i: IvrFields, now: number): number => Number(insert.run({ ...columns(i), now }).lastInsertRowid),
    update: (id: number, i: IvrFields, now: number) => update.run({ ...columns(i), id, now }),
    remove: (id: number) => remove.run(id),
  };
}
