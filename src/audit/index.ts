import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Principal } from '../http/principal.js';
import type { Page } from '../kit/list.js';
import type { RequireRole } from '../kit/router.js';
import type { Logger } from '../log.js';
import { type HotlineModule, mount } from '../module.js';
import { redactedJson } from './redact.js';
import { auditRoutes } from './routes.js';
import type { AuditEntry, AuditQuery, AuditRecord } from './schema.js';
import { type AuditRow, createAuditStore } from './store.js';

export { REDACTED, redact } from './redact.js';
export type { AuditEntry, AuditQuery, AuditRecord } from './schema.js';

/** Who made a change and from where: every service method that changes something takes one. */
export interface Actor {
  principal: Principal;
  ip?: string;
}

export interface Audit {
  /**
   * Writes one entry synchronously, so a caller can put it inside its own
   * better-sqlite3 transaction: the change and its audit row commit or roll
   * back together. Throws if the row cannot be written (a change we cannot
   * audit should not happen).
   */
  record(entry: AuditEntry): void;
  list(q: AuditQuery): Page<AuditRecord>;
}

export function createAudit(deps: { db: Db; bus: Bus; log: Logger }): Audit {
  const store = createAuditStore(deps.db);
  const log = deps.log.child({ component: 'audit' });

  // 'audit.recorded' must not announce a row that a caller's transaction then
  // rolled back: transactions in better-sqlite3 are synchronous, so by the
  // time a microtask runs the row is either committed or gone.
  const announce = (id: number, action: string, entity: string) => {
    queueMicrotask(() => {
      try {
        if (store.exists(id)) deps.bus.emit('audit.recorded', { id, action, entity });
      } catch (err) {
        log.error({ err, id }, 'audit announce failed');
      }
    });
  };

  const record = (e: AuditEntry): void => {
    const id = store.insert({
      at: Date.now(),
      userId: e.principal?.userId ?? null,
      username: e.principal?.username ?? '',
      action: e.action,
      entity: e.entity,
      entityId: e.entityId === undefined ? null : String(e.entityId),
      before: redactedJson(e.before),
      after: redactedJson(e.after),
      ip: e.ip ?? null,
    });
    announce(id, e.action, e.entity);
  };

  const list = (q: AuditQuery): Page<AuditRecord> => {
    const page = store.page(q);
    return { ...page, items: page.items.map(toRecord) };
  };

  return { record, list };
}

/**
 * The audit log's reading side as a module: the log itself (Core.audit) is
 * infrastructure built before every domain, since every change writes to it.
 */
export function createAuditModule(
  core: { audit: Audit },
  deps: { requireRole: RequireRole },
): HotlineModule<Audit> {
  return {
    name: 'audit',
    service: core.audit,
    routes: [mount('/audit', auditRoutes(core.audit, deps.requireRole))],
  };
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toRecord(r: AuditRow): AuditRecord {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    userId: r.user_id,
    username: r.username,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: parseJson(r.before),
    after: parseJson(r.after),
    ip: r.ip,
  };
}
