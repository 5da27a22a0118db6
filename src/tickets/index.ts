import path from 'node:path';
import type { Core } from '../core.js';
import { createCategoryStore, createCategoryTree } from '../kit/category-tree.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { attachmentFiles } from './attachments.js';
import { TICKET_EVENTS } from './events.js';
import { ticketRoutes } from './routes.js';
import { createTicketService, type TicketDirectory, type TicketService } from './service.js';
import { createTicketStore } from './store.js';

export type { TicketService } from './service.js';

/**
 * The overdue timer wakes at the next due time of an open ticket, and at
 * least this often (a clock that jumped, a due time set by hand is caught
 * at the next change anyway).
 */
const SWEEP_MAX_MS = 60_000;

/** 工单 (tickets) at /api/v1/tickets: numbering, workflow, SLA due times, timeline, attachments. */
export function createTickets(
  core: Pick<Core, 'db' | 'change' | 'bus' | 'log' | 'settings'>,
  deps: { directory: TicketDirectory; requireRole: RequireRole },
): HotlineModule<TicketService> {
  const store = createTicketStore(core.db);
  const categories = createCategoryTree({
    store: createCategoryStore(core.db, 'ticket_categories'),
    change: core.change,
    entity: 'ticket_category',
    event: 'ticket.category.changed',
    maxDepth: 5,
    filed: { what: 'ticket(s)', count: store.countInCategory },
  });
  const service = createTicketService({
    store,
    categories,
    files: attachmentFiles(path.join(core.settings.dataDir, 'ticket-attachments')),
    directory: deps.directory,
    change: core.change,
    bus: core.bus,
    log: core.log.child({ component: 'tickets' }),
  });
  let timer: NodeJS.Timeout | undefined;
  let from = Date.now();
  /** Waits for the next due time (or SWEEP_MAX_MS), then announces what fell due since the last sweep. */
  const arm = () => {
    clearTimeout(timer);
    const next = store.nextDue(from);
    const wait = next === null ? SWEEP_MAX_MS : Math.min(SWEEP_MAX_MS, Math.max(0, next + 1 - Date.now()));
    timer = setTimeout(() => {
      const to = Date.now();
      service.sweepOverdue(from, to);
      from = to;
      arm();
    }, wait);
    timer.unref();
  };
  return {
    name: 'tickets',
    service,
    routes: [mount('/tickets', ticketRoutes(service, categories, deps.requireRole))],
    publishes: TICKET_EVENTS,
    start() {
      from = Date.now();
      // a new or changed due time may come before the one the timer waits for
      core.bus.on('tickets', 'ticket.changed', (e) => e.action !== 'overdue' && arm());
      arm();
    },
    stop() {
      core.bus.off('tickets');
      clearTimeout(timer);
    },
  };
}
