import type { RequestHandler, Router } from 'express';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Destinations } from '../destinations/refs.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import type { Seat } from '../seats/schema.js';
import { inboundRoutes } from './routes.js';
import { createInboundService, type InboundService } from './service.js';
import { createInboundStore } from './store.js';

/**
 * Inbound routes. Also wires the seat lookups of the shared destinations
 * (seats and mailboxes may be pointed at; a seat in use cannot be deleted).
 */
export function createInbound(deps: {
  db: Db;
  applier: ConfigApplier;
  audit: Audit;
  destinations: Destinations;
  seats: {
    findByExtension(ext: string): Seat | undefined;
    addRemoveGuard(guard: (seat: Seat) => void): void;
  };
  log: Logger;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: InboundService } {
  const { destinations, seats } = deps;
  const service = createInboundService({
    ...deps,
    store: createInboundStore(deps.db),
    log: deps.log.child({ component: 'inbound' }),
  });
  deps.applier.register(service.configSection());
  destinations.provide('seat', (ext) => seats.findByExtension(String(ext)) !== undefined);
  destinations.provide('voicemail', (ext) => seats.findByExtension(String(ext))?.voicemail === true);
  destinations.addHolder('inbound', () =>
    service.all().flatMap((r) => [
      { owner: `inbound route ${r.id}`, destination: r.destination },
      { owner: `inbound route ${r.id}`, destination: r.fallback },
    ]),
  );
  seats.addRemoveGuard((seat) => destinations.assertUnused({ kind: 'seat', extension: seat.extension }));
  return { router: inboundRoutes(service, deps.requireRole), service };
}
