import type { TFunction } from 'i18next';
import type { CategoryView } from '../../../src/kit/category-tree';
import type { Priority, Status } from '../../../src/tickets/schema';
import type { Assignees, TicketDetail, TicketView, TimelineView } from '../../../src/tickets/service';
import { useLoaded } from '../components/use-loaded';

export type { Assignees, CategoryView, Priority, Status, TicketDetail, TicketView, TimelineView };

/** In workflow order (the filter's options); tsc checks every status has a colour. */
export const STATUS_COLOR: Record<Status, string> = {
  new: 'blue',
  in_progress: 'processing',
  follow_up: 'gold',
  resolved: 'green',
  closed: 'default',
};
export const STATUSES = Object.keys(STATUS_COLOR) as Status[];

export const PRIORITY_COLOR: Record<Priority, string> = {
  low: 'default',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};
export const PRIORITIES = Object.keys(PRIORITY_COLOR) as Priority[];

export const TICKETS = '/tickets';

/** `user:<id>` / `queue:<id>`: one select for "a user or a queue", as the list filter names them. */
export const assigneeValue = (t: Pick<TicketView, 'assigneeUserId' | 'assigneeQueueId'>) =>
  t.assigneeUserId !== null
    ? `user:${t.assigneeUserId}`
    : t.assigneeQueueId !== null
      ? `queue:${t.assigneeQueueId}`
      : undefined;

/** The request fields of an assignee select's value (none: unassigned). */
export function assigneeFields(value: string | undefined | null) {
  const [kind, id] = (value ?? '').split(':');
  return {
    assigneeUserId: kind === 'user' ? Number(id) : null,
    assigneeQueueId: kind === 'queue' ? Number(id) : null,
  };
}

/** The category tree, flat and sorted by path (账务/发票). */
export function useCategories() {
  const { data, reload } = useLoaded<CategoryView[]>(`${TICKETS}/categories`);
  return { categories: data ?? [], reload };
}

/** The options of an assignee select: users and queues in two groups. */
export function assigneeOptions(a: Assignees | undefined, t: TFunction) {
  return [
    {
      label: t('tickets.users'),
      options: (a?.users ?? []).map((u) => ({ value: `user:${u.id}`, label: u.name })),
    },
    {
      label: t('tickets.queues'),
      options: (a?.queues ?? []).map((q) => ({
        value: `queue:${q.id}`,
        label: t('tickets.queueOf', { name: q.name }),
      })),
    },
  ];
}
