import type { Db } from '../db/index.js';
import type { Page } from '../kit/list.js';
import { defineTable } from '../kit/table.js';
import type { AuditQuery } from './schema.js';

export interface AuditRow {
  id: number;
  at: number;
  user_id: number | null;
  username: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
}

export type AuditStore = ReturnType<typeof createAuditStore>;

/** The only SQL for audit_log. Rows are read raw: the caller turns them into records. */
export function createAuditStore(db: Db) {
  const table = defineTable<AuditRow, AuditRow, 'at' | 'username' | 'entity'>(db, {
    table: 'audit_log',
    columns: ['id', 'at', 'user_id', 'username', 'action', 'entity', 'entity_id', 'before', 'after', 'ip'],
    toModel: (r) => r,
    orderBy: 'id DESC',
    search: ['username', 'action', 'entity'],
    sort: { at: 'at', username: 'username', entity: 'entity' },
    filters: { entity: 'entity = @entity', from: 'at >= @from', to: 'at <= @to' },
  });
  const s = {
    insert: db.prepare(
      `INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, before, after, ip)
       VALUES (@at, @userId, @username, @action, @entity, @entityId, @before, @after, @ip)`,
    ),
    exists: db.prepare('SELECT 1 FROM audit_log WHERE id = ?').pluck(),
  };
  return {
    insert: (r: {
      at: number;
      userId: number | null;
      username: string;
      action: string;
      entity: string;
      entityId: string | null;
      before: string | null;
      after: string | null;
      ip: string | null;
    }) => Number(s.insert.run(r).lastInsertRowid),
    exists: (id: number) => s.exists.get(id) !== undefined,
    page: (q: AuditQuery): Page<AuditRow> =>
      table.page({ ...q, order: q.order ?? 'asc' }, { entity: q.entity, from: q.from, to: q.to }),
  };
}
