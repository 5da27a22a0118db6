import type { Db } from '../db/index.js';
import { defineTable } from '../kit/table.js';
import type { Seat } from './schema.js';

interface Row {
  id: number;
  extension: string;
  name: string;
  secret: string;
  transport: Seat['transport'];
  max_contacts: number;
  enabled: number;
  call_class: Seat['callClass'];
  voicemail: number;
  recording: Seat['recording'];
  created_at: number;
  updated_at: number;
}

const toSeat = (r: Row): Seat => ({
  id: r.id,
  extension: r.extension,
  name: r.name,
  secret: r.secret,
  transport: r.transport,
  maxContacts: r.max_contacts,
  enabled: r.enabled === 1,
  callClass: r.call_class,
  voicemail: r.voicemail === 1,
  recording: r.recording,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** SQLite has no booleans. */
const flags = (s: Pick<Seat, 'enabled' | 'voicemail'>) => ({
  enabled: s.enabled ? 1 : 0,
  voicemail: s.voicemail ? 1 : 0,
});

export type SeatStore = ReturnType<typeof createSeatStore>;

export function createSeatStore(db: Db) {
  const table = defineTable(db, {
    table: 'seats',
    columns: [
      'id',
      'extension',
      'name',
      'secret',
      'transport',
      'max_contacts',
      'enabled',
      'call_class',
      'voicemail',
      'recording',
      'created_at',
      'updated_at',
    ],
    toModel: toSeat,
    orderBy: 'extension',
    search: ['extension', 'name'],
    sort: { extension: 'extension', name: 'name', createdAt: 'created_at' },
  });
  const insert = db.prepare(
    `INSERT INTO seats (extension, name, secret, transport, max_contacts, enabled, call_class, voicemail,
       recording, created_at, updated_at)
     VALUES (@extension, @name, @secret, @transport, @maxContacts, @enabled, @callClass, @voicemail,
       @recording, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE seats SET name = @name, secret = @secret, transport = @transport, max_contacts = @maxContacts,
       enabled = @enabled, call_class = @callClass, voicemail = @voicemail, recording = @recording,
       updated_at = @now WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM seats WHERE id = ?');

  return {
    all: table.all,
    page: table.page,
    get: table.byId,
    getByExtension: (ext: string) => table.findBy('extension', ext),
    insert: (s: Omit<Seat, 'id' | 'createdAt' | 'updatedAt'>, now: number): number =>
      Number(insert.run({ ...s, ...flags(s), now }).lastInsertRowid),
    update: (s: Seat, now: number) => update.run({ ...s, ...flags(s), now }),
    remove: (id: number) => remove.run(id),
  };
}
