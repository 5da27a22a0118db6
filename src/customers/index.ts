import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import type { SeatLookup } from '../seats/index.js';
import { CUSTOMER_EVENTS } from './events.js';
import { customerRoutes } from './routes.js';
import { type CustomerService, createCustomerService } from './service.js';
import { createCustomerStore } from './store.js';

export type { CallerInfo, Customer } from './schema.js';
export type { CustomerService } from './service.js';

/** Customers (minimal CRM) at /api/v1/customers; `service.lookup(number)` is the IVR's caller lookup. */
export function createCustomers(
  core: Pick<Core, 'db' | 'change' | 'log' | 'settings'>,
  deps: { seats: SeatLookup; requireRole: RequireRole },
): HotlineModule<CustomerService> {
  const service = createCustomerService({
    store: createCustomerStore(core.db),
    change: core.change,
    seats: deps.seats,
    log: core.log.child({ component: 'customers' }),
    allowLocal: core.settings.customers.webhookAllowLocal,
  });
  return {
    name: 'customers',
    service,
    routes: [mount('/customers', customerRoutes(service, deps.requireRole))],
    publishes: CUSTOMER_EVENTS,
  };
}
