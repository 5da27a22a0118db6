import type { RequestHandler, Router } from 'express';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Role } from '../http/principal.js';
import type { TrunkService } from '../trunks/index.js';
import { outboundRoutes } from './routes.js';
import { createOutboundService } from './service.js';
import { createOutboundStore } from './store.js';

export type OutboundService = ReturnType<typeof createOutboundService>;

/** Outbound routes, seat permission classes in dialplan, and the premium deny list. */
export function createOutbound(deps: {
  db: Db;
  trunks: TrunkService;
  applier: ConfigApplier;
  audit: Audit;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: OutboundService } {
  const service = createOutboundService({
    store: createOutboundStore(deps.db),
    trunks: deps.trunks,
    applier: deps.applier,
    audit: deps.audit,
  });
  deps.trunks.onUsage(service.usage);
  deps.applier.register(service.configSection());
  return { router: outboundRoutes(service, deps.requireRole), service };
}
