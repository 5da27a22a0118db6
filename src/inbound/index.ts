import type { Core } from '../core.js';
import type { Destinations } from '../destinations/refs.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import type { Seat } from '../seats/schema.js';
import { INBOUND_EVENTS } from './events.js';
import { inboundRoutes } from './routes.js';
import { createInboundService, type InboundService } from './service.js';
import { createInboundStore } from './store.js';

export type { InboundService, RankedRoute } from './service.js';

/**
 * Inbound routes. Also wires the seat lookups of the shared destinations
 * (seats and mailboxes may be pointed at; a seat in use cannot be deleted).
 */
export function createInbound(
  core: Pick<Core, 'db' | 'change'>,
  deps: {
    destinations: Destinations;
    seats: {
      findByExtension(ext: string): Seat | undefined;
      addRemoveGuard(guard: (seat: Seat) => void): void;
    };
    requireRole: RequireRole;
  },
): HotlineModule<InboundService> {
  const { destinations, seats } = deps;
  const service = createInboundService({
    store: createInboundStore(core.db),
    change: core.change,
    destinations,
  });
  destinations.provide('seat', (ext) => seats.findByExtension(String(ext)) !== undefined);
  destinations.provide('voicemail', (ext) => seats.findByExtension(String(ext))?.voicemail === true);
  destinations.addHolder('inbound', () =>
    service.all().flatMap((r) => [
      { owner: `inbound route ${r.id}`, destination: r.destination },
      { owner: `inbound route ${r.id}`, destination: r.fallback },
    ]),
  );
  seats.addRemoveGuard((seat) => destinations.assertUnused({ kind: 'seat', extension: seat.extension }));
  const routes = mount('/inbound-routes', inboundRoutes(service, deps.requireRole));
  return configDomain('inbound', service, routes, { publishes: INBOUND_EVENTS });
}
