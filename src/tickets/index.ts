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

/** How often open tickets are checked for a due time that just passed. */
const SWEEP_MS = 30_000;

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
  return {
    name: 'tickets',
    service,
    routes: [mount('/tickets', ticketRoutes(service, categories, deps.requireRole))],
    publishes: TICKET_EVENTS,
    start() {
      let from = Date.now();
      timer = setInterval(() => {
        const to = Date.now();
        service.sweepOverdue(from, to);
        from = to;
      }, SWEEP_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
