import type { Actor } from '../audit/index.js';
import type { Bus } from '../bus.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Principal } from '../http/principal.js';
import type { CategoryTree } from '../kit/category-tree.js';
import type { Change } from '../kit/change.js';
import { mapPage, type Page } from '../kit/list.js';
import { patched } from '../kit/patch.js';
import { mustFind } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { iso } from '../kit/view.js';
import type { Logger } from '../log.js';
import { localTime } from '../schedules/evaluate.js';
import { boxTimeZone, type ScheduleRules } from '../schedules/schema.js';
import { type AttachmentFiles, attachmentName, checkContent } from './attachments.js';
import { addBusinessHours } from './business-hours.js';
import type { TicketChanged } from './events.js';
import {
  type AttachmentRecord,
  DONE,
  PRIORITY_NAMES,
  type Priority,
  type SlaSettings,
  STATUS_NAMES,
  STATUSES,
  type Ticket,
  type TicketCreate,
  TicketListQuery,
  type TicketUpdate,
  type TimelineEntry,
} from './schema.js';
import type { TicketFields, TicketFilters, TicketStore } from './store.js';
import { checkTransition, TRANSITIONS } from './workflow.js';

/**
 * The screen-pop's reader: the caller's open tickets are shown to whichever
 * agent takes the call, so they are listed without an agent's scope.
 */
const WHOEVER_TAKES_THE_CALL = { userId: 0, username: 'desk', role: 'admin' } as const;

/** Who reads or writes: agents and supervisors see only the tickets of their scope (see scopeOf). */
export type Viewer = Pick<Principal, 'userId' | 'username' | 'role'>;

/**
 * The tickets a viewer sees besides those assigned to or created by them:
 * those of their queues (assigned to the queue) and, for supervisors, those
 * of the users who take calls from those queues (assigned to or created by
 * them). A user's queues are their seat's agent's skills.
 */
export interface Scope {
  user: number;
  queues: number[];
  users: number[];
}

/** What decides whether a viewer sees a ticket (a ticket, or the ticket.changed event of one). */
export type Visibility = Pick<Ticket, 'assigneeUserId' | 'assigneeQueueId' | 'createdByUserId'>;

export interface TicketView {
  id: number;
  number: string;
  title: string;
  description: string;
  status: Ticket['status'];
  statusName: string;
  priority: Priority;
  priorityName: string;
  categoryId: number | null;
  /** The category's path (账务/发票). */
  category: string | null;
  customerId: number | null;
  customer: { id: number; name: string; vip: number } | null;
  callIds: number[];
  assigneeUserId: number | null;
  assigneeQueueId: number | null;
  /** The user's or the queue's name. */
  assignee: string | null;
  dueAt: string | null;
  /** Due time passed and not resolved or closed. */
  overdue: boolean;
  resolvedAt: string | null;
  closedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type TimelineView = Omit<TimelineEntry, 'createdAt'> & { createdAt: string };
export type AttachmentView = Omit<AttachmentRecord, 'file' | 'createdAt' | 'ticketId'> & {
  createdAt: string;
};
export type TicketDetail = TicketView & {
  /** The statuses the workflow allows next (the console's buttons). */
  next: readonly Ticket['status'][];
  timeline: TimelineView[];
  attachments: AttachmentView[];
};

/** What the service needs of other domains (handed in by the builder). */
export interface TicketDirectory {
  customer(id: number): { id: number; name: string; vip: number } | undefined;
  callExists(id: number): boolean;
  /** A user's display name, undefined when there is no such user. */
  userName(id: number): string | undefined;
  queueName(id: number): string | undefined;
  /** The queues a user takes calls from (their seat's agent's skills). */
  queuesOfUser(userId: number): number[];
  /** The queues a user supervises (set by an admin on the user). */
  supervisedQueuesOf(userId: number): number[];
  /** The users whose seat's agent takes calls from any of these queues. */
  usersOfQueues(queueIds: number[]): number[];
  /** A schedule's rules, undefined when it is gone. */
  schedule(id: number): ScheduleRules | undefined;
  scheduleExists(id: number): boolean;
  /** Who a ticket can be assigned to: enabled users and queues, by name (the console's pickers). */
  assignees(): Assignees;
}

export interface Assignees {
  users: { id: number; name: string }[];
  queues: { id: number; name: string }[];
}

/** `GD<yyyymmdd>-<seq>`: four digits, more only past 9999 tickets in a day. */
export const ticketNumber = (date: string, seq: number) =>
  `GD${date.replaceAll('-', '')}-${String(seq).padStart(4, '0')}`;

/** An attachment's bytes, as uploaded. */
export interface AttachmentDownload {
  filename: string;
  type: string;
  body: Buffer;
}

/** Agents and supervisors reach only the tickets they can see (see canSee); 403 on others. */
export interface TicketService {
  /** Admins see everything; agents and supervisors what is theirs or their scope's (see Scope). */
  canSee(t: Visibility, v: Viewer): boolean;
  /** The due time (epoch ms) from the SLA; null without a rule. */
  dueFor(categoryId: number | null, priority: Priority, from: number): number | null;
  list(q: TicketListQuery, v: Viewer): Page<TicketView>;
  /** The customer's tickets not yet resolved, newest first (the desk's screen-pop shows them to whoever takes the call). */
  openOf(customerId: number, limit?: number): TicketView[];
  get(id: number, v: Viewer): TicketDetail;
  /** Numbers the ticket (GD<day>-<seq>) and sets its due time from the SLA. */
  create(input: TicketCreate, actor: Actor): Promise<TicketView>;
  /** Checks the status transition; recomputes the due time when category or priority change. */
  update(id: number, patch: TicketUpdate, actor: Actor): Promise<TicketView>;
  remove(id: number, actor: Actor): Promise<void>;
  timeline(id: number, v: Viewer): TimelineView[];
  comment(id: number, body: string, actor: Actor): Promise<TimelineView>;
  attach(
    id: number,
    upload: { name: string; type: string; body: Buffer },
    actor: Actor,
  ): Promise<AttachmentView>;
  attachments(id: number, v: Viewer): AttachmentView[];
  download(id: number, attachmentId: number, v: Viewer): AttachmentDownload;
  /** Who a ticket can be assigned to (names only, for every role's pickers). */
  assignees(): Assignees;
  sla(): SlaSettings;
  setSla(s: SlaSettings, actor: Actor): Promise<SlaSettings>;
  /**
   * Announces tickets whose due time fell in [from, to) and are still open:
   * the desk learns a ticket became overdue without polling. Returns how many.
   */
  sweepOverdue(from: number, to: number): number;
}

export function createTicketService(deps: {
  store: TicketStore;
  categories: CategoryTree;
  files: AttachmentFiles;
  directory: TicketDirectory;
  change: Change;
  bus: Bus;
  log: Logger;
  now?: () => Date;
  /** The zone of a ticket number's day (the box's). */
  timeZone?: string;
}): TicketService {
  const { store, categories, files, directory: dir, bus, log } = deps;
  const now = deps.now ?? (() => new Date());
  const timeZone = deps.timeZone ?? boxTimeZone();
  // Tickets do not feed Asterisk's generated config; the event is published below with more data.
  const { change } = resourceChanges(deps.change, { entity: 'ticket', config: false });
  const sla = resourceChanges(deps.change, { entity: 'ticket_sla', config: false });

  const isOverdue = (t: Ticket, at: number) => t.dueAt !== null && t.dueAt < at && !DONE.includes(t.status);
  const assigneeName = (t: Ticket) =>
    (t.assigneeUserId !== null ? dir.userName(t.assigneeUserId) : undefined) ??
    (t.assigneeQueueId !== null ? dir.queueName(t.assigneeQueueId) : undefined) ??
    null;
  const view = (t: Ticket, paths: Map<number, string>, at = Date.now()): TicketView => ({
    id: t.id,
    number: t.number,
    title: t.title,
    description: t.description,
    status: t.status,
    statusName: STATUS_NAMES[t.status],
    priority: t.priority,
    priorityName: PRIORITY_NAMES[t.priority],
    categoryId: t.categoryId,
    category: t.categoryId === null ? null : (paths.get(t.categoryId) ?? null),
    customerId: t.customerId,
    customer: (t.customerId !== null && dir.customer(t.customerId)) || null,
    callIds: t.callIds,
    assigneeUserId: t.assigneeUserId,
    assigneeQueueId: t.assigneeQueueId,
    assignee: assigneeName(t),
    dueAt: t.dueAt === null ? null : iso(t.dueAt),
    overdue: isOverdue(t, at),
    resolvedAt: t.resolvedAt === null ? null : iso(t.resolvedAt),
    closedAt: t.closedAt === null ? null : iso(t.closedAt),
    createdBy: t.createdBy,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
  });
  const timelineView = (e: TimelineEntry): TimelineView => ({ ...e, createdAt: iso(e.createdAt) });
  const attachmentView = ({ file: _f, ticketId: _t, ...a }: AttachmentRecord): AttachmentView => ({
    ...a,
    createdAt: iso(a.createdAt),
  });
  const published = (action: TicketChanged['action'], t: Ticket, before?: Ticket) =>
    bus.emit('ticket.changed', {
      action,
      id: t.id,
      number: t.number,
      status: t.status,
      assigneeUserId: t.assigneeUserId,
      assigneeQueueId: t.assigneeQueueId,
      createdByUserId: t.createdByUserId,
      ...(before && {
        before: { assigneeUserId: before.assigneeUserId, assigneeQueueId: before.assigneeQueueId },
      }),
      dueAt: t.dueAt === null ? null : iso(t.dueAt),
      overdue: isOverdue(t, Date.now()),
    });

  /** null: every ticket (admins, and the screen-pop's reader). */
  const scopeOf = (v: Viewer): Scope | null => {
    if (v.role === 'admin') return null;
    const taken = dir.queuesOfUser(v.userId);
    if (v.role !== 'supervisor') return { user: v.userId, queues: taken, users: [] };
    // a supervisor: the queues they take calls from and those they supervise, and the agents of the latter
    const supervised = dir.supervisedQueuesOf(v.userId);
    return {
      user: v.userId,
      queues: [...new Set([...taken, ...supervised])],
      users: dir.usersOfQueues(supervised),
    };
  };
  const inScope = (t: Visibility, s: Scope) =>
    t.assigneeUserId === s.user ||
    t.createdByUserId === s.user ||
    (t.assigneeQueueId !== null && s.queues.includes(t.assigneeQueueId)) ||
    (t.assigneeUserId !== null && s.users.includes(t.assigneeUserId)) ||
    (t.createdByUserId !== null && s.users.includes(t.createdByUserId));
  const canSee = (t: Visibility, v: Viewer) => {
    const s = scopeOf(v);
    return s === null || inScope(t, s);
  };
  const mustGet = mustFind(store.get, (id) => `ticket ${id}`);
  const mustSee = (id: number, v: Viewer) => {
    const t = mustGet(id);
    if (!canSee(t, v))
      throw new AppError('forbidden', `ticket ${id} is not assigned to you, your queues or their agents`);
    return t;
  };

  /** References exist; a 400 naming the field otherwise. */
  const checkRefs = (f: Partial<TicketFields> & { callIds?: number[] }) => {
    if (f.customerId != null && !dir.customer(f.customerId))
      throw validation('customerId', `customer ${f.customerId} does not exist`);
    if (f.categoryId != null && !categories.exists(f.categoryId))
      throw validation('categoryId', `category ${f.categoryId} does not exist`);
    if (f.assigneeUserId != null && dir.userName(f.assigneeUserId) === undefined)
      throw validation('assigneeUserId', `user ${f.assigneeUserId} does not exist`);
    if (f.assigneeQueueId != null && dir.queueName(f.assigneeQueueId) === undefined)
      throw validation('assigneeQueueId', `queue ${f.assigneeQueueId} does not exist`);
    const missing = f.callIds?.find((c) => !dir.callExists(c));
    if (missing !== undefined) throw validation('callIds', `call ${missing} does not exist`);
  };

  /** The SLA's hours for a category (or the nearest above it with a rule, or the default) and priority. */
  const slaHours = (categoryId: number | null, priority: Priority): number | undefined => {
    const { rules } = store.sla();
    const chain = [...(categoryId === null ? [] : categories.ancestors(categoryId)), null];
    for (const c of chain) {
      const rule = rules.find((r) => r.categoryId === c && r.priority === priority);
      if (rule) return rule.hours;
    }
    return undefined;
  };
  /** The due time from the SLA, counted in the configured schedule's open hours. */
  const dueFor = (categoryId: number | null, priority: Priority, from: number): number | null => {
    const hours = slaHours(categoryId, priority);
    if (hours === undefined) return null;
    const { scheduleId } = store.sla();
    const schedule = scheduleId === null ? null : dir.schedule(scheduleId);
    if (scheduleId !== null && !schedule)
      log.warn({ scheduleId }, 'the tickets SLA schedule is gone; counting every hour');
    return addBusinessHours(schedule ?? null, new Date(from), hours)?.getTime() ?? null;
  };

  const entry = (ticketId: number, kind: TimelineEntry['kind'], body: string, actor: Actor, at: number) =>
    store.addEntry(
      { ticketId, kind, body, authorUserId: actor.principal.userId, author: actor.principal.username },
      at,
    );

  const listFilters = (q: TicketListQuery, v: Viewer): TicketFilters => {
    const at = Date.now();
    const f: TicketFilters = {
      status: q.status && JSON.stringify(q.status),
      priority: q.priority && JSON.stringify(q.priority),
      categories: q.categoryId === undefined ? undefined : JSON.stringify(categories.subtree(q.categoryId)),
      customerId: q.customerId,
      callId: q.callId,
      overdue: q.overdue === 'true' ? at : undefined,
      onTime: q.overdue === 'false' ? at : undefined,
    };
    const a = q.assignee;
    if (a === 'me') f.assigneeUser = v.userId;
    else if (a === 'none') f.unassigned = true;
    else if (a?.startsWith('user:')) f.assigneeUser = Number(a.slice(5));
    else if (a?.startsWith('queue:')) f.assigneeQueue = Number(a.slice(6));
    const scope = scopeOf(v);
    if (scope) f.viewer = JSON.stringify(scope);
    return f;
  };

  return {
    canSee,
    dueFor,

    list(q, v) {
      const paths = categories.paths();
      return mapPage(store.page(q, listFilters(q, v)), (t) => view(t, paths));
    },

    openOf(customerId, limit = 10) {
      const q = TicketListQuery.parse({
        customerId: String(customerId),
        status: STATUSES.filter((st) => !DONE.includes(st)).join(','),
        sort: 'createdAt',
        order: 'desc',
        limit: String(limit),
      });
      return this.list(q, WHOEVER_TAKES_THE_CALL).items;
    },

    get(id, v) {
      const t = mustSee(id, v);
      return {
        ...view(t, categories.paths()),
        next: TRANSITIONS[t.status],
        timeline: store.timeline(id).map(timelineView),
        attachments: store.attachments(id).map(attachmentView),
      };
    },

    async create(input, actor) {
      const { callIds, ...rest } = input;
      checkRefs(input);
      const at = now().getTime();
      const fields: Omit<TicketFields, 'number'> = {
        ...rest,
        status: 'new',
        dueAt: dueFor(input.categoryId, input.priority, at),
        resolvedAt: null,
        closedAt: null,
        createdByUserId: actor.principal.userId,
        createdBy: actor.principal.username,
      };
      const day = localTime(new Date(at), timeZone).date;
      const id = await change({
        actor,
        action: 'create',
        mutate: () => {
          const number = ticketNumber(day, store.nextSeq(day));
          return store.insert({ ...fields, number }, callIds, at);
        },
        after: (id) => ({ ...fields, number: store.get(id)?.number, callIds }),
      });
      const t = mustGet(id);
      published('create', t);
      return view(t, categories.paths());
    },

    async update(id, patch, actor) {
      const before = mustSee(id, actor.principal);
      if (patch.dueAt !== undefined && actor.principal.role === 'agent')
        throw new AppError('forbidden', 'only supervisors and admins set a due time by hand');
      const { callIds = before.callIds, dueAt, status, ...rest } = patch;
      const after: Ticket = patched({ ...before, callIds }, rest);
      // one assignee: naming a user unassigns the queue and the other way round
      if (patch.assigneeUserId) after.assigneeQueueId = null;
      if (patch.assigneeQueueId) after.assigneeUserId = null;
      checkRefs({ ...rest, callIds: patch.callIds });
      const at = now().getTime();
      if (status !== undefined && status !== before.status) {
        checkTransition(before.status, status);
        after.status = status;
        if (status === 'resolved') after.resolvedAt = at;
        if (status === 'in_progress') after.resolvedAt = null;
        if (status === 'closed') after.closedAt = at;
      }
      if (dueAt !== undefined) after.dueAt = dueAt;
      else if (after.categoryId !== before.categoryId || after.priority !== before.priority)
        after.dueAt = dueFor(after.categoryId, after.priority, before.createdAt);
      const { id: _id, callIds: _c, createdAt: _ca, updatedAt: _ua, ...fields } = after;
      await change({
        actor,
        action: 'update',
        id,
        before,
        mutate: () => {
          store.update(id, fields, callIds, at);
          if (after.status !== before.status)
            entry(id, 'status', `${before.status} → ${after.status}`, actor, at);
          if (
            after.assigneeUserId !== before.assigneeUserId ||
            after.assigneeQueueId !== before.assigneeQueueId
          )
            entry(id, 'assignee', assigneeName(after) ?? '', actor, at);
        },
        after: () => after,
      });
      const t = mustGet(id);
      published('update', t, before);
      return view(t, categories.paths());
    },

    async remove(id, actor) {
      const before = mustGet(id);
      const gone = store.attachments(id);
      await change({ actor, action: 'delete', id, before, mutate: () => store.remove(id) });
      for (const a of gone) files.remove(a.file);
      published('delete', before);
    },

    timeline: (id, v) => {
      mustSee(id, v);
      return store.timeline(id).map(timelineView);
    },

    async comment(id, body, actor) {
      const t = mustSee(id, actor.principal);
      const at = now().getTime();
      const entryId = await change({
        actor,
        action: 'comment',
        id,
        mutate: () => {
          store.update(id, t, t.callIds, at); // touches updated_at
          return entry(id, 'comment', body, actor, at);
        },
        after: () => ({ body }),
      });
      published('comment', mustGet(id));
      return timelineView(store.timeline(id).find((e) => e.id === entryId)!);
    },

    async attach(id, upload, actor) {
      const t = mustSee(id, actor.principal);
      checkContent(upload.type, upload.body);
      const name = attachmentName(upload.name, upload.type);
      const file = files.newName(id);
      const at = now().getTime();
      const record = { ticketId: id, name, type: upload.type, size: upload.body.length, file };
      const attachmentId = await change({
        actor,
        action: 'attach',
        id,
        mutate: () => {
          const aid = store.addAttachment(
            { ...record, authorUserId: actor.principal.userId, author: actor.principal.username },
            at,
          );
          store.update(id, t, t.callIds, at);
          // written last: a failed write rolls the row back
          files.write(file, upload.body);
          return aid;
        },
        after: () => ({ name, type: upload.type, size: upload.body.length }),
      });
      published('attach', mustGet(id));
      return attachmentView(store.attachment(id, attachmentId)!);
    },

    attachments: (id, v) => {
      mustSee(id, v);
      return store.attachments(id).map(attachmentView);
    },

    download(id, attachmentId, v) {
      mustSee(id, v);
      const a = store.attachment(id, attachmentId);
      if (!a) throw notFound(`attachment ${attachmentId} of ticket ${id}`);
      return { filename: a.name, type: a.type, body: files.read(a.file) };
    },

    assignees: (): Assignees => dir.assignees(),

    sla: (): SlaSettings => store.sla(),

    async setSla(s, actor) {
      if (s.scheduleId !== null && !dir.scheduleExists(s.scheduleId))
        throw validation('scheduleId', `schedule ${s.scheduleId} does not exist`);
      const seen = new Set<string>();
      s.rules.forEach((r, i) => {
        if (r.categoryId !== null && !categories.exists(r.categoryId))
          throw validation(`rules.${i}.categoryId`, `category ${r.categoryId} does not exist`);
        const key = `${r.categoryId}:${r.priority}`;
        if (seen.has(key)) throw validation(`rules.${i}`, 'one rule per category and priority');
        seen.add(key);
      });
      const before = store.sla();
      await sla.change({
        actor,
        action: 'update',
        before,
        mutate: () => store.setSla(s.scheduleId, s.rules, Date.now()),
        after: () => s,
      });
      return store.sla();
    },

    sweepOverdue(from, to) {
      const ids = store.dueBetween(from, to);
      for (const id of ids) {
        const t = store.get(id);
        if (t) published('overdue', t);
      }
      return ids.length;
    },
  };
}
