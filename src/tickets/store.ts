import type { Db } from '../db/index.js';
import { defineRecords } from '../kit/table.js';
import type {
  AttachmentRecord,
  Priority,
  SlaRule,
  Status,
  Ticket,
  TicketSortKey,
  TimelineEntry,
  TimelineKind,
} from './schema.js';

interface TicketRow {
  id: number;
  number: string;
  title: string;
  description: string;
  customer_id: number | null;
  category_id: number | null;
  priority: Priority;
  status: Status;
  assignee_user_id: number | null;
  assignee_queue_id: number | null;
  due_at: number | null;
  resolved_at: number | null;
  closed_at: number | null;
  created_by_user_id: number | null;
  created_by: string;
  call_ids: string;
  created_at: number;
  updated_at: number;
}

/** What a write sets (the linked calls are written beside it). */
export type TicketFields = Omit<Ticket, 'id' | 'callIds' | 'createdAt' | 'updatedAt'>;

/** Not done and past its due time. */
const OVERDUE = `due_at IS NOT NULL AND due_at < @now AND status NOT IN ('resolved', 'closed')`;

/**
 * The list's filters; a filter left undefined is not applied. Lists travel
 * as JSON arrays; `viewer` is an agent's or supervisor's scope
 * `{"user":3,"queues":[1,2],"users":[4,5]}` (see Scope in service.ts).
 */
const FILTERS = {
  status: 'status IN (SELECT value FROM json_each(@status))',
  priority: 'priority IN (SELECT value FROM json_each(@priority))',
  categories: 'category_id IN (SELECT value FROM json_each(@categories))',
  customerId: 'customer_id = @customerId',
  callId: 'id IN (SELECT ticket_id FROM ticket_calls WHERE call_id = @callId)',
  assigneeUser: 'assignee_user_id = @assigneeUser',
  assigneeQueue: 'assignee_queue_id = @assigneeQueue',
  unassigned: 'assignee_user_id IS NULL AND assignee_queue_id IS NULL',
  overdue: OVERDUE.replaceAll('@now', '@overdue'),
  onTime: `NOT (${OVERDUE.replaceAll('@now', '@onTime')})`,
  viewer: `assignee_user_id = json_extract(@viewer, '$.user')
    OR created_by_user_id = json_extract(@viewer, '$.user')
    OR assignee_queue_id IN (SELECT value FROM json_each(@viewer, '$.queues'))
    OR assignee_user_id IN (SELECT value FROM json_each(@viewer, '$.users'))
    OR created_by_user_id IN (SELECT value FROM json_each(@viewer, '$.users'))`,
};
export type TicketFilters = Partial<Record<keyof typeof FILTERS, string | number | boolean>>;

const rank = (column: string, values: readonly string[]) =>
  `CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} END`;

export type TicketStore = ReturnType<typeof createTicketStore>;

export function createTicketStore(db: Db) {
  const tickets = defineRecords<TicketRow, Ticket, TicketSortKey, TicketFields>(db, {
    table: 'tickets',
    fields: [
      'number',
      'title',
      'description',
      'customer_id',
      'category_id',
      'priority',
      'status',
      'assignee_user_id',
      'assignee_queue_id',
      'due_at',
      'resolved_at',
      'closed_at',
      'created_by_user_id',
      'created_by',
    ],
    fixed: ['number', 'created_by_user_id', 'created_by'],
    derived: [
      '(SELECT json_group_array(call_id) FROM ticket_calls WHERE ticket_id = tickets.id) AS call_ids',
    ],
    toModel: (r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      description: r.description,
      customerId: r.customer_id,
      categoryId: r.category_id,
      priority: r.priority,
      status: r.status,
      assigneeUserId: r.assignee_user_id,
      assigneeQueueId: r.assignee_queue_id,
      dueAt: r.due_at,
      resolvedAt: r.resolved_at,
      closedAt: r.closed_at,
      createdByUserId: r.created_by_user_id,
      createdBy: r.created_by,
      callIds: (JSON.parse(r.call_ids) as number[]).sort((a, b) => a - b),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
    orderBy: 'id DESC',
    search: ['number', 'title', 'description'],
    sort: {
      id: 'id',
      number: 'number',
      priority: rank('priority', ['low', 'normal', 'high', 'urgent']),
      status: rank('status', ['new', 'in_progress', 'follow_up', 'resolved', 'closed']),
      dueAt: 'COALESCE(due_at, 9007199254740991)',
      createdAt: 'created_at',
      updatedAt: 'updated_at',
    },
    filters: FILTERS,
  });

  // The day's counter moves inside the insert's transaction: two creates never share a number.
  const nextSeq = db
    .prepare<[string], number>(
      `INSERT INTO ticket_days (day, last) VALUES (?, 1)
       ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`,
    )
    .pluck();
  const dropCalls = db.prepare('DELETE FROM ticket_calls WHERE ticket_id = ?');
  const addCall = db.prepare('INSERT INTO ticket_calls (ticket_id, call_id) VALUES (?, ?)');
  const byCategory = db
    .prepare<[number], number>('SELECT COUNT(*) FROM tickets WHERE category_id = ?')
    .pluck();
  const dueBetween = db
    .prepare<[number, number], number>(
      `SELECT id FROM tickets WHERE due_at >= ? AND due_at < ? AND status NOT IN ('resolved', 'closed')`,
    )
    .pluck();
  const nextDue = db
    .prepare<[number], number | null>(
      `SELECT MIN(due_at) FROM tickets WHERE due_at >= ? AND status NOT IN ('resolved', 'closed')`,
    )
    .pluck();

  const addEntry = db.prepare(
    `INSERT INTO ticket_comments (ticket_id, kind, body, author_user_id, author, created_at)
     VALUES (@ticketId, @kind, @body, @authorUserId, @author, @now)`,
  );
  const entries = db.prepare<
    [number],
    { id: number; kind: TimelineKind; body: string; author: string; created_at: number }
  >('SELECT id, kind, body, author, created_at FROM ticket_comments WHERE ticket_id = ? ORDER BY id');

  const attachmentCols = 'id, ticket_id, name, type, size, file, author, created_at';
  const toAttachment = (r: AttachmentRow): AttachmentRecord => ({
    id: r.id,
    ticketId: r.ticket_id,
    name: r.name,
    type: r.type,
    size: r.size,
    file: r.file,
    author: r.author,
    createdAt: r.created_at,
  });
  const addAttachment = db.prepare(
    `INSERT INTO ticket_attachments (ticket_id, name, type, size, file, author_user_id, author, created_at)
     VALUES (@ticketId, @name, @type, @size, @file, @authorUserId, @author, @now)`,
  );
  const attachments = db.prepare<[number], AttachmentRow>(
    `SELECT ${attachmentCols} FROM ticket_attachments WHERE ticket_id = ? ORDER BY id`,
  );
  const attachment = db.prepare<[number, number], AttachmentRow>(
    `SELECT ${attachmentCols} FROM ticket_attachments WHERE ticket_id = ? AND id = ?`,
  );

  const slaRules = db.prepare<[], { category_id: number | null; priority: Priority; hours: number }>(
    'SELECT category_id, priority, hours FROM ticket_sla ORDER BY COALESCE(category_id, 0), priority',
  );
  const clearSla = db.prepare('DELETE FROM ticket_sla');
  const addSla = db.prepare(
    'INSERT INTO ticket_sla (category_id, priority, hours) VALUES (@categoryId, @priority, @hours)',
  );
  const schedule = db
    .prepare<[], number | null>('SELECT schedule_id FROM ticket_settings WHERE id = 1')
    .pluck();
  const setSchedule = db.prepare('UPDATE ticket_settings SET schedule_id = ?, updated_at = ? WHERE id = 1');

  return {
    get: tickets.get,
    page: tickets.page,
    countInCategory: (categoryId: number) => byCategory.get(categoryId) ?? 0,
    /** Open tickets whose due time falls in [from, to). */
    dueBetween: (from: number, to: number) => dueBetween.all(from, to),
    /** The earliest due time at or after `from` of a ticket still open, null when none. */
    nextDue: (from: number) => nextDue.get(from) ?? null,

    /** The next number of `day` (YYYY-MM-DD); call inside the insert's transaction. */
    nextSeq: (day: string) => nextSeq.get(day) ?? 1,
    insert(fields: TicketFields, callIds: number[], now: number): number {
      const id = tickets.insert(fields, now);
      for (const c of callIds) addCall.run(id, c);
      return id;
    },
    update(id: number, fields: TicketFields, callIds: number[], now: number) {
      tickets.update(id, fields, now);
      dropCalls.run(id);
      for (const c of callIds) addCall.run(id, c);
    },
    remove: tickets.remove,

    addEntry(
      e: { ticketId: number; kind: TimelineKind; body: string; authorUserId: number | null; author: string },
      now: number,
    ): number {
      return Number(addEntry.run({ ...e, now }).lastInsertRowid);
    },
    timeline: (ticketId: number): TimelineEntry[] =>
      entries.all(ticketId).map((r) => ({
        id: r.id,
        kind: r.kind,
        body: r.body,
        author: r.author,
        createdAt: r.created_at,
      })),

    addAttachment(
      a: Omit<AttachmentRecord, 'id' | 'createdAt'> & { authorUserId: number | null },
      now: number,
    ): number {
      return Number(addAttachment.run({ ...a, now }).lastInsertRowid);
    },
    attachments: (ticketId: number) => attachments.all(ticketId).map(toAttachment),
    attachment: (ticketId: number, id: number) => {
      const r = attachment.get(ticketId, id);
      return r ? toAttachment(r) : undefined;
    },

    sla: () => ({
      scheduleId: schedule.get() ?? null,
      rules: slaRules
        .all()
        .map((r): SlaRule => ({ categoryId: r.category_id, priority: r.priority, hours: r.hours })),
    }),
    setSla(scheduleId: number | null, rules: SlaRule[], now: number) {
      setSchedule.run(scheduleId, now);
      clearSla.run();
      for (const r of rules) addSla.run(r);
    },
  };
}

interface AttachmentRow {
  id: number;
  ticket_id: number;
  name: string;
  type: string;
  size: number;
  file: string;
  author: string;
  created_at: number;
}
