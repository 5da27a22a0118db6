import { z } from 'zod';
import { queryId, recordId } from '../kit/ids.js';
import { listQuery } from '../kit/list.js';
import { UNSAFE_TEXT as UNSAFE_LINE, UNSAFE_MULTILINE } from '../kit/text.js';

export const MAX_TITLE = 200;
export const MAX_DESCRIPTION = 4000;
export const MAX_COMMENT = 4000;
export const MAX_CALLS = 50;
/** SLA hours of business time: a quarter of an hour to a quarter of a year of office days. */
export const MAX_SLA_HOURS = 2000;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** How the console names them. */
export const PRIORITY_NAMES: Record<Priority, string> = {
  low: '低',
  normal: '中',
  high: '高',
  urgent: '紧急',
};

export const STATUSES = ['new', 'in_progress', 'follow_up', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_NAMES: Record<Status, string> = {
  new: '新建',
  in_progress: '处理中',
  follow_up: '待回访',
  resolved: '已解决',
  closed: '已关闭',
};
/** A ticket in one of these is done: it is never overdue. */
export const DONE: readonly Status[] = ['resolved', 'closed'];

/**
 * Plain text: stored and answered as given (`<script>` is text the console
 * shows as text). The length is checked before trimming too, so a 10 kB
 * value is refused without work.
 */
const text = (field: string, max: number, opts: { oneLine?: boolean; required?: boolean } = {}) => {
  const unsafe = opts.oneLine ? UNSAFE_LINE : UNSAFE_MULTILINE;
  const base = z
    .string({ error: `${field} must be a string` })
    .max(max * 2, `${field} must be at most ${max} characters`)
    .refine(
      (s) => !unsafe.test(s),
      `${field} must not contain control characters${opts.oneLine ? ' or line breaks' : ''}`,
    )
    .trim()
    .max(max, `${field} must be at most ${max} characters`);
  return opts.required ? base.min(1, `${field} is required`) : base;
};

const priority = z.enum(PRIORITIES, { error: `priority must be one of ${PRIORITIES.join(', ')}` });
const status = z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(', ')}` });
const callIds = z
  .array(recordId('callIds'), { error: 'callIds must be a list of call ids' })
  .max(MAX_CALLS, `at most ${MAX_CALLS} linked calls`)
  .refine((a) => new Set(a).size === a.length, 'callIds must not repeat');

const isoTime = (field: string) =>
  z
    .string({ error: `${field} must be an ISO 8601 date-time` })
    .max(40, `${field} must be an ISO 8601 date-time`)
    .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), {
      message: `${field} must be an ISO 8601 date-time`,
    })
    .transform((s) => Date.parse(s));

/** A ticket is assigned to a user or to a queue's members, not both. */
const assignee = {
  assigneeUserId: recordId('assigneeUserId').nullable(),
  assigneeQueueId: recordId('assigneeQueueId').nullable(),
};
const oneAssignee = (t: { assigneeUserId?: number | null; assigneeQueueId?: number | null }) =>
  !(t.assigneeUserId && t.assigneeQueueId);
const ONE_ASSIGNEE = {
  message: 'assign a user or a queue, not both',
  path: ['assigneeQueueId'],
};

export const TicketCreate = z
  .strictObject({
    title: text('title', MAX_TITLE, { oneLine: true, required: true }),
    description: text('description', MAX_DESCRIPTION).default(''),
    customerId: recordId('customerId').nullable().default(null),
    callIds: callIds.default([]),
    categoryId: recordId('categoryId').nullable().default(null),
    priority: priority.default('normal'),
    assigneeUserId: assignee.assigneeUserId.default(null),
    assigneeQueueId: assignee.assigneeQueueId.default(null),
  })
  .refine(oneAssignee, ONE_ASSIGNEE);
export type TicketCreate = z.output<typeof TicketCreate>;

/**
 * A change: any field; `status` moves along the workflow (workflow.ts);
 * `dueAt` overrides the SLA's due time (supervisors and admins); a new
 * category or priority recomputes it from the SLA.
 */
export const TicketUpdate = z
  .strictObject({
    title: text('title', MAX_TITLE, { oneLine: true, required: true }).optional(),
    description: text('description', MAX_DESCRIPTION).optional(),
    customerId: recordId('customerId').nullable().optional(),
    callIds: callIds.optional(),
    categoryId: recordId('categoryId').nullable().optional(),
    priority: priority.optional(),
    status: status.optional(),
    assigneeUserId: assignee.assigneeUserId.optional(),
    assigneeQueueId: assignee.assigneeQueueId.optional(),
    dueAt: isoTime('dueAt').nullable().optional(),
  })
  .refine(oneAssignee, ONE_ASSIGNEE);
export type TicketUpdate = z.output<typeof TicketUpdate>;

export const CommentCreate = z.strictObject({
  body: text('body', MAX_COMMENT, { required: true }),
});
export type CommentCreate = z.output<typeof CommentCreate>;

/** `a,b,c` of one enum in a query string. */
const listOf = <T extends readonly [string, ...string[]]>(field: string, values: T) =>
  z
    .string({ error: `${field} must be text` })
    .max(200, `${field} is too long`)
    .transform((s, ctx) => {
      const parts = s.split(',').map((p) => p.trim());
      for (const p of parts)
        if (!(values as readonly string[]).includes(p)) {
          ctx.addIssue({ code: 'custom', message: `${field} takes ${values.join(', ')} (comma separated)` });
          return z.NEVER;
        }
      return parts as T[number][];
    })
    .optional();

const ASSIGNEE_FILTER = /^(?:me|none|user:[1-9][0-9]{0,9}|queue:[1-9][0-9]{0,9})$/;

/**
 * GET /tickets: `status` and `priority` take several values (`status=new,in_progress`),
 * `categoryId` includes the subcategories, `assignee` is `me`, `none`,
 * `user:<id>` or `queue:<id>`, `overdue=true|false`, `q` searches number,
 * title and description.
 */
export const TicketListQuery = listQuery(
  ['id', 'number', 'priority', 'status', 'dueAt', 'createdAt', 'updatedAt'],
  {
    status: listOf('status', STATUSES),
    priority: listOf('priority', PRIORITIES),
    categoryId: queryId('categoryId'),
    customerId: queryId('customerId'),
    callId: queryId('callId'),
    assignee: z
      .string({ error: 'assignee must be text' })
      .regex(ASSIGNEE_FILTER, 'assignee is me, none, user:<id> or queue:<id>')
      .optional(),
    overdue: z.enum(['true', 'false'], { error: 'overdue must be true or false' }).optional(),
  },
);
export type TicketListQuery = z.output<typeof TicketListQuery>;
export type TicketSortKey = NonNullable<TicketListQuery['sort']>;

export const SlaRule = z.strictObject({
  categoryId: recordId('categoryId').nullable(),
  priority,
  hours: z
    .number({ error: 'hours must be a number' })
    .min(0.25, 'hours must be at least 0.25')
    .max(MAX_SLA_HOURS, `hours must be at most ${MAX_SLA_HOURS}`),
});
export type SlaRule = z.output<typeof SlaRule>;

/**
 * PUT /tickets/sla: the schedule whose open hours count (null: every hour
 * counts) and the rules; a ticket takes the rule of its category for its
 * priority, else of the nearest category above, else the rule without a
 * category; with none, it has no due time.
 */
export const SlaSettings = z.strictObject({
  scheduleId: recordId('scheduleId').nullable(),
  rules: z.array(SlaRule, { error: 'rules must be a list' }).max(2000, 'at most 2000 rules'),
});
export type SlaSettings = z.output<typeof SlaSettings>;

/** What an attachment upload names in its query string. */
export const AttachmentQuery = z.strictObject({
  name: z.string({ error: 'name is required' }).max(1000, 'name must be at most 255 characters'),
});

export interface Ticket {
  id: number;
  number: string;
  title: string;
  description: string;
  customerId: number | null;
  categoryId: number | null;
  priority: Priority;
  status: Status;
  assigneeUserId: number | null;
  assigneeQueueId: number | null;
  dueAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  createdByUserId: number | null;
  createdBy: string;
  callIds: number[];
  createdAt: number;
  updatedAt: number;
}

export type TimelineKind = 'comment' | 'status' | 'assignee';

export interface TimelineEntry {
  id: number;
  kind: TimelineKind;
  body: string;
  author: string;
  createdAt: number;
}

export interface AttachmentRecord {
  id: number;
  ticketId: number;
  name: string;
  type: string;
  size: number;
  /** The file's name in the attachments folder (generated). */
  file: string;
  author: string;
  createdAt: number;
}
