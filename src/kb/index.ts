import type { RequestHandler } from 'express';
import type { Core } from '../core.js';
import type { Role } from '../http/principal.js';
import type { HotlineModule } from '../module.js';
import { createCategoryService } from './categories.js';
import { KB_EVENTS } from './events.js';
import { kbRoutes } from './routes.js';
import { createSegmenter } from './segment.js';
import { createKbService, type KbService } from './service.js';
import { createCategoryStore, createKbStore } from './store.js';

export type { KbService } from './service.js';

/** The knowledge base (知识库) at /api/v1/kb: articles, categories, Chinese search, suggestions for a call. */
export function createKb(
  core: Pick<Core, 'db' | 'change'>,
  deps: { requireRole: (...roles: Role[]) => RequestHandler },
): HotlineModule<KbService> {
  const segmenter = createSegmenter();
  const store = createKbStore(core.db, segmenter);
  const categories = createCategoryService({
    store: createCategoryStore(core.db),
    change: core.change,
    articlesIn: store.countInCategory,
  });
  const service = createKbService({ store, categories, segmenter, change: core.change });
  const api = kbRoutes(service, categories, deps.requireRole);
  return {
    name: 'kb',
    service,
    routes: [{ path: '/kb', router: api.router, docs: api.docs }],
    publishes: KB_EVENTS,
  };
}
