import type { Actor } from '../audit/index.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Principal } from '../http/principal.js';
import type { CategoryTree } from '../kit/category-tree.js';
import type { Change } from '../kit/change.js';
import { mapPage, type Page } from '../kit/list.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { iso } from '../kit/view.js';
import './events.js';
import { htmlText, sanitizeSolution } from './sanitize.js';
import type {
  Article,
  ArticleCreate,
  ArticleFields,
  ArticleListQuery,
  ArticleUpdate,
  ArticleVersion,
  SuggestQuery,
  VersionListQuery,
} from './schema.js';
import { matchExpression, type Segmenter } from './segment.js';
import type { ArticleFilters, KbStore } from './store.js';

/** An article in a list: everything but the solution's HTML. */
export interface ArticleSummary {
  id: number;
  title: string;
  scenario: string;
  categoryId: number | null;
  /** The category's path (账务/发票), null when filed under none. */
  category: string | null;
  tags: string[];
  status: Article['status'];
  version: number;
  helpful: number;
  updatedBy: string | null;
  updatedAt: string;
}

export interface ArticleView extends ArticleSummary {
  solution: string;
  createdBy: string | null;
  createdAt: string;
  /** Whether the reader marked it helpful. */
  voted: boolean;
}

export type VersionView = Omit<ArticleVersion, 'updatedAt'> & { updatedAt: string };

/**
 * How a search found its answer: every word (`all`), failing that any
 * dictionary word of two or more characters in the text (`any`), failing
 * that the text as a substring.
 */
export type SearchMode = 'all' | 'any' | 'substring';
export type ArticlePage = Page<ArticleSummary> & { match?: SearchMode };

export type Suggestion = ArticleSummary & {
  /** The context terms (tags, category names) the article matched. */
  matched: string[];
};

/** Who reads: agents see published articles only. */
export type Reader = Pick<Principal, 'userId' | 'role'>;

export interface KbService {
  list(q: ArticleListQuery, reader: Reader): ArticlePage;
  get(id: number, reader: Reader): ArticleView;
  /** Previous versions, newest first (the article itself is the current one). */
  versions(id: number, q: VersionListQuery): Page<VersionView>;
  create(input: ArticleCreate, actor: Actor): Promise<ArticleView>;
  update(id: number, patch: ArticleUpdate, actor: Actor): Promise<ArticleView>;
  remove(id: number, actor: Actor): Promise<void>;
  /** Marks (or unmarks) a published article helpful for the actor: one vote per user. */
  vote(id: number, on: boolean, actor: Actor): Promise<{ helpful: number; voted: boolean }>;
  /** Published articles for a call's context and what the agent types (see suggest below). */
  suggest(q: SuggestQuery): { terms: string[]; items: Suggestion[] };
}

/** IVR labels and ticket categories arrive as one string with these separators. */
const PATH_SEPARATORS = /[>/|,，、]/;
const MAX_TERMS = 64;

export function createKbService(deps: {
  store: KbStore;
  categories: CategoryTree;
  segmenter: Segmenter;
  change: Change;
}): KbService {
  const { store, categories, segmenter } = deps;
  // Articles do not feed Asterisk's generated config.
  const { change } = resourceChanges(deps.change, {
    entity: 'kb_article',
    event: 'kb.article.changed',
    config: false,
  });

  const summary = (a: Article, paths: Map<number, string>): ArticleSummary => ({
    id: a.id,
    title: a.title,
    scenario: a.scenario,
    categoryId: a.categoryId,
    category: a.categoryId === null ? null : (paths.get(a.categoryId) ?? null),
    tags: a.tags,
    status: a.status,
    version: a.version,
    helpful: a.helpful,
    updatedBy: a.updatedBy,
    updatedAt: iso(a.updatedAt),
  });
  const view = (a: Article, userId: number): ArticleView => ({
    ...summary(a, categories.paths()),
    solution: a.solution,
    createdBy: a.createdBy,
    createdAt: iso(a.createdAt),
    voted: store.hasVoted(a.id, userId),
  });
  /** The audit keeps what identifies a version; the content itself is in the version history. */
  const audited = (a: Pick<Article, 'title' | 'status' | 'categoryId' | 'tags'> & { version?: number }) => ({
    title: a.title,
    status: a.status,
    categoryId: a.categoryId,
    tags: a.tags,
    version: a.version,
  });

  const mustGet = (id: number, reader?: Reader): Article => {
    const a = store.get(id);
    // a draft does not exist for an agent
    if (!a || (reader?.role === 'agent' && a.status !== 'published')) throw notFound(`article ${id}`);
    return a;
  };
  const fields = (input: Omit<ArticleFields, 'solutionText'>): ArticleFields => {
    const solution = sanitizeSolution(input.solution);
    return { ...input, solution, solutionText: htmlText(solution) };
  };
  const checkCategory = (id: number | null) => {
    if (id !== null && !categories.exists(id))
      throw validation('categoryId', `category ${id} does not exist`);
  };
  const by = (actor: Actor) => actor.principal.username;

  /** Every word, else any dictionary word in the text, else the substring: see SearchMode. */
  const search = (text: string, f: ArticleFilters, p: { limit: number; offset: number }) => {
    const words = segmenter.words(text);
    if (words.length > 0) {
      const all = store.search(matchExpression(words, 'all'), f, p);
      if (all.total > 0) return { ...all, match: 'all' as const };
      const some = segmenter.anyWords(text);
      if (some.length > 0) {
        const any = store.search(matchExpression(some, 'any'), f, p);
        if (any.total > 0) return { ...any, match: 'any' as const };
      }
    }
    return { ...store.substring(text, f, p), match: 'substring' as const };
  };

  /**
   * The call's context as lower-case terms: the queue name, each IVR label,
   * each ticket category level, and the words jieba finds in each (two
   * characters or more), so the queue 退款专线 also offers 退款.
   */
  const contextTerms = (q: SuggestQuery): Set<string> => {
    const values = [
      q.queue ?? '',
      ...(q.ivrPath ?? '').split(PATH_SEPARATORS),
      ...(q.category ?? '').split(PATH_SEPARATORS),
    ]
      .map((v) => v.trim().toLowerCase())
      .filter((v) => v !== '');
    const terms = new Set<string>();
    for (const v of values) {
      terms.add(v);
      for (const w of segmenter.words(v)) if ([...w].length > 1) terms.add(w.toLowerCase());
    }
    return new Set([...terms].slice(0, MAX_TERMS));
  };

  return {
    list(q, reader) {
      if (reader.role === 'agent' && q.status === 'draft')
        return { items: [], total: 0, limit: q.limit, offset: q.offset };
      const f: ArticleFilters = {
        status: reader.role === 'agent' ? 'published' : (q.status ?? null),
        categories: q.categoryId === undefined ? null : categories.subtree(q.categoryId),
        tag: q.tag ?? null,
      };
      const page = q.q === undefined ? store.page(q, f) : search(q.q, f, q);
      const paths = categories.paths();
      return { ...page, items: page.items.map((a) => summary(a, paths)) };
    },

    get: (id, reader) => view(mustGet(id, reader), reader.userId),

    versions(id, q) {
      mustGet(id);
      return mapPage(store.versions(id, q), (v) => ({ ...v, updatedAt: iso(v.updatedAt) }));
    },

    async create(input, actor) {
      const f = fields(input);
      const id = await change({
        actor,
        action: 'create',
        mutate: () => {
          checkCategory(f.categoryId);
          return store.insert(f, by(actor), Date.now());
        },
        after: () => audited({ ...f, version: 1 }),
      });
      return view(mustGet(id), actor.principal.userId);
    },

    async update(id, patch, actor) {
      const before = mustGet(id);
      const f = fields({
        title: patch.title ?? before.title,
        scenario: patch.scenario ?? before.scenario,
        solution: patch.solution ?? before.solution,
        categoryId: patch.categoryId === undefined ? before.categoryId : patch.categoryId,
        tags: patch.tags ?? before.tags,
        status: patch.status ?? before.status,
      });
      // a save that changes nothing makes no version
      const same = (Object.keys(f) as (keyof ArticleFields)[]).every(
        (k) => JSON.stringify(f[k]) === JSON.stringify(before[k]),
      );
      if (same) return view(before, actor.principal.userId);
      await change({
        actor,
        action: 'update',
        id,
        before: audited(before),
        mutate: () => {
          if (!store.get(id)) throw notFound(`article ${id}`);
          checkCategory(f.categoryId);
          store.update(id, f, by(actor), Date.now());
        },
        after: () => audited({ ...f, version: before.version + 1 }),
      });
      return view(mustGet(id), actor.principal.userId);
    },

    async remove(id, actor) {
      const before = mustGet(id);
      await change({
        actor,
        action: 'delete',
        id,
        before: audited(before),
        mutate: () => store.remove(id),
      });
    },

    async vote(id, on, actor) {
      const { userId } = actor.principal;
      const a = mustGet(id, actor.principal);
      if (a.status !== 'published') throw new AppError('conflict', 'only published articles take votes');
      await change({
        actor,
        action: on ? 'vote' : 'unvote',
        id,
        mutate: () => store.vote(id, userId, on, Date.now()),
      });
      return { helpful: mustGet(id).helpful, voted: on };
    },

    /**
     * Two sources, kept simple: with typed text (`q`), the search's answers
     * (published only), those matching more context terms first, else in the
     * search's order; without it, the published articles whose tags or
     * category (or a category above theirs) equal a context term, most
     * helpful first.
     */
    suggest(q) {
      const terms = contextTerms(q);
      const cats = new Set(categories.named(terms));
      const paths = categories.paths();
      const matched = (a: Article) => [
        ...a.tags.filter((t) => terms.has(t)),
        ...(a.categoryId !== null && cats.has(a.categoryId) ? [paths.get(a.categoryId) ?? ''] : []),
      ];
      let found: Article[];
      if (q.q !== undefined) {
        const published: ArticleFilters = { status: 'published', categories: null, tag: null };
        found = search(q.q, published, { limit: 50, offset: 0 })
          .items.map((a, i) => ({ a, i, n: matched(a).length }))
          .sort((x, y) => y.n - x.n || x.i - y.i)
          .map((x) => x.a)
          .slice(0, q.limit);
      } else {
        found = terms.size === 0 ? [] : store.inContext([...terms], [...cats], q.limit);
      }
      return { terms: [...terms], items: found.map((a) => ({ ...summary(a, paths), matched: matched(a) })) };
    },
  };
}
