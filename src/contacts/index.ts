import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import type { ScheduleService } from '../schedules/index.js';
import { boxTimeZone } from '../schedules/schema.js';
import { CONTACT_EVENTS } from './events.js';
import { contactRoutes } from './routes.js';
import { type ContactService, createContactService } from './service.js';
import { createContactStore } from './store.js';

export type { Callable, NotCallable } from './compliance.js';
export type { ImportReport, RejectedRow } from './import.js';
export type { Contact, ContactList, DncEntry } from './schema.js';
export type { ContactService } from './service.js';

/** Largest CSV an import reads (a million rows of a number and a few variables fit). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 2_000_000;

/**
 * Contact lists, the do-not-call list and consents at /api/v1/contacts, for
 * campaigns and notifications. The dialer asks `service.isCallable(number,
 * at, listId)` before each call; opt-outs (keypress, SMS TD, API) go through
 * `service.optOut(number, source)`.
 */
export function createContacts(
  core: Pick<Core, 'db' | 'change'>,
  deps: { schedules: Pick<ScheduleService, 'get'>; requireRole: RequireRole; timeZone?: string },
): HotlineModule<ContactService> {
  const service = createContactService({
    store: createContactStore(core.db),
    change: core.change,
    schedule: (id) => deps.schedules.get(id),
    timeZone: deps.timeZone ?? boxTimeZone(),
    maxBytes: MAX_IMPORT_BYTES,
    maxRows: MAX_IMPORT_ROWS,
  });
  const api = contactRoutes(service, deps.requireRole, MAX_IMPORT_BYTES);
  return {
    name: 'contacts',
    service,
    // the fixed paths first: /contacts/:x of a later mount would not take them anyway, but keep it plain
    routes: [
      mount('/contacts/lists', api.lists),
      mount('/contacts/dnc', api.dnc),
      mount('/contacts/consents', api.consents),
      mount('/contacts', api.root),
    ],
    publishes: CONTACT_EVENTS,
  };
}
