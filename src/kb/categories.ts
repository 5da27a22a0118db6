import type { Actor } from '../audit/index.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import { patched } from '../kit/patch.js';
import './events.js';
import type { Category, CategoryCreate, CategoryUpdate } from './schema.js';
import type { CategoryStore } from './store.js';

/** Deep enough for 业务/账务/发票/专票; a deeper tree is hard to browse on a desk. */
export const MAX_DEPTH = 5;

export interface CategoryView {
  id: number;
  parentId: number | null;
  name: string;
  /** Names from the root, `/` separated (账务/发票). */
  path: string;
  createdAt: string;
  updatedAt: string;
}

export interface CategoryService {
  /** Every category, sorted by path. */
  list(): CategoryView[];
  get(id: number): CategoryView;
  /** A category and every category below it. */
  subtree(id: number): number[];
  /** Ids of categories named one of `names` (lower-case), with their subtrees. */
  named(names: ReadonlySet<string>): number[];
  /** Every category's path by id (one read for a page of articles). */
  paths(): Map<number, string>;
  create(input: CategoryCreate, actor: Actor): Promise<CategoryView>;
  update(id: number, patch: CategoryUpdate, actor: Actor): Promise<CategoryView>;
  remove(id: number, actor: Actor): Promise<void>;
}

export function createCategoryService(deps: {
  store: CategoryStore;
  change: Change;
  /** Articles filed under a category (it cannot be deleted while any are). */
  articlesIn(categoryId: number): number;
}): CategoryService {
  const { store } = deps;
  // Categories do not feed Asterisk's generated config.
  const change: Change = (spec) => deps.change({ config: false, event: 'kb.category.changed', ...spec });

  const byId = () => new Map(store.all().map((c) => [c.id, c]));
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

  /** The parent exists, is not the category itself or below it, and the tree stays shallow. */
  const checkPlace = (name: string, parentId: number | null, self?: number) => {
    const all = byId();
    if (parentId !== null) {
      if (!all.has(parentId)) throw validation('parentId', `category ${parentId} does not exist`);
      if (self !== undefined && subtree([...all.values()], self).includes(parentId))
        throw validation('parentId', 'a category cannot move below itself');
      const depth = ancestry(all, parentId).length + 1;
      const below = self === undefined ? 0 : maxDepthBelow([...all.values()], self);
      if (depth + below > MAX_DEPTH)
        throw validation('parentId', `categories nest at most ${MAX_DEPTH} levels deep`);
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
    subtree: (id) => subtree(store.all(), id),
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
        entity: 'kb_category',
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
        entity: 'kb_category',
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
        entity: 'kb_category',
        action: 'delete',
        id,
        before,
        mutate: () => {
          if (store.all().some((c) => c.parentId === id))
            throw new AppError('conflict', 'the category has subcategories');
          const n = deps.articlesIn(id);
          if (n > 0) throw new AppError('conflict', `${n} article(s) are filed under the category`);
          store.remove(id);
        },
      });
    },
  };
}

/** Levels below `id` (0 for a leaf). */
function maxDepthBelow(all: Category[], id: number): number {
  const children = all.filter((c) => c.parentId === id);
  return children.length ? 1 + Math.max(...children.map((c) => maxDepthBelow(all, c.id))) : 0;
}
