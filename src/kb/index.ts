import type { RequestHandler } from 'express';
import type { Core } from '../core.js';
import type { Role } from '../http/principal.js';
import { createCategoryStore, createCategoryTree } from '../kit/category-tree.js';
import type { HotlineModule } from '../module.js';
import { KB_EVENTS } from './events.js';
import { kbRoutes } from './routes.js';
import { createSegmenter } from './segment.js';
import { createKbService, type KbService } from './service.js';
import { createKbStore } from './store.js';

export type { KbService } from './service.js';

/** The knowledge base (知识库) at /api/v1/kb: articles, categories, Chinese search, suggestions for a call. */
export function createKb(
  core: Pick<Core, 'db' | 'change'>,
  deps: { requireRole: (...roles: Role[]) => RequestHandler },
): HotlineModule<KbService> {
  const segmenter = createSegmenter();
  const store = createKbStore(core.db, segmenter);
  const categories = createCategoryTree({
    store: createCategoryStore(core.db, 'kb_categories'),
    change: core.change,
    entity: 'kb_category',
    event: 'kb.category.changed',
    // deep enough for 业务/账务/发票/专票; a deeper tree is hard to browse on a desk
    maxDepth: 5,
    filed: { what: 'article(s)', count: store.countInCategory },
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
