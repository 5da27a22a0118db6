import { z } from 'zod';
import type { Actor } from '../audit/index.js';
import type { Db } from '../db/index.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Change, ChangeEvent } from './change.js';
import { recordId } from './ids.js';
import { patched } from './patch.js';
import type { Access, ApiRouter } from './router.js';
import { defineTable } from './table.js';
import { displayName } from './text.js';

/**
 * A configurable category tree (知识库 categories, 工单 categories): a few
 * dozen rows `id, parent_id, name, created_at, updated_at` in the domain's
 * own table, read whole; sibling names unique, no cycles, a depth limit.
 */
export interface Category {
  id: number;
  parentId: number | null;
  name: string;
  createdAt: number;
  updatedAt: number;
}

export const CategoryCreate = z.strictObject({
  name: displayName('name'),
  parentId: recordId('parentId').nullable().default(null),
});
export type CategoryCreate = z.output<typeof CategoryCreate>;

export const CategoryUpdate = z.strictObject({
  name: displayName('name').optional(),
  parentId: recordId('parentId').nullable().optional(),
});
export type CategoryUpdate = z.output<typeof CategoryUpdate>;

export interface CategoryView {
  id: number;
  parentId: number | null;
  name: string;
  /** Names from the root, `/` separated (账务/发票). */
  path: string;
  createdAt: string;
  updatedAt: string;
}

export interface CategoryTree {
  /** Every category, sorted by path. */
  list(): CategoryView[];
  get(id: number): CategoryView;
  exists(id: number): boolean;
  /** A category and every category below it. */
  subtree(id: number): number[];
  /** A category and those above it, nearest first. */
  ancestors(id: number): number[];
  /** Ids of categories named one of `names` (lower-case), with their subtrees. */
  named(names: ReadonlySet<string>): number[];
  /** Every category's path by id (one read for a page of records). */
  paths(): Map<number, string>;
  create(input: CategoryCreate, actor: Actor): Promise<CategoryView>;
  update(id: number, patch: CategoryUpdate, actor: Actor): Promise<CategoryView>;
  remove(id: number, actor: Actor): Promise<void>;
}

export type CategoryStore = ReturnType<typeof createCategoryStore>;

/** The statements of a category table (its name comes from the domain, never from input). */
export function createCategoryStore(db: Db, table: string) {
  const rows = defineTable<
    { id: number; parent_id: number | null; name: string; created_at: number; updated_at: number },
    Category
  >(db, {
    table,
    columns: ['id', 'parent_id', 'name', 'created_at', 'updated_at'],
    toModel: (r) => ({
      id: r.id,
      parentId: r.parent_id,
      name: r.name,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
    orderBy: 'name, id',
  });
  const insert = db.prepare(
    `INSERT INTO ${table} (parent_id, name, created_at, updated_at) VALUES (@parentId, @name, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE ${table} SET parent_id = @parentId, name = @name, updated_at = @now WHERE id = @id`,
  );
  const remove = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  return {
    all: rows.all,
    get: rows.get,
    insert: (c: Pick<Category, 'parentId' | 'name'>, now: number) =>
      Number(insert.run({ ...c, now }).lastInsertRowid),
    update: (c: Pick<Category, 'id' | 'parentId' | 'name'>, now: number) => update.run({ ...c, now }),
    remove: (id: number) => remove.run(id),
  };
}

export function createCategoryTree(deps: {
  store: CategoryStore;
  change: Change;
  /** Audit entity (`kb_category`) and bus event (`kb.category.changed`). */
  entity: string;
  event: ChangeEvent;
  maxDepth: number;
  /** What is filed under a category (it cannot be deleted while any is): `article(s)` and their count. */
  filed: { what: string; count(categoryId: number): number };
}): CategoryTree {
  const { store, entity, maxDepth } = deps;
  // Categories do not feed Asterisk's generated config.
  const change: Change = (spec) => deps.change({ config: false, event: deps.event, ...spec });

  const byId = () => new Map(store.all().map((c) => [c.id, c]));
  /** Root first; bounded by the table's size, so a corrupted loop cannot spin. */
  const ancestry = (all: Map<number, Category>, id: number): Category[] => {
    const chain: Category[] = [];
    for (let c = all.get(id); c && chain.length <= all.size; c = c.parentId ? all.get(c.parentId) : undefined)
      chain.unshift(c);
    return chain;
  };
  const view = (all: Map<number, Category>, c: Category): CategoryView => ({
    id: c.id,
    parentId: c.parentId,
    name: c.name,
    path: ancestry(all, c.id)
      .map((a) => a.name)
      .join('/'),
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  });
  const mustGet = (id: number) => {
    const c = store.get(id);
    if (!c) throw notFound(`category ${id}`);
    return c;
  };
  const subtree = (all: Category[], id: number): number[] => {
    const out = [id];
    for (let i = 0; i < out.length; i++) for (const c of all) if (c.parentId === out[i]) out.push(c.id);
    return out;
  };
  /** Levels below `id` (0 for a leaf). */
  const depthBelow = (all: Category[], id: number): number => {
    const children = all.filter((c) => c.parentId === id);
    return children.length ? 1 + Math.max(...children.map((c) => depthBelow(all, c.id))) : 0;
  };

  /** The parent exists, is not the category itself or below it, and the tree stays shallow. */
  const checkPlace = (name: string, parentId: number | null, self?: number) => {
    const all = byId();
    if (parentId !== null) {
      if (!all.has(parentId)) throw validation('parentId', `category ${parentId} does not exist`);
      if (self !== undefined && subtree([...all.values()], self).includes(parentId))
        throw validation('parentId', 'a category cannot move below itself');
      const depth = ancestry(all, parentId).length + 1;
      const below = self === undefined ? 0 : depthBelow([...all.values()], self);
      if (depth + below > maxDepth)
        throw validation('parentId', `categories nest at most ${maxDepth} levels deep`);
    }
    for (const c of all.values()) {
      if (c.id !== self && c.parentId === parentId && c.name === name)
        throw new AppError('conflict', `a category named ${name} is already there`, { field: 'name' });
    }
  };

  return {
    list() {
      const all = byId();
      return [...all.values()].map((c) => view(all, c)).sort((a, b) => a.path.localeCompare(b.path));
    },
    get: (id) => view(byId(), mustGet(id)),
    exists: (id) => store.get(id) !== undefined,
    subtree: (id) => subtree(store.all(), id),
    ancestors: (id) =>
      ancestry(byId(), id)
        .map((c) => c.id)
        .reverse(),
    named(names) {
      const all = store.all();
      return [
        ...new Set(all.filter((c) => names.has(c.name.toLowerCase())).flatMap((c) => subtree(all, c.id))),
      ];
    },
    paths() {
      const all = byId();
      return new Map([...all.values()].map((c) => [c.id, view(all, c).path]));
    },

    async create(input, actor) {
      const id = await change({
        actor,
        entity,
        action: 'create',
        mutate: () => {
          checkPlace(input.name, input.parentId);
          return store.insert(input, Date.now());
        },
        after: () => input,
      });
      return view(byId(), mustGet(id));
    },

    async update(id, patch, actor) {
      const before = mustGet(id);
      const after = patched(before, patch);
      await change({
        actor,
        entity,
        action: 'update',
        id,
        before,
        mutate: () => {
          checkPlace(after.name, after.parentId, id);
          store.update(after, Date.now());
        },
        after: () => after,
      });
      return view(byId(), mustGet(id));
    },

    async remove(id, actor) {
      const before = mustGet(id);
      await change({
        actor,
        entity,
        action: 'delete',
        id,
        before,
        mutate: () => {
          if (store.all().some((c) => c.parentId === id))
            throw new AppError('conflict', 'the category has subcategories');
          const n = deps.filed.count(id);
          if (n > 0) throw new AppError('conflict', `${n} ${deps.filed.what} are filed under the category`);
          store.remove(id);
        },
      });
    },
  };
}

/** The four routes of a category tree at `/categories` (list for `read`, changes for `write`). */
export function categoryRoutes<R extends string>(
  api: ApiRouter<R>,
  tree: CategoryTree,
  access: { read: Access<R>; write: Access<R> },
): ApiRouter<R> {
  return api
    .route(
      'get',
      '/categories',
      { summary: 'The category tree, flat, sorted by path', access: access.read },
      () => tree.list(),
    )
    .route(
      'post',
      '/categories',
      {
        summary: 'Create a category (under parentId)',
        access: access.write,
        body: CategoryCreate,
        status: 201,
      },
      ({ body, actor }) => tree.create(body, actor()),
    )
    .route(
      'patch',
      '/categories/:id',
      { summary: 'Rename or move a category', access: access.write, body: CategoryUpdate },
      ({ id, body, actor }) => tree.update(id(), body, actor()),
    )
    .route(
      'delete',
      '/categories/:id',
      {
        summary: 'Delete a category with nothing below or filed under it',
        access: access.write,
        status: 204,
      },
      ({ id, actor }) => tree.remove(id(), actor()),
    );
}
