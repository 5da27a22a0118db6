import type { Db } from '../db/index.js';
import { defineRecords, defineTable } from '../kit/table.js';
import type {
  Consent,
  ConsentType,
  Contact,
  ContactList,
  DncEntry,
  DncSource,
  ListCreate,
  Mapping,
  Purpose,
} from './schema.js';

interface ListRow {
  id: number;
  name: string;
  purpose: Purpose;
  schedule_id: number | null;
  mapping: string;
  contacts: number;
  created_at: number;
  updated_at: number;
}
interface ContactRow {
  id: number;
  list_id: number;
  number: string;
  time_zone: string | null;
  variables: string;
  row_no: number;
  created_at: number;
}
interface DncRow {
  id: number;
  number: string;
  source: DncSource;
  reason: string;
  created_at: number;
  created_by: string | null;
}
interface ConsentRow {
  id: number;
  number: string;
  type: ConsentType;
  granted_at: number;
  evidence: string;
  evidence_ref: string | null;
  revoked_at: number | null;
  created_at: number;
  created_by: string | null;
}

const toList = (r: ListRow): ContactList => ({
  id: r.id,
  name: r.name,
  purpose: r.purpose,
  scheduleId: r.schedule_id,
  mapping: JSON.parse(r.mapping) as Mapping,
  contacts: r.contacts,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toContact = (r: ContactRow): Contact => ({
  id: r.id,
  listId: r.list_id,
  number: r.number,
  timeZone: r.time_zone,
  variables: JSON.parse(r.variables) as Record<string, string>,
  row: r.row_no,
  createdAt: r.created_at,
});
const toDnc = (r: DncRow): DncEntry => ({
  id: r.id,
  number: r.number,
  source: r.source,
  reason: r.reason,
  createdAt: r.created_at,
  createdBy: r.created_by,
});
const toConsent = (r: ConsentRow): Consent => ({
  id: r.id,
  number: r.number,
  type: r.type,
  grantedAt: r.granted_at,
  evidence: r.evidence,
  evidenceRef: r.evidence_ref,
  revokedAt: r.revoked_at,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/** A contact as the import writes it. */
export interface NewContact {
  number: string;
  timeZone: string | null;
  variables: string;
  row: number;
}

export type ContactStore = ReturnType<typeof createContactStore>;

export function createContactStore(db: Db) {
  const lists = defineRecords<ListRow, ContactList, 'name' | 'createdAt', ListCreate>(db, {
    table: 'contact_lists',
    fields: ['name', 'purpose', 'schedule_id', 'mapping'],
    derived: ['(SELECT COUNT(*) FROM contacts c WHERE c.list_id = contact_lists.id) AS contacts'],
    toModel: toList,
    orderBy: 'name, id',
    search: ['name'],
    sort: { name: 'name', createdAt: 'created_at' },
    toParams: (l) => ({ ...l, mapping: JSON.stringify(l.mapping) }),
  });
  const contacts = defineTable<ContactRow, Contact, 'number' | 'createdAt'>(db, {
    table: 'contacts',
    columns: ['id', 'list_id', 'number', 'time_zone', 'variables', 'row_no', 'created_at'],
    toModel: toContact,
    orderBy: 'id',
    search: ['number', 'variables'],
    sort: { number: 'number', createdAt: 'created_at' },
    filters: { listId: 'list_id = @listId' },
  });
  const dnc = defineTable<DncRow, DncEntry, 'number' | 'createdAt'>(db, {
    table: 'dnc',
    columns: ['id', 'number', 'source', 'reason', 'created_at', 'created_by'],
    toModel: toDnc,
    orderBy: 'created_at DESC, id DESC',
    search: ['number', 'reason'],
    sort: { number: 'number', createdAt: 'created_at' },
    filters: { source: 'source = @source' },
  });
  const consents = defineTable<ConsentRow, Consent, 'grantedAt' | 'createdAt'>(db, {
    table: 'consents',
    columns: [
      'id',
      'number',
      'type',
      'granted_at',
      'evidence',
      'evidence_ref',
      'revoked_at',
      'created_at',
      'created_by',
    ],
    toModel: toConsent,
    orderBy: 'granted_at DESC, id DESC',
    search: ['number', 'evidence', 'evidence_ref'],
    sort: { grantedAt: 'granted_at', createdAt: 'created_at' },
    filters: { number: 'number = @number', type: 'type = @type' },
  });

  const addContact = db.prepare<[number, string, string | null, string, number, number]>(
    `INSERT INTO contacts (list_id, number, time_zone, variables, row_no, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (list_id, number) DO NOTHING`,
  );
  const lastContactId = db.prepare<[], number>('SELECT COALESCE(MAX(id), 0) FROM contacts').pluck();
  const dropSince = db.prepare('DELETE FROM contacts WHERE list_id = ? AND id > ?');
  const removeContact = db.prepare('DELETE FROM contacts WHERE list_id = ? AND id = ?');
  const contactOf = db.prepare<[number, string], ContactRow>(
    `SELECT id, list_id, number, time_zone, variables, row_no, created_at FROM contacts
     WHERE list_id = ? AND number = ?`,
  );
  const contactsAfter = db.prepare<[number, number, number], ContactRow>(
    `SELECT id, list_id, number, time_zone, variables, row_no, created_at FROM contacts
     WHERE list_id = ? AND id > ? ORDER BY id LIMIT ?`,
  );
  const addDnc = db.prepare(
    `INSERT INTO dnc (number, source, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (number) DO NOTHING`,
  );
  const removeDnc = db.prepare('DELETE FROM dnc WHERE id = ?');
  const addConsent = db.prepare(
    `INSERT INTO consents (number, type, granted_at, evidence, evidence_ref, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const revoke = db.prepare('UPDATE consents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const activeConsent = db
    .prepare<[string, ConsentType, number, number], number>(
      `SELECT id FROM consents WHERE number = ? AND type = ? AND granted_at <= ?
       AND (revoked_at IS NULL OR revoked_at > ?) ORDER BY granted_at DESC LIMIT 1`,
    )
    .pluck();

  /** Inserts a batch in one transaction; answers how many rows a conflict skipped. */
  const skipped = <T>(batch: T[], insert: (row: T) => { changes: number }): number =>
    db.transaction(() => batch.reduce((n, row) => n + (insert(row).changes === 0 ? 1 : 0), 0))();

  return {
    lists,
    contacts,
    dnc,
    consents,
    /** Inserts a batch in one transaction; answers how many were duplicates of numbers already in the list. */
    addContacts: (listId: number, batch: NewContact[], now: number): number =>
      skipped(batch, (c) => addContact.run(listId, c.number, c.timeZone, c.variables, c.row, now)),
    lastContactId: () => lastContactId.get() ?? 0,
    /** Undoes an import that failed half-way: the contacts it added (ids above `after`). */
    dropContactsSince: (listId: number, after: number) => dropSince.run(listId, after).changes,
    removeContact: (listId: number, id: number) => removeContact.run(listId, id).changes > 0,
    contactOf: (listId: number, number: string): Contact | undefined => {
      const r = contactOf.get(listId, number);
      return r ? toContact(r) : undefined;
    },
    contactsAfter: (listId: number, afterId: number, limit: number) =>
      contactsAfter.all(listId, afterId, limit).map(toContact),
    /** False when the number was already on the list (the first entry stays). */
    addDnc: (e: Omit<DncEntry, 'id'>) =>
      addDnc.run(e.number, e.source, e.reason, e.createdAt, e.createdBy).changes > 0,
    /** Entries already on the list are left as they are; answers how many were. */
    addDncBatch: (batch: Omit<DncEntry, 'id'>[]): number =>
      skipped(batch, (e) => addDnc.run(e.number, e.source, e.reason, e.createdAt, e.createdBy)),
    removeDnc: (id: number) => removeDnc.run(id),
    addConsent: (c: Omit<Consent, 'id' | 'revokedAt'>) =>
      Number(
        addConsent.run(c.number, c.type, c.grantedAt, c.evidence, c.evidenceRef, c.createdAt, c.createdBy)
          .lastInsertRowid,
      ),
    revokeConsent: (id: number, at: number) => revoke.run(at, id).changes > 0,
    /** The consent of this type in force at `at`, if any. */
    consentAt: (number: string, type: ConsentType, at: number) => activeConsent.get(number, type, at, at),
  };
}
