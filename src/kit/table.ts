import type { Db } from '../db/index.js';
import type { ListParams, Page } from './list.js';

/**
 * The read half every store repeats: a table's column list, its row → model
 * mapping, `all`, `get` (by id), and a paged, searched, sorted list, with
 * statements prepared once. defineRecords() below adds the writes of a table
 * of records; stores keep their other writes and special queries.
 */
export interface TableSpec<Row, T, K extends string> {
  table: string;
  /** SQL column list, explicit (never `*`). */
  columns: readonly string[];
  toModel(row: Row): T;
  /** Column order of `all()` and of a page without `sort`. */
  orderBy: string;
  /** Columns a `q` search matches (substring, case-insensitive for ASCII). */
  search?: readonly string[];
  /** Sort keys the API accepts → their SQL expression. */
  sort?: Record<K, string>;
  /**
   * Filters → an SQL condition over the named parameter `@<filter>`;
   * a filter left undefined is not applied.
   */
  filters?: Record<string, string>;
}

export interface Table<T, K extends string> {
  readonly columns: string;
  all(): T[];
  get(id: number): T | undefined;
  /** The first row where `column = value` (column from the spec's list). */
  findBy(column: string, value: unknown): T | undefined;
  page(params: ListParams<K>, filters?: Record<string, unknown>): Page<T>;
  count(): number;
}

/** `%` and `_` in a search are literal. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

export function defineTable<Row, T, K extends string = never>(
  db: Db,
  spec: TableSpec<Row, T, K>,
): Table<T, K> {
  const cols = spec.columns.join(', ');
  const from = `SELECT ${cols} FROM ${spec.table}`;
  const filterNames = Object.keys(spec.filters ?? {});
  const conditions = [
    spec.search?.length
      ? `(@like IS NULL OR ${spec.search.map((c) => `${c} LIKE @like ESCAPE '\\'`).join(' OR ')})`
      : null,
    ...filterNames.map((f) => `(@${f} IS NULL OR (${spec.filters![f]}))`),
  ].filter(Boolean);
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';

  const all = db.prepare<[], Row>(`${from} ORDER BY ${spec.orderBy}`);
  const byId = db.prepare<[number], Row>(`${from} WHERE id = ?`);
  const count = db
    .prepare<Record<string, unknown>, number>(`SELECT COUNT(*) FROM ${spec.table} ${where}`)
    .pluck();
  const countAll = db.prepare<[], number>(`SELECT COUNT(*) FROM ${spec.table}`).pluck();
  const byColumn = new Map<string, ReturnType<typeof db.prepare<[unknown], Row>>>();
  const pages = new Map<string, ReturnType<typeof db.prepare<Record<string, unknown>, Row>>>();

  const pageStatement = (sort: K | undefined, order: 'asc' | 'desc') => {
    const key = `${sort ?? ''}:${order}`;
    let stmt = pages.get(key);
    if (!stmt) {
      // Sort keys come from the spec (the API validated them against its enum), never from input.
      const expr = sort === undefined ? spec.orderBy : `${spec.sort![sort]} ${order.toUpperCase()}, id`;
      stmt = db.prepare(`${from} ${where} ORDER BY ${expr} LIMIT @limit OFFSET @offset`);
      pages.set(key, stmt);
    }
    return stmt;
  };

  return {
    columns: cols,
    all: () => all.all().map(spec.toModel),
    get: (id) => {
      const r = byId.get(id);
      return r ? spec.toModel(r) : undefined;
    },
    findBy: (column, value) => {
      if (!spec.columns.includes(column)) throw new Error(`${spec.table} has no column ${column}`);
      let stmt = byColumn.get(column);
      if (!stmt) {
        stmt = db.prepare<[unknown], Row>(`${from} WHERE ${column} = ? LIMIT 1`);
        byColumn.set(column, stmt);
      }
      const r = stmt.get(value);
      return r ? spec.toModel(r) : undefined;
    },
    page: (params, filters = {}) => {
      const args: Record<string, unknown> = {};
      if (spec.search?.length) args.like = params.q ? likePattern(params.q) : null;
      for (const f of filterNames) args[f] = bindable(filters[f]);
      const items = pageStatement(params.sort, params.order)
        .all({ ...args, limit: params.limit, offset: params.offset })
        .map(spec.toModel);
      return { items, total: count.get(args) ?? 0, limit: params.limit, offset: params.offset };
    },
    count: () => countAll.get() ?? 0,
  };
}

/** SQLite has no booleans; undefined means "filter not applied". */
const bindable = (v: unknown) => (v === undefined ? null : typeof v === 'boolean' ? Number(v) : v);

/**
 * A table of records: `id`, the record's own columns, `created_at` and
 * `updated_at`. Besides the reads it writes: insert() and update() bind each
 * field column from the named parameter of its name in camelCase
 * (`max_contacts` ← `@maxContacts`) and stamp the times with `now`.
 */
export interface RecordSpec<Row, T, K extends string, W> extends Omit<TableSpec<Row, T, K>, 'columns'> {
  /** The columns insert() and update() write, in the table's order. */
  fields: readonly string[];
  /** Fields insert() writes and update() leaves as they are (a trunk's kind). */
  fixed?: readonly string[];
  /** Read-only expressions the reads add (`(SELECT …) AS numbers`). */
  derived?: readonly string[];
  /** A record's fields → the named parameters; without it the fields are bound as they are. */
  toParams?(fields: W): Record<string, unknown>;
}

export interface Records<T, K extends string, W> extends Table<T, K> {
  /** The new record's id. */
  insert(fields: W, now: number): number;
  update(id: number, fields: W, now: number): void;
  remove(id: number): void;
}

/** The fields of a record: what a create gives and an update replaces. */
export type Fields<T> = Omit<T, 'id' | 'createdAt' | 'updatedAt'>;

const param = (column: string) => `@${column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}`;

export function defineRecords<Row, T, K extends string = never, W = Fields<T>>(
  db: Db,
  spec: RecordSpec<Row, T, K, W>,
): Records<T, K, W> {
  const table = defineTable(db, {
    ...spec,
    columns: ['id', ...spec.fields, ...(spec.derived ?? []), 'created_at', 'updated_at'],
  });
  const updated = spec.fields.filter((c) => !spec.fixed?.includes(c));
  const insert = db.prepare(
    `INSERT INTO ${spec.table} (${spec.fields.join(', ')}, created_at, updated_at)
     VALUES (${spec.fields.map(param).join(', ')}, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE ${spec.table} SET ${updated.map((c) => `${c} = ${param(c)}`).join(', ')}, updated_at = @now
     WHERE id = @id`,
  );
  const remove = db.prepare(`DELETE FROM ${spec.table} WHERE id = ?`);
  const toParams = spec.toParams ?? ((f: W) => f as Record<string, unknown>);

  return {
    ...table,
    insert: (fields, now) => Number(insert.run({ ...toParams(fields), now }).lastInsertRowid),
    update: (id, fields, now) => {
      update.run({ ...toParams(fields), id, now });
    },
    remove: (id) => {
      remove.run(id);
    },
  };
}
