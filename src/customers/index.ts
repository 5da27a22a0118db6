import type { RequestHandler, Router } from 'express';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import type { SeatLookup } from '../seats/index.js';
import { customerRoutes } from './routes.js';
import { type CustomerService, createCustomerService } from './service.js';
import { createCustomerStore } from './store.js';

export type { CallerInfo, Customer } from './schema.js';
export type { CustomerService } from './service.js';

/** Customers (minimal CRM) at /api/v1/customers; `service.lookup(number)` is the IVR's caller lookup. */
export function createCustomers(deps: {
  db: Db;
  audit: Audit;
  seats: SeatLookup;
  log: Logger;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; service: CustomerService } {
  const service = createCustomerService({
    db: deps.db,
    store: createCustomerStore(deps.db),
    audit: deps.audit,
    seats: deps.seats,
    log: deps.log.child({ component: 'customers' }),
  });
  return { router: customerRoutes(service, deps.requireRole), service };
}
