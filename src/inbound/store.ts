import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import { defineRecords, type Fields } from '../kit/table.js';
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

const params = (r: Fields<InboundRoute>) => ({
  name: r.name,
  did: r.did,
  callerId: r.callerId ?? '',
  destination: JSON.stringify(r.destination),
  fallback: JSON.stringify(r.fallback),
  enabled: r.enabled ? 1 : 0,
});

export type InboundStore = ReturnType<typeof createInboundStore>;

export function createInboundStore(db: Db) {
  const table = defineRecords(db, {
    table: 'inbound_routes',
    fields: ['name', 'did', 'caller_id', 'destination', 'fallback', 'enabled'],
    toModel: toRoute,
    toParams: params,
    orderBy: 'id',
  });
  const byMatch = db.prepare<[string, string], Row>(
    `SELECT ${table.columns} FROM inbound_routes WHERE did = ? AND caller_id = ?`,
  );

  return {
    ...table,
    getByMatch: (did: string, callerId: string | null) => {
      const r = byMatch.get(did, callerId ?? '');
      return r ? toRoute(r) : undefined;
    },
    update: (r: InboundRoute, now: number) => table.update(r.id, r, now),
  };
}
