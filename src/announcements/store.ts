// biome-ignore-all lint/suspicious/noThenProperty: `then` (what follows the prompt) is the API's field name from the issue-3 contract; it always holds a destination object, never a function, so nothing treats it as a thenable.
import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import { defineRecords } from '../kit/table.js';
import type { Announcement, AnnouncementSortKey } from './schema.js';

interface Row {
  id: number;
  name: string;
  prompt_id: number;
  then_dest: string;
  created_at: number;
  updated_at: number;
}

const toAnnouncement = (r: Row): Announcement => ({
  id: r.id,
  name: r.name,
  promptId: r.prompt_id,
  then: JSON.parse(r.then_dest) as Destination,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type AnnouncementStore = ReturnType<typeof createAnnouncementStore>;

export function createAnnouncementStore(db: Db) {
  const table = defineRecords<Row, Announcement, AnnouncementSortKey>(db, {
    table: 'announcements',
    fields: ['name', 'prompt_id', 'then_dest'],
    toModel: toAnnouncement,
    toParams: (a) => ({ name: a.name, promptId: a.promptId, thenDest: JSON.stringify(a.then) }),
    orderBy: 'id',
    search: ['name'],
    sort: { id: 'id', name: 'name' },
  });
  const byPrompt = db.prepare<[number], Row>(
    `SELECT ${table.columns} FROM announcements WHERE prompt_id = ? ORDER BY id`,
  );

  return {
    ...table,
    byPrompt: (promptId: number) => byPrompt.all(promptId).map(toAnnouncement),
    update: (a: Announcement, now: number) => table.update(a.id, a, now),
  };
}
