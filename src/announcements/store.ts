// biome-ignore-all lint/suspicious/noThenProperty: `then` (what follows the prompt) is the API's field name from the issue-3 contract; it always holds a destination object, never a function, so nothing treats it as a thenable.
import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import { defineTable } from '../kit/table.js';
import type { Announcement, AnnouncementSortKey } from './schema.js';

interface Row {
  id: number;
  name: string;
  prompt_id: number;
  then_dest: string;
  created_at: number;
  updated_at: number;
}

const COLUMNS = ['id', 'name', 'prompt_id', 'then_dest', 'created_at', 'updated_at'];

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
  const table = defineTable<Row, Announcement, AnnouncementSortKey>(db, {
    table: 'announcements',
    columns: COLUMNS,
    toModel: toAnnouncement,
    orderBy: 'id',
    search: ['name'],
    sort: { id: 'id', name: 'name' },
  });
  const byPrompt = db.prepare<[number], Row>(
    `SELECT ${table.columns} FROM announcements WHERE prompt_id = ? ORDER BY id`,
  );
  const insert = db.prepare(
    `INSERT INTO announcements (name, prompt_id, then_dest, created_at, updated_at)
     VALUES (@name, @promptId, @then, @now, @now)`,
  );
  const update = db.prepare(
    'UPDATE announcements SET name = @name, prompt_id = @promptId, then_dest = @then, updated_at = @now WHERE id = @id',
  );
  const remove = db.prepare('DELETE FROM announcements WHERE id = ?');

  return {
    all: table.all,
    page: table.page,
    get: table.byId,
    byPrompt: (promptId: number) => byPrompt.all(promptId).map(toAnnouncement),
    insert: (a: Omit<Announcement, 'id' | 'createdAt' | 'updatedAt'>, now: number): number =>
      Number(insert.run({ ...a, then: JSON.stringify(a.then), now }).lastInsertRowid),
    update: (a: Announcement, now: number) => update.run({ ...a, then: JSON.stringify(a.then), now }),
    remove: (id: number) => remove.run(id),
  };
}
