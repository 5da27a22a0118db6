import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { QA_EVENTS } from './events.js';
import { qaRoutes } from './routes.js';
import { createQaService, type QaDeps, type QaService } from './service.js';
import { createQaStore } from './store.js';

export type { QaService } from './service.js';

/** QA scoring (/api/v1/qa): forms, grades of calls with their versions, trend reports. */
export function createQa(
  core: Pick<Core, 'db' | 'change'>,
  deps: Omit<QaDeps, 'store' | 'change'> & { requireRole: RequireRole },
): HotlineModule<QaService> {
  const { requireRole, ...rest } = deps;
  const service = createQaService({ ...rest, store: createQaStore(core.db), change: core.change });
  return {
    name: 'qa',
    service,
    routes: [mount('/qa', qaRoutes(service, requireRole))],
    publishes: QA_EVENTS,
  };
}
