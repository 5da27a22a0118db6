import type { ResourceChanged } from '../kit/change.js';
import type { Status } from './schema.js';

/**
 * What the desk needs to show an assignee their new and overdue tickets
 * without reading the ticket first: who it is assigned to (a user, or a
 * queue whose members all see it) and whether it is late.
 */
export interface TicketChanged extends ResourceChanged {
  /** create, update, comment, attach, delete, or overdue (its due time passed while open). */
  action: 'create' | 'update' | 'comment' | 'attach' | 'delete' | 'overdue';
  id: number;
  number: string;
  status: Status;
  assigneeUserId: number | null;
  assigneeQueueId: number | null;
  /** Who created it (creators keep seeing their tickets). */
  createdByUserId: number | null;
  /** The assignee before an update: whoever saw the ticket then learns it left them. */
  before?: { assigneeUserId: number | null; assigneeQueueId: number | null };
  /** ISO 8601, or null without an SLA. */
  dueAt: string | null;
  overdue: boolean;
}

declare module '../bus.js' {
  interface LiveEvents {
    /** A ticket was created, changed, commented, given a file, deleted, or became overdue (committed). */
    'ticket.changed': TicketChanged;
    /** A ticket category was created, renamed, moved or deleted (committed). */
    'ticket.category.changed': ResourceChanged;
  }
}

export const TICKET_EVENTS = ['ticket.changed', 'ticket.category.changed'] as const;
