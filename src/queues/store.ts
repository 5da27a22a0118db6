import type { Db } from '../db/index.js';
import type { Destination } from '../destinations/schema.js';
import { defineRecords } from '../kit/table.js';
import { type Queue, QueueSettings, type QueueSortKey } from './schema.js';

interface Row {
  id: number;
  name: string;
  number: string | null;
  settings: string;
  overflow: string;
  dispositions: string;
  screen_pop_url: string | null;
  created_at: number;
  updated_at: number;
}

// settings are parsed through the schema so rows written by an older version get new defaults
const toQueue = (r: Row): Queue => ({
  id: r.id,
  name: r.name,
  number: r.number,
  settings: QueueSettings.parse(JSON.parse(r.settings)),
  overflow: JSON.parse(r.overflow) as Destination,
  dispositions: JSON.parse(r.dispositions) as string[],
  screenPopUrl: r.screen_pop_url,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type QueueStore = ReturnType<typeof createQueueStore>;
export type QueueFields = Pick<
  Queue,
  'name' | 'number' | 'settings' | 'overflow' | 'dispositions' | 'screenPopUrl'
>;

export function createQueueStore(db: Db) {
  const table = defineRecords<Row, Queue, QueueSortKey, QueueFields>(db, {
    table: 'queues',
    fields: ['name', 'number', 'settings', 'overflow', 'dispositions', 'screen_pop_url'],
    toModel: toQueue,
    toParams: (q) => ({
      name: q.name,
      number: q.number,
      settings: JSON.stringify(q.settings),
      overflow: JSON.stringify(q.overflow),
      dispositions: JSON.stringify(q.dispositions),
      screenPopUrl: q.screenPopUrl,
    }),
    orderBy: 'id',
    search: ['name', 'number'],
    sort: { id: 'id', name: 'name', number: 'number' },
  });

  return {
    ...table,
    byNumber: (n: string) => table.findBy('number', n),
    byName: (name: string) => table.findBy('name', name),
  };
}
