import { z } from 'zod';
import type { Actor } from '../audit/index.js';
import { AppError, validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import { inertCell, liveCell } from '../kit/export.js';
import type { Page } from '../kit/list.js';
import { mustFind, type ResourceService } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import type { Logger } from '../log.js';
import type { SeatLookup } from '../seats/index.js';
import { CsvError, parseCsv, toCsv } from './csv.js';
import './events.js';
import {
  boundAgent,
  type CallerInfo,
  type Customer,
  CustomerCreate,
  type CustomerListQuery,
  type CustomerUpdate,
  customerName,
  NUMBER_RE,
  vipLevel,
  type WebhookSettings,
} from './schema.js';
import type { CustomerStore } from './store.js';
import { getWebhook, refusedUrl, type WebhookCall, WebhookRefused } from './webhook.js';

/**
 * The CSV's columns in the export's order, each with the header names an
 * import accepts (English or Chinese, any order). Every column but company
 * is required: files written before company existed import as they did.
 */
export const CSV_COLUMNS = {
  name: ['name', '姓名'],
  company: ['company', '公司'],
  numbers: ['numbers', '号码'],
  vip: ['vip', 'VIP等级'],
  boundAgent: ['boundAgent', '绑定坐席'],
  notes: ['notes', '备注'],
} as const;
type CsvColumn = keyof typeof CSV_COLUMNS;
export const CSV_HEADER = Object.keys(CSV_COLUMNS) as CsvColumn[];
const OPTIONAL_COLUMNS: readonly CsvColumn[] = ['company'];
/** Largest webhook answer read; anything longer is junk. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/** What a webhook may answer (200, JSON); unknown keys are ignored, bad values make it junk. */
const WebhookAnswer = z.object({
  name: customerName,
  vip: vipLevel.optional(),
  boundAgent: boundAgent.optional(),
});

/** Where each column is in an import's header row; a 400 naming row 1 for an unknown, repeated or missing one. */
function csvColumns(header: string[] | undefined): Map<CsvColumn, number> {
  const columns = new Map<CsvColumn, number>();
  const expected = `the header row names the columns ${CSV_HEADER.join(',')} (company may be left out)`;
  (header ?? []).forEach((h, i) => {
    const name = h.trim();
    const c = CSV_HEADER.find((k) => (CSV_COLUMNS[k] as readonly string[]).includes(name));
    if (!c || columns.has(c))
      throw validation('row 1', `${c ? 'repeated' : 'unknown'} column "${name.slice(0, 40)}": ${expected}`);
    columns.set(c, i);
  });
  if (CSV_HEADER.some((k) => !columns.has(k) && !OPTIONAL_COLUMNS.includes(k)))
    throw validation('row 1', expected);
  return columns;
}

export interface CustomerService extends ResourceService<Customer, CustomerCreate, CustomerUpdate> {
  /** Told after every committed change of records (queues keep AstDB in step). */
  onChange(fn: () => void): void;
  /** VIP levels and bound agents by number, for the queue dialplan (bound agents that are seats). */
  callerPriorities(): { number: string; vip: number; boundAgent: string | null }[];
  list(q: CustomerListQuery): Page<Customer>;
  /** Exact match on any of a customer's numbers (local records only). */
  findByNumber(number: string): Customer | undefined;
  /**
   * Bulk import of a CSV text (header `name,company,numbers,vip,boundAgent,notes`
   * in any order, or their Chinese names; company may be left out), all or nothing: the first bad row refuses the whole file with a 400
   * naming "row N: field" (the header is row 1). A row whose first number
   * belongs to a customer updates that customer; otherwise it creates one.
   */
  importCsv(text: string, actor: Actor): Promise<{ created: number; updated: number }>;
  /** Every customer as CSV (the import's columns; numbers joined by `;`), UTF-8 with a BOM for spreadsheets. */
  exportCsv(): string;
  webhook(): WebhookSettings;
  setWebhook(w: WebhookSettings, actor: Actor): Promise<WebhookSettings>;
  /**
   * Caller lookup for the IVR: asks the external CRM webhook (when enabled)
   * with its short timeout, and falls back to the local record when it
   * fails, times out, answers non-200 or junk. Never throws; null when
   * nothing is known (or the number is not a number).
   */
  lookup(number: string): Promise<CallerInfo | null>;
}

export function createCustomerService(deps: {
  store: CustomerStore;
  change: Change;
  seats: SeatLookup;
  log: Logger;
  /** The webhook may target loopback, link-local and the box's own addresses (settings file only). */
  allowLocal?: boolean;
}): CustomerService {
  const { store, seats, log } = deps;
  const allowLocal = deps.allowLocal ?? false;
  // Customers do not feed Asterisk's generated config (queues mirror priorities into AstDB on change).
  const changes = resourceChanges(deps.change, {
    entity: 'customer',
    event: 'customer.changed',
    config: false,
  });

  const mustGet = mustFind(store.get, (id) => `customer ${id}`);

  /** Refuses numbers owned by another customer and a bound agent that is no seat. */
  const check = (c: Omit<CustomerCreate, 'name'>, self: number | undefined, agentBefore?: string | null) => {
    for (const n of c.numbers) {
      const owner = store.ownerOf(n);
      if (owner !== undefined && owner !== self) {
        throw new AppError('conflict', `number ${n} already belongs to customer ${owner}`, {
          field: 'numbers',
        });
      }
    }
    // an unchanged binding to a seat deleted since is kept (lookups ignore it), not a reason to refuse an edit
    const changed = c.boundAgent !== agentBefore;
    if (c.boundAgent !== null && changed && seats.findByExtension(c.boundAgent) === undefined) {
      throw validation('boundAgent', `seat ${c.boundAgent} does not exist`);
    }
  };

  const insert = (input: CustomerCreate): number => {
    check(input, undefined);
    const { numbers, ...fields } = input;
    return store.insert(fields, numbers, Date.now());
  };

  const replace = (before: Customer, patch: CustomerUpdate): Customer => {
    const next = {
      name: patch.name ?? before.name,
      company: patch.company ?? before.company,
      numbers: patch.numbers ?? before.numbers,
      vip: patch.vip ?? before.vip,
      boundAgent: patch.boundAgent === undefined ? before.boundAgent : patch.boundAgent,
      notes: patch.notes ?? before.notes,
    };
    check(next, before.id, before.boundAgent);
    const { numbers, ...fields } = next;
    store.update(before.id, fields, numbers, Date.now());
    return mustGet(before.id);
  };

  /** One CSV record as a create body; throws a validation error naming "row N: field". */
  const csvRecord = (cells: string[], row: number, columns: Map<CsvColumn, number>): CustomerCreate => {
    if (cells.length !== columns.size) {
      throw validation(`row ${row}`, `expected ${columns.size} fields, found ${cells.length}`);
    }
    // an export made a formula-like cell inert with an apostrophe: take it back off
    const cell = (c: CsvColumn) => liveCell(cells[columns.get(c) ?? -1] ?? '');
    const [numbers, agent] = [cell('numbers'), cell('boundAgent')];
    const vipText = cell('vip').trim();
    const body = {
      name: cell('name'),
      company: cell('company'),
      numbers: numbers
        .split(/[;|]/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      vip: vipText === '' ? 0 : /^-?[0-9]+$/.test(vipText) ? Number(vipText) : Number.NaN,
      boundAgent: agent.trim() === '' ? null : agent.trim(),
      notes: cell('notes'),
    };
    const parsed = CustomerCreate.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? 'row');
      throw validation(`row ${row}: ${field}`, `row ${row}: ${field}: ${issue?.message}`);
    }
    return parsed.data;
  };

  /** Told after every committed change of records (queues keep AstDB in step). */
  const changeListeners: (() => void)[] = [];
  const changed = <T>(result: T): T => {
    for (const fn of changeListeners) {
      try {
        fn();
      } catch (err) {
        log.error({ err }, 'customers: change listener failed');
      }
    }
    return result;
  };

  return {
    onChange(fn) {
      changeListeners.push(fn);
    },
    callerPriorities: () =>
      store.priorities().map((p) => ({
        ...p,
        boundAgent:
          p.boundAgent !== null && seats.findByExtension(p.boundAgent) !== undefined ? p.boundAgent : null,
      })),
    list: (q) => store.page(q),
    get: mustGet,
    findByNumber(number) {
      const id = store.ownerOf(number);
      return id === undefined ? undefined : store.get(id);
    },

    async create(input, actor) {
      const id = await changes.change({
        actor,
        action: 'create',
        mutate: () => insert(input),
        after: (newId) => mustGet(newId),
      });
      return changed(mustGet(id));
    },

    async update(id, patch, actor) {
      const before = mustGet(id);
      const after = await changes.change({
        actor,
        action: 'update',
        id,
        before,
        mutate: () => replace(before, patch),
        after: (c) => c,
      });
      return changed(after);
    },

    async remove(id, actor) {
      const before = mustGet(id);
      await changes.remove(actor, before, () => store.remove(id));
      changed(undefined);
    },

    async importCsv(text, actor) {
      let rows: string[][];
      try {
        rows = parseCsv(text);
      } catch (err) {
        if (err instanceof CsvError) throw validation(`row ${err.row}`, err.message);
        throw err;
      }
      const columns = csvColumns(rows[0]);
      const imported = () => {
        let created = 0;
        let updated = 0;
        const seen = new Map<string, number>();
        const ids: number[] = [];
        rows.forEach((cells, i) => {
          const row = i + 1;
          if (row === 1) return;
          // a blank line (one empty field) is skipped
          if (cells.length === 1 && cells[0]!.trim() === '') return;
          const input = csvRecord(cells, row, columns);
          for (const n of input.numbers) {
            const first = seen.get(n);
            if (first !== undefined) {
              throw validation(`row ${row}: numbers`, `row ${row}: numbers: ${n} is also in row ${first}`);
            }
            seen.set(n, row);
          }
          try {
            const existing = store.ownerOf(input.numbers[0]!);
            if (existing === undefined) {
              ids.push(insert(input));
              created++;
            } else {
              replace(mustGet(existing), input);
              ids.push(existing);
              updated++;
            }
          } catch (err) {
            if (err instanceof AppError && err.field) {
              throw validation(`row ${row}: ${err.field}`, `row ${row}: ${err.field}: ${err.message}`);
            }
            throw err;
          }
        });
        return { created, updated, ids };
      };
      const { created, updated } = await changes.change({
        actor,
        action: 'import',
        mutate: imported,
        after: (r) => r,
      });
      return changed({ created, updated });
    },

    exportCsv: () =>
      `\ufeff${toCsv([
        CSV_HEADER,
        ...store
          .all()
          .map((c) =>
            [c.name, c.company, c.numbers.join(';'), String(c.vip), c.boundAgent ?? '', c.notes].map(
              (v) => inertCell(v) as string,
            ),
          ),
      ])}`,

    webhook: () => store.webhook(),

    async setWebhook(w, actor) {
      if (w.enabled && !w.url) throw validation('url', 'an enabled webhook needs a url');
      const refused = w.url && !allowLocal ? refusedUrl(w.url) : null;
      if (refused)
        throw validation('url', `url may not point at this box or a link-local address: ${refused}`);
      const before = store.webhook();
      const masked = (h: WebhookSettings) => ({ ...h, url: maskUrl(h.url) });
      // the webhook is no customer record: no customer.changed
      await deps.change({
        actor,
        entity: 'customer_webhook',
        action: 'update',
        config: false,
        before: masked(before),
        mutate: () => store.setWebhook(w, Date.now()),
        after: () => masked(store.webhook()),
      });
      return store.webhook();
    },

    async lookup(number) {
      if (!NUMBER_RE.test(number)) return null;
      const hook = store.webhook();
      if (hook.enabled && hook.url) {
        const call = { timeoutMs: hook.timeoutMs, maxBytes: MAX_WEBHOOK_BYTES, allowLocal };
        const info = await askWebhook(hook.url, number, call, seats, log);
        if (info) return info;
      }
      const id = store.ownerOf(number);
      const c = id === undefined ? undefined : store.get(id);
      if (!c) return null;
      const agent =
        c.boundAgent !== null && seats.findByExtension(c.boundAgent) !== undefined ? c.boundAgent : null;
      return { source: 'local', id: c.id, name: c.name, vip: c.vip, boundAgent: agent };
    },
  };
}

/** A webhook URL for the audit log: a password or query (often an API key) is not kept. */
export function maskUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const u = new URL(url);
    if (u.password) u.password = 'redacted';
    if (u.search) u.search = '?redacted';
    return u.toString();
  } catch {
    return '[invalid]';
  }
}

async function askWebhook(
  url: string,
  number: string,
  call: WebhookCall,
  seats: SeatLookup,
  log: Logger,
): Promise<CallerInfo | null> {
  try {
    const u = new URL(url);
    u.searchParams.set('number', number);
    const text = await getWebhook(u, call);
    const a = WebhookAnswer.parse(JSON.parse(text));
    const agent = a.boundAgent ?? null;
    return {
      source: 'webhook',
      id: null,
      name: a.name,
      vip: a.vip ?? 0,
      // an agent the box does not know cannot be offered the call
      boundAgent: agent !== null && seats.findByExtension(agent) !== undefined ? agent : null,
    };
  } catch (err) {
    if (err instanceof WebhookRefused) {
      log.warn(
        { url: maskUrl(url), reason: err.message },
        'customer webhook target refused; using local record',
      );
    } else {
      log.warn({ err: (err as Error).message }, 'customer webhook failed; using local record');
    }
    return null;
  }
}
