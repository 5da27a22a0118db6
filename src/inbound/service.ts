import { assertLoaded, type ConfigApplier, loadedExtensions, type VerifyContext } from '../asterisk/apply.js';
import type { Actor, Audit } from '../audit/index.js';
import type { Destinations } from '../destinations/refs.js';
import { AppError, notFound } from '../errors.js';
import type { Logger } from '../log.js';
import { INBOUND_CONTEXT, inboundDialplan } from './confgen.js';
import { ranked } from './rank.js';
import type { InboundCreate, InboundRoute, InboundUpdate } from './schema.js';
import type { InboundStore } from './store.js';

export type InboundService = ReturnType<typeof createInboundService>;

export function createInboundService(deps: {
  store: InboundStore;
  applier: ConfigApplier;
  audit: Audit;
  destinations: Destinations;
  log: Logger;
}) {
  const { store, applier, audit, destinations } = deps;

  const mustGet = (id: number) => {
    const r = store.get(id);
    if (!r) throw notFound('inbound route');
    return r;
  };
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
  const audited = (actor: Actor, action: string, entityId: number, before?: unknown, after?: unknown) =>
    audit.record({
      principal: actor.principal,
      ip: actor.ip,
      action,
      entity: 'inbound-route',
      entityId,
      before,
      after,
    });

  return {
    /** Routes in the order Asterisk tries them, each with its `rank`. */
    list(limit: number, offset: number) {
      const all = ranked(store.all());
      return { items: all.slice(offset, offset + limit), total: all.length, limit, offset };
    },
    get: (id: number) => withRank(mustGet(id).id),
    all: () => store.all(),

    async create(input: InboundCreate, actor: Actor) {
      const route = input as Omit<InboundRoute, 'id' | 'createdAt' | 'updatedAt'>;
      check(route);
      const id = await applier.change(
        () => store.insert(route, Date.now()),
        (newId) => audited(actor, 'create', newId, undefined, route),
      );
      return withRank(id);
    },

    async update(id: number, patch: InboundUpdate, actor: Actor) {
      const before = mustGet(id);
      const after = {
        ...before,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      } as InboundRoute;
      check(after, id);
      const at = Date.now();
      await applier.change(
        () => store.update(after, at),
        () => audited(actor, 'update', id, before, after),
      );
      return withRank(id);
    },

    async remove(id: number, actor: Actor): Promise<void> {
      const before = mustGet(id);
      await applier.change(
        () => store.remove(id),
        () => audited(actor, 'delete', id, before),
      );
    },

    configSection() {
      return {
        name: 'inbound',
        generate: () => {
          const routes = store.all();
          return {
            files: [
              {
                name: 'extensions_inbound.conf',
                text: inboundDialplan(routes),
                reload: 'pbx_config.so' as const,
              },
            ],
            verify: async (ctx: VerifyContext) =>
              assertLoaded(
                'dialplan does not match the inbound routes after reload',
                routes.filter((r) => r.enabled).map((r) => r.did),
                await loadedExtensions(ctx, INBOUND_CONTEXT),
              ),
          };
        },
      };
    },
  };
}
