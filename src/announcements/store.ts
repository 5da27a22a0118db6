// biome-ignore-all lint/suspicious/noThenProperty: `then` (what follows the prompt) is the API's field name from the issue-3 contract; it always holds a destination object, never a function, so nothing treats it as a thenable.
import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import type { Announcement } from './schema.js';

interface Row {
  id: number;
  name: string;
  prompt_id: number;
  then_dest: string;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'id, name, prompt_id, then_dest, created_at, updated_at';

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
  const all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM announcements ORDER BY id`);
  const page = db.prepare<[number, number], Row>(
    `SELECT ${COLUMNS} FROM announcements ORDER BY id LIMIT ? OFFSET ?`,
  );
  const count = db.prepare<[], number>('SELECT COUNT(*) FROM announcements').pluck();
  const byId = db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM announcements WHERE id = ?`);
  const byPrompt = db.prepare<[number], Row>(
    `SELECT ${COLUMNS} FROM announcements WHERE prompt_id = ? ORDER BY id`,
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
    all: () => all.all().map(toAnnouncement),
    page: (limit: number, offset: number) => ({
      items: page.all(limit, offset).map(toAnnouncement),
      total: count.get() ?? 0,
    }),
    get: (id: number) => {
      const r = byId.get(id);
      return r ? toAnnouncement(r) : undefined;
    },
    byPrompt: (promptId: number) => byPrompt.all(promptId).map(toAnnouncement),
    insert: (a: Omit<Announcement, 'id' | 'createdAt' | 'updatedAt'>, now: number): number =>
      Number(insert.run({ ...a, then: JSON.stringify(a.then), now }).lastInsertRowid),
    update: (a: Announcement, now: number) => update.run({ ...a, then: JSON.stringify(a.then), now }),
    remove: (id: number) => remove.run(id),
  };
}
