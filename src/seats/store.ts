import type { Db } from '../db/index.js';
import { defineRecords, type Fields } from '../kit/table.js';
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
  const table = defineRecords(db, {
    table: 'seats',
    fields: [
      'extension',
      'name',
      'secret',
      'transport',
      'max_contacts',
      'enabled',
      'call_class',
      'voicemail',
      'recording',
    ],
    toModel: toSeat,
    // an update (SeatUpdate) has no extension: it is set once
    fixed: ['extension'],
    toParams: (s: Fields<Seat>) => ({ ...s, ...flags(s) }),
    orderBy: 'extension',
    search: ['extension', 'name'],
    sort: { extension: 'extension', name: 'name', createdAt: 'created_at' },
  });

  return {
    ...table,
    getByExtension: (ext: string) => table.findBy('extension', ext),
    update: (s: Seat, now: number) => table.update(s.id, s, now),
  };
}
