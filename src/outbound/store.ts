import type { Db } from '../db/index.js';
import { defineTable } from '../kit/table.js';
import type { CallerId } from '../trunks/schema.js';
import type { OutboundRoute } from './schema.js';

interface Row {
  id: number;
  position: number;
  name: string;
  enabled: number;
  patterns: string;
  required_class: OutboundRoute['requiredClass'];
  strip_digits: number;
  prepend: string;
  caller_id: string | null;
  created_at: number;
  updated_at: number;
}

type RouteFields = Omit<OutboundRoute, 'id' | 'position' | 'createdAt' | 'updatedAt'>;

export type OutboundStore = ReturnType<typeof createOutboundStore>;

export function createOutboundStore(db: Db) {
  const idsInOrder = db.prepare<[], number>('SELECT id FROM outbound_routes ORDER BY position, id').pluck();
  const trunksOf = db
    .prepare<[number], number>(
      'SELECT trunk_id FROM outbound_route_trunks WHERE route_id = ? ORDER BY position',
    )
    .pluck();
  const routesUsing = db
    .prepare<[number], string>(
      `SELECT r.name FROM outbound_route_trunks t JOIN outbound_routes r ON r.id = t.route_id
       WHERE t.trunk_id = ? ORDER BY r.position`,
    )
    .pluck();
  const insert = db.prepare(
    `INSERT INTO outbound_routes (position, name, enabled, patterns, required_class, strip_digits, prepend,
       caller_id, created_at, updated_at)
     VALUES (@position, @name, @enabled, @patterns, @requiredClass, @stripDigits, @prepend, @callerId, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE outbound_routes SET name = @name, enabled = @enabled, patterns = @patterns,
       required_class = @requiredClass, strip_digits = @stripDigits, prepend = @prepend, caller_id = @callerId,
       updated_at = @now WHERE id = @id`,
  );
  const setPosition = db.prepare<[number, number]>('UPDATE outbound_routes SET position = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM outbound_routes WHERE id = ?');
  const clearTrunks = db.prepare<[number]>('DELETE FROM outbound_route_trunks WHERE route_id = ?');
  const addTrunk = db.prepare<[number, number, number]>(
    'INSERT INTO outbound_route_trunks (route_id, trunk_id, position) VALUES (?, ?, ?)',
  );
  const denyAll = db.prepare<[], string>('SELECT pattern FROM outbound_deny ORDER BY position').pluck();
  const denyClear = db.prepare('DELETE FROM outbound_deny');
  const denyAdd = db.prepare<[number, string]>('INSERT INTO outbound_deny (position, pattern) VALUES (?, ?)');

  const toRoute = (r: Row): OutboundRoute => ({
    id: r.id,
    position: r.position,
    name: r.name,
    enabled: r.enabled === 1,
    patterns: JSON.parse(r.patterns) as string[],
    requiredClass: r.required_class,
    stripDigits: r.strip_digits,
    prepend: r.prepend,
    trunkIds: trunksOf.all(r.id),
    callerId: r.caller_id === null ? null : (JSON.parse(r.caller_id) as CallerId),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
  const table = defineTable(db, {
    table: 'outbound_routes',
    columns: [
      'id',
      'position',
      'name',
      'enabled',
      'patterns',
      'required_class',
      'strip_digits',
      'prepend',
      'caller_id',
      'created_at',
      'updated_at',
    ],
    toModel: toRoute,
    // the matching order: routes are read and generated in it
    orderBy: 'position, id',
  });

  const toRow = (r: RouteFields) => ({
    name: r.name,
    enabled: r.enabled ? 1 : 0,
    patterns: JSON.stringify(r.patterns),
    requiredClass: r.requiredClass,
    stripDigits: r.stripDigits,
    prepend: r.prepend,
    callerId: r.callerId === null ? null : JSON.stringify(r.callerId),
  });
  const writeTrunks = (routeId: number, ids: number[]) => {
    clearTrunks.run(routeId);
    for (const [i, t] of ids.entries()) addTrunk.run(routeId, t, i + 1);
  };
  /** Positions 1..n in the given order. */
  const renumber = (ids: number[]) => {
    for (const [i, id] of ids.entries()) setPosition.run(i + 1, id);
  };

  return {
    all: table.all,
    get: table.get,
    getByName: (name: string) => table.findBy('name', name),
    routesUsingTrunk: (trunkId: number) => routesUsing.all(trunkId),
    /** Inserts at `position` (1-based, clamped), shifting the routes from there on. */
    insert(r: RouteFields, position: number | undefined, now: number): number {
      const ids = idsInOrder.all();
      const id = Number(insert.run({ ...toRow(r), position: ids.length + 1, now }).lastInsertRowid);
      writeTrunks(id, r.trunkIds);
      const at = Math.min(Math.max((position ?? ids.length + 1) - 1, 0), ids.length);
      ids.splice(at, 0, id);
      renumber(ids);
      return id;
    },
    update(r: RouteFields & { id: number }, position: number | undefined, now: number) {
      update.run({ ...toRow(r), id: r.id, now });
      writeTrunks(r.id, r.trunkIds);
      if (position !== undefined) {
        const ids = idsInOrder.all().filter((x) => x !== r.id);
        ids.splice(Math.min(position - 1, ids.length), 0, r.id);
        renumber(ids);
      }
    },
    reorder: (ids: number[]) => renumber(ids),
    remove(id: number) {
      remove.run(id);
      renumber(idsInOrder.all());
    },
    denyList: () => denyAll.all(),
    setDenyList(patterns: string[]) {
      denyClear.run();
      for (const [i, p] of patterns.entries()) denyAdd.run(i + 1, p);
    },
  };
}
