import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import { defineRecords, type Fields } from '../kit/table.js';
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

export type IvrFields = Fields<Ivr>;
export type IvrStore = ReturnType<typeof createIvrStore>;

export function createIvrStore(db: Db) {
  const table = defineRecords<Row, Ivr, IvrSortKey>(db, {
    table: 'ivrs',
    fields: ['name', 'tree', 'fallback'],
    toModel: toIvr,
    toParams: (i) => ({
      name: i.name,
      tree: JSON.stringify(i.tree),
      fallback: i.fallback === null ? null : JSON.stringify(i.fallback),
    }),
    orderBy: 'id',
    search: ['name'],
    sort: { id: 'id', name: 'name' },
  });
  const exists = db.prepare<[number], number>('SELECT 1 FROM ivrs WHERE id = ?').pluck();

  return {
    ...table,
    exists: (id: number) => exists.get(id) !== undefined,
  };
}
