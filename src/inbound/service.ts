import type { ConfigSection } from '../asterisk/apply.js';
import type { Destinations } from '../destinations/refs.js';
import { AppError, notFound } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanSection } from '../kit/dialplan-section.js';
import type { Page } from '../kit/list.js';
import { mustFind, type ResourceService } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { INBOUND_CONTEXT, inboundDialplan } from './confgen.js';
import './events.js';
import { patched } from '../kit/patch.js';
import { ranked } from './rank.js';
import type { InboundCreate, InboundRoute, InboundUpdate, ListQuery } from './schema.js';
import type { InboundStore } from './store.js';

/** A route with its place in the order Asterisk tries them (null: disabled). */
export type RankedRoute = InboundRoute & { rank: number | null };

export interface InboundService extends ResourceService<RankedRoute, InboundCreate, InboundUpdate> {
  /** Routes in the order Asterisk tries them, each with its `rank` (or sorted as asked). */
  list(q: ListQuery): Page<RankedRoute>;
  all(): InboundRoute[];
  configSection(): ConfigSection;
}

export function createInboundService(deps: {
  store: InboundStore;
  change: Change;
  destinations: Destinations;
}): InboundService {
  const { store, destinations } = deps;

  const mustGet = mustFind(store.get, 'inbound route');
  const check = (r: Omit<InboundRoute, 'id' | 'createdAt' | 'updatedAt'>, id?: number) => {
    const same = store.getByMatch(r.did, r.callerId);
    if (same && same.id !== id) {
      throw new AppError('conflict', `route ${same.id} already matches this DID and caller`, {
        field: 'did',
      });
    }
    destinations.check(r.destination, 'destination');
    destinations.check(r.fallback, 'fallback');
  };
  const withRank = (id: number) => {
    const r = ranked(store.all()).find((x) => x.id === id);
    if (!r) throw notFound('inbound route');
    return r;
  };
  const changes = resourceChanges(deps.change, { entity: 'inbound-route', event: 'inbound.changed' });

  return {
    // In memory: the rank is Asterisk's ordering (rank.ts), not a column; routes are few.
    list({ q, sort, order, limit, offset }) {
      const needle = q?.toLowerCase();
      let all = ranked(store.all()).filter(
        (r) => !needle || r.name.toLowerCase().includes(needle) || r.did.toLowerCase().includes(needle),
      );
      if (sort && sort !== 'rank') {
        const sign = order === 'desc' ? -1 : 1;
        all = all.sort((a, b) => sign * a[sort].localeCompare(b[sort]) || a.id - b.id);
      } else if (order === 'desc') all = all.reverse();
      return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
    },
    get: (id) => withRank(mustGet(id).id),
    all: () => store.all(),

    async create(input, actor) {
      const route = input as Omit<InboundRoute, 'id' | 'createdAt' | 'updatedAt'>;
      check(route);
      const id = await changes.create(actor, route, () => store.insert(route, Date.now()));
      return withRank(id);
    },

    async update(id, patch, actor) {
      const before = mustGet(id);
      const after: InboundRoute = patched(before, patch);
      check(after, id);
      const at = Date.now();
      await changes.update(actor, before, after, () => store.update(after, at));
      return withRank(id);
    },

    async remove(id, actor) {
      const before = mustGet(id);
      await changes.remove(actor, before, () => store.remove(id));
    },

    configSection: () =>
      dialplanSection(
        { name: 'inbound', loaded: { extensionsOf: INBOUND_CONTEXT }, what: 'inbound routes' },
        () => {
          const routes = store.all();
          return {
            text: inboundDialplan(routes),
            expected: routes.filter((r) => r.enabled).map((r) => r.did),
          };
        },
      ),
  };
}
