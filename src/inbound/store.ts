import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import { defineTable } from '../kit/table.js';
import type { InboundRoute } from './schema.js';

interface Row {
  id: number;
  name: string;
  did: string;
  caller_id: string;
  destination: string;
  fallback: string;
  enabled: number;
  created_at: number;
  updated_at: number;
}

const toRoute = (r: Row): InboundRoute => ({
  id: r.id,
  name: r.name,
  did: r.did,
  // '' in the table: NULLs are distinct in a UNIQUE index, '' is not
  callerId: r.caller_id === '' ? null : r.caller_id,
  destination: JSON.parse(r.destination) as Destination,
  fallback: JSON.parse(r.fallback) as Destination,
  enabled: r.enabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const params = (r: Omit<InboundRoute, 'id' | 'createdAt' | 'updatedAt'>, now: number) => ({
  name: r.name,
  did: r.did,
  callerId: r.callerId ?? '',
  destination: JSON.stringify(r.destination),
  fallback: JSON.stringify(r.fallback),
  enabled: r.enabled ? 1 : 0,
  now,
});

export type InboundStore = ReturnType<typeof createInboundStore>;

export function createInboundStore(db: Db) {
  const table = defineTable(db, {
    table: 'inbound_routes',
    columns: [
      'id',
      'name',
      'did',
      'caller_id',
      'destination',
      'fallback',
      'enabled',
      'created_at',
      'updated_at',
    ],
    toModel: toRoute,
    orderBy: 'id',
  });
  const byMatch = db.prepare<[string, string], Row>(
    `SELECT ${table.columns} FROM inbound_routes WHERE did = ? AND caller_id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO inbound_routes (name, did, caller_id, destination, fallback, enabled, created_at, updated_at)
     VALUES (@name, @did, @callerId, @destination, @fallback, @enabled, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE inbound_routes SET name = @name, did = @did, caller_id = @callerId, destination = @destination,
       fallback = @fallback, enabled = @enabled, updated_at = @now WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM inbound_routes WHERE id = ?');

  return {
    all: table.all,
    get: table.byId,
    getByMatch: (did: string, callerId: string | null) => {
      const r = byMatch.get(did, callerId ?? '');
      return r ? toRoute(r) : undefined;
    },
    insert: (r: Omit<InboundRoute, 'id' | 'createdAt' | 'updatedAt'>, now: number): number =>
      Number(insert.run(params(r, now)).lastInsertRowid),
    update: (r: InboundRoute, now: number) => update.run({ ...params(r, now), id: r.id }),
    remove: (id: number) => remove.run(id),
  };
}
