import type { Db } from '../db/index.js';

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

export interface AuditFilter {
  entity: string | null;
  from: number | null;
  to: number | null;
}

const COLS = 'id, at, user_id, username, action, entity, entity_id, before, after, ip';
// Optional filters in one prepared statement: a NULL parameter switches its clause off.
const WHERE =
  'WHERE (@entity IS NULL OR entity = @entity) AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at <= @to)';

export type AuditStore = ReturnType<typeof createAuditStore>;

/** The only SQL for audit_log. */
export function createAuditStore(db: Db) {
  const s = {
    insert: db.prepare(
      `INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, before, after, ip)
       VALUES (@at, @userId, @username, @action, @entity, @entityId, @before, @after, @ip)`,
    ),
    exists: db.prepare('SELECT 1 FROM audit_log WHERE id = ?').pluck(),
    list: db.prepare(`SELECT ${COLS} FROM audit_log ${WHERE} ORDER BY id DESC LIMIT @limit OFFSET @offset`),
    count: db.prepare(`SELECT COUNT(*) FROM audit_log ${WHERE}`).pluck(),
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
    list: (f: AuditFilter, limit: number, offset: number) =>
      s.list.all({ ...f, limit, offset }) as AuditRow[],
    count: (f: AuditFilter) => s.count.get(f) as number,
  };
}
