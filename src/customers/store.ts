import type { Db } from '../db/index.js';
import { defineRecords } from '../kit/table.js';
import type { Customer, CustomerListQuery, WebhookSettings } from './schema.js';

interface Row {
  id: number;
  name: string;
  company: string;
  vip: number;
  bound_agent: string | null;
  notes: string;
  created_at: number;
  updated_at: number;
  numbers: string | null;
}

/** Numbers in their saved order, as a JSON array (one query per page, no N+1). */
const NUMBERS = `(SELECT json_group_array(number) FROM (SELECT number FROM customer_numbers n
     WHERE n.customer_id = customers.id ORDER BY position))`;
/** What a search matches besides the name: the numbers, one per line. */
const NUMBER_TEXT = `(SELECT group_concat(number, char(10)) FROM customer_numbers n
     WHERE n.customer_id = customers.id)`;

const toCustomer = (r: Row): Customer => ({
  id: r.id,
  name: r.name,
  company: r.company,
  numbers: r.numbers ? (JSON.parse(r.numbers) as string[]) : [],
  vip: r.vip,
  boundAgent: r.bound_agent,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type CustomerStore = ReturnType<typeof createCustomerStore>;
type Fields = Omit<Customer, 'id' | 'numbers' | 'createdAt' | 'updatedAt'>;

export function createCustomerStore(db: Db) {
  const table = defineRecords<Row, Customer, NonNullable<CustomerListQuery['sort']>, Fields>(db, {
    table: 'customers',
    fields: ['name', 'company', 'vip', 'bound_agent', 'notes'],
    derived: [`${NUMBERS} AS numbers`],
    toModel: toCustomer,
    orderBy: 'name, id',
    search: ['name', 'company', NUMBER_TEXT],
    sort: { name: 'name', vip: 'vip', createdAt: 'created_at' },
  });
  const owner = db
    .prepare<[string], number>('SELECT customer_id FROM customer_numbers WHERE number = ?')
    .pluck();
  const clearNumbers = db.prepare('DELETE FROM customer_numbers WHERE customer_id = ?');
  const addNumber = db.prepare(
    'INSERT INTO customer_numbers (number, customer_id, position) VALUES (?, ?, ?)',
  );
  const priorities = db.prepare<[], { number: string; vip: number; boundAgent: string | null }>(
    `SELECT n.number, c.vip, c.bound_agent AS boundAgent FROM customer_numbers n
     JOIN customers c ON c.id = n.customer_id WHERE c.vip > 0 OR c.bound_agent IS NOT NULL`,
  );
  const getHook = db.prepare<[], { url: string | null; timeout_ms: number; enabled: number }>(
    'SELECT url, timeout_ms, enabled FROM customer_webhook WHERE id = 1',
  );
  const setHook = db.prepare(
    'UPDATE customer_webhook SET url = ?, timeout_ms = ?, enabled = ?, updated_at = ? WHERE id = 1',
  );

  const setNumbers = (id: number, numbers: string[]) => {
    clearNumbers.run(id);
    numbers.forEach((n, i) => {
      addNumber.run(n, id, i);
    });
  };

  return {
    page: table.page,
    all: table.all,
    get: table.get,
    /** The id of the customer that has this number, if any. */
    ownerOf: (number: string): number | undefined => owner.get(number),
    insert(c: Fields, numbers: string[], now: number): number {
      const id = table.insert(c, now);
      setNumbers(id, numbers);
      return id;
    },
    update(id: number, c: Fields, numbers: string[], now: number) {
      table.update(id, c, now);
      setNumbers(id, numbers);
    },
    remove: table.remove,
    /** Numbers of VIP or bound customers (what the queue dialplan needs in AstDB). */
    priorities: () => priorities.all(),
    webhook(): WebhookSettings {
      const r = getHook.get();
      return { url: r?.url ?? null, timeoutMs: r?.timeout_ms ?? 1000, enabled: r?.enabled === 1 };
    },
    setWebhook: (w: WebhookSettings, now: number) => setHook.run(w.url, w.timeoutMs, w.enabled ? 1 : 0, now),
  };
}
