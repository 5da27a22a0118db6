import type { Readable } from 'node:stream';
import type { Actor } from '../audit/index.js';
import { AppError } from '../errors.js';
import type { Change } from '../kit/change.js';
import type { ExportColumn } from '../kit/export.js';
import { mapPage } from '../kit/list.js';
import { mustFind } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { iso, withIsoTimes } from '../kit/view.js';
import type { ScheduleRules } from '../schedules/schema.js';
import { createCompliance, summary } from './compliance.js';
import { type ImportReport, importCsv } from './import.js';
import type {
  Contact,
  ContactList,
  ContactsQuery,
  ListCreate,
  ListListQuery,
  ListUpdate,
  Mapping,
} from './schema.js';
import type { ContactStore } from './store.js';

export const listView = withIsoTimes<ContactList>;
export const contactView = (c: Contact) => ({ ...c, createdAt: iso(c.createdAt) });

export interface ContactServiceDeps {
  store: ContactStore;
  change: Change;
  /** A schedule's rules (404 when it does not exist). */
  schedule(id: number): ScheduleRules;
  /** The callee's zone when the contact has none. */
  timeZone: string;
  /** Largest CSV an import reads. */
  maxBytes: number;
  /** Most data rows of one import. */
  maxRows: number;
}

export function createContactService(deps: ContactServiceDeps) {
  const { store } = deps;
  const changes = resourceChanges(deps.change, {
    entity: 'contact_list',
    event: 'contacts.list.changed',
    config: false,
  });
  const getList = mustFind(store.lists.get, (id) => `contact list ${id}`);
  const compliance = createCompliance({ ...deps, getList });
  /** Lists with an import running: a second one waits its turn (409), so an abort undoes only its own rows. */
  const importing = new Set<number>();

  const checkSchedule = (id: number | null | undefined) => {
    if (id === null || id === undefined) return;
    try {
      deps.schedule(id);
    } catch {
      throw new AppError('validation', `schedule ${id} does not exist`, { field: 'scheduleId' });
    }
  };

  return {
    ...compliance,
    list: (q: ListListQuery) => mapPage(store.lists.page(q), listView),
    get: (id: number) => listView(getList(id)),
    async create(input: ListCreate, actor: Actor) {
      checkSchedule(input.scheduleId);
      const now = Date.now();
      const id = await changes.create(actor, input, () => store.lists.insert(input, now));
      return listView(getList(id));
    },
    async update(id: number, patch: ListUpdate, actor: Actor) {
      const before = getList(id);
      checkSchedule(patch.scheduleId);
      const { id: _id, contacts: _n, createdAt: _c, updatedAt: _u, ...fields } = before;
      const after = { ...fields, ...patch };
      await changes.update(actor, before, after, () => store.lists.update(id, after, Date.now()));
      return listView(getList(id));
    },
    async remove(id: number, actor: Actor) {
      if (importing.has(id)) throw new AppError('conflict', `contact list ${id} is being imported into`);
      const { contacts: _n, ...before } = getList(id);
      await changes.remove(actor, before, () => store.lists.remove(id));
    },
    contacts(listId: number, q: ContactsQuery) {
      getList(listId);
      return mapPage(store.contacts.page(q, { listId }), contactView);
    },
    async removeContact(listId: number, contactId: number, actor: Actor) {
      const list = getList(listId);
      const contact = store.contacts.get(contactId);
      if (!contact || contact.listId !== listId)
        throw new AppError('not_found', `contact ${contactId} not found`);
      await changes.change({
        actor,
        action: 'delete-contact',
        id: list.id,
        before: contact,
        mutate: () => store.removeContact(listId, contactId),
      });
    },

    /**
     * Reads a CSV into the list, streamed: valid rows are added (a number
     * already in the list is a duplicate: the first stays), the others are
     * reported by row, field and reason. A file that cannot be read as a
     * whole (encoding, size, no mapped column) leaves the list as it was.
     * A mapping given here becomes the list's.
     */
    async importInto(
      listId: number,
      input: Readable,
      mapping: Mapping | undefined,
      actor: Actor,
    ): Promise<ImportReport> {
      const list = getList(listId);
      if (importing.has(listId))
        throw new AppError('conflict', `contact list ${listId} is being imported into already`);
      importing.add(listId);
      const since = store.lastContactId();
      const now = Date.now();
      const use = mapping ?? list.mapping;
      try {
        const report = await importCsv(input, {
          mapping: use,
          maxBytes: deps.maxBytes,
          maxRows: deps.maxRows,
          write: (batch) => store.addContacts(listId, batch, now),
        });
        const { id: _id, contacts: _n, createdAt: _c, updatedAt: _u, ...fields } = list;
        await changes.change({
          actor,
          action: 'import',
          id: listId,
          mutate: () => {
            if (mapping) store.lists.update(listId, { ...fields, mapping }, Date.now());
          },
          after: () => ({ mapping: use, ...summary(report) }),
        });
        return report;
      } catch (err) {
        store.dropContactsSince(listId, since);
        throw err;
      } finally {
        importing.delete(listId);
      }
    },

    /** A list's contacts for an export: the number, the zone, then each mapped variable. */
    exportOf(listId: number): {
      list: ContactList;
      columns: ExportColumn<Contact>[];
      pages: AsyncIterable<Contact[]>;
    } {
      const list = getList(listId);
      const names = Object.keys(list.mapping.variables);
      const columns: ExportColumn<Contact>[] = [
        { header: list.mapping.number, value: (c) => c.number },
        ...(list.mapping.timeZone
          ? [{ header: list.mapping.timeZone, value: (c: Contact) => c.timeZone }]
          : []),
        ...names.map((n) => ({
          header: list.mapping.variables[n]!,
          value: (c: Contact) => c.variables[n] ?? null,
        })),
      ];
      async function* pages() {
        let after = 0;
        for (;;) {
          const page = store.contactsAfter(listId, after, 1000);
          if (!page.length) return;
          yield page;
          after = page[page.length - 1]!.id;
        }
      }
      return { list, columns, pages: pages() };
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
