import type { Db } from '../db/index.js';
import type { Page } from '../kit/list.js';
import { defineTable, likePattern } from '../kit/table.js';
import type { Article, ArticleFields, ArticleSortKey, ArticleStatus, ArticleVersion } from './schema.js';
import type { Segmenter } from './segment.js';

interface ArticleRow {
  id: number;
  title: string;
  scenario: string;
  solution: string;
  solution_text: string;
  category_id: number | null;
  tags: string;
  status: ArticleStatus;
  version: number;
  helpful: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: number;
  updated_at: number;
}

const ARTICLE_COLUMNS = [
  'id',
  'title',
  'scenario',
  'solution',
  'solution_text',
  'category_id',
  'tags',
  'status',
  'version',
  'helpful',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
];

const toArticle = (r: ArticleRow): Article => ({
  id: r.id,
  title: r.title,
  scenario: r.scenario,
  solution: r.solution,
  solutionText: r.solution_text,
  categoryId: r.category_id,
  tags: JSON.parse(r.tags) as string[],
  status: r.status,
  version: r.version,
  helpful: r.helpful,
  createdBy: r.created_by,
  updatedBy: r.updated_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Which articles a list or search covers; a filter left null is not applied. */
export interface ArticleFilters {
  status: ArticleStatus | null;
  /** Category ids (a category and its subcategories). */
  categories: number[] | null;
  tag: string | null;
}

/** Qualified: the search joins the index, whose columns share some names. */
const FILTERS = {
  status: 'kb_articles.status = @status',
  categories: 'kb_articles.category_id IN (SELECT value FROM json_each(@categories))',
  tag: 'EXISTS (SELECT 1 FROM json_each(kb_articles.tags) WHERE value = @tag)',
};

const bindFilters = (f: ArticleFilters) => ({
  status: f.status,
  categories: f.categories && JSON.stringify(f.categories),
  tag: f.tag,
});

/** The filters for the search queries, as defineTable applies them to a list. */
const FILTER_SQL = Object.entries(FILTERS)
  .map(([name, cond]) => `(@${name} IS NULL OR (${cond}))`)
  .join(' AND ');

/**
 * Relevance: FTS5's bm25 (lower is better) with the title weighing most,
 * then tags, scenario and solution; helpful votes scale it by 1 + ½·ln(1+votes),
 * so votes lift an article among comparable ones without burying a far better match.
 */
const RANK = 'bm25(kb_fts, 8.0, 4.0, 2.0, 1.0) * (1.0 + 0.5 * ln(1 + kb_articles.helpful))';

export type KbStore = ReturnType<typeof createKbStore>;

export function createKbStore(db: Db, segmenter: Segmenter) {
  const table = defineTable<ArticleRow, Article, ArticleSortKey>(db, {
    table: 'kb_articles',
    columns: ARTICLE_COLUMNS,
    toModel: toArticle,
    orderBy: 'id',
    sort: { id: 'id', title: 'title', helpful: 'helpful', updatedAt: 'updated_at' },
    filters: FILTERS,
  });
  const cols = ARTICLE_COLUMNS.map((c) => `kb_articles.${c}`).join(', ');

  const insert = db.prepare(
    `INSERT INTO kb_articles (title, scenario, solution, solution_text, category_id, tags, status,
       created_by, updated_by, created_at, updated_at)
     VALUES (@title, @scenario, @solution, @solutionText, @categoryId, @tags, @status, @by, @by, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE kb_articles SET title = @title, scenario = @scenario, solution = @solution,
       solution_text = @solutionText, category_id = @categoryId, tags = @tags, status = @status,
       version = version + 1, updated_by = @by, updated_at = @now
     WHERE id = @id`,
  );
  const remove = db.prepare('DELETE FROM kb_articles WHERE id = ?');
  const keepVersion = db.prepare(
    `INSERT INTO kb_article_versions (article_id, version, title, scenario, solution, category_id, tags,
       status, updated_by, updated_at)
     SELECT id, version, title, scenario, solution, category_id, tags, status, updated_by, updated_at
     FROM kb_articles WHERE id = ?`,
  );
  const versions = db.prepare<[number, number, number], VersionRow>(
    `SELECT version, title, scenario, solution, category_id, tags, status, updated_by, updated_at
     FROM kb_article_versions WHERE article_id = ? ORDER BY version DESC LIMIT ? OFFSET ?`,
  );
  const versionCount = db
    .prepare<[number], number>('SELECT COUNT(*) FROM kb_article_versions WHERE article_id = ?')
    .pluck();
  const unindex = db.prepare('DELETE FROM kb_fts WHERE rowid = ?');
  const index = db.prepare(
    'INSERT INTO kb_fts (rowid, title, tags, scenario, solution) VALUES (@id, @title, @tags, @scenario, @solution)',
  );
  const byCategory = db
    .prepare<[number], number>('SELECT COUNT(*) FROM kb_articles WHERE category_id = ?')
    .pluck();

  const addVote = db.prepare(
    'INSERT OR IGNORE INTO kb_votes (article_id, user_id, created_at) VALUES (?, ?, ?)',
  );
  const dropVote = db.prepare('DELETE FROM kb_votes WHERE article_id = ? AND user_id = ?');
  const voted = db
    .prepare<[number, number], number>('SELECT COUNT(*) FROM kb_votes WHERE article_id = ? AND user_id = ?')
    .pluck();
  const recount = db.prepare(
    'UPDATE kb_articles SET helpful = (SELECT COUNT(*) FROM kb_votes WHERE article_id = @id) WHERE id = @id',
  );

  const match = `FROM kb_fts JOIN kb_articles ON kb_articles.id = kb_fts.rowid WHERE kb_fts MATCH @match AND ${FILTER_SQL}`;
  const searchPage = db.prepare<Record<string, unknown>, ArticleRow>(
    `SELECT ${cols} ${match} ORDER BY ${RANK}, kb_articles.id LIMIT @limit OFFSET @offset`,
  );
  const searchCount = db.prepare<Record<string, unknown>, number>(`SELECT COUNT(*) ${match}`).pluck();
  const like = `FROM kb_articles WHERE (${['title', 'scenario', 'solution_text', 'tags']
    .map((c) => `${c} LIKE @like ESCAPE '\\'`)
    .join(' OR ')}) AND ${FILTER_SQL}`;
  const likePage = db.prepare<Record<string, unknown>, ArticleRow>(
    `SELECT ${cols} ${like} ORDER BY helpful DESC, updated_at DESC, id LIMIT @limit OFFSET @offset`,
  );
  const likeCount = db.prepare<Record<string, unknown>, number>(`SELECT COUNT(*) ${like}`).pluck();
  const context = db.prepare<Record<string, unknown>, ArticleRow>(
    `SELECT ${cols} FROM kb_articles WHERE status = 'published'
       AND (category_id IN (SELECT value FROM json_each(@categories))
         OR EXISTS (SELECT 1 FROM json_each(tags) t WHERE t.value IN (SELECT value FROM json_each(@terms))))
     ORDER BY helpful DESC, updated_at DESC, id LIMIT @limit`,
  );

  /** The index row of an article, rewritten in the transaction of every write. */
  const reindex = (id: number, f: ArticleFields) => {
    unindex.run(id);
    index.run({
      id,
      title: segmenter.index(f.title),
      tags: segmenter.index(f.tags.join(' ')),
      scenario: segmenter.index(f.scenario),
      solution: segmenter.index(f.solutionText),
    });
  };
  const bind = (f: ArticleFields) => ({ ...f, tags: JSON.stringify(f.tags) });
  const paged = (
    rows: (args: Record<string, unknown>) => ArticleRow[],
    count: (args: Record<string, unknown>) => number | undefined,
    args: Record<string, unknown>,
    p: { limit: number; offset: number },
  ): Page<Article> => ({
    items: rows({ ...args, limit: p.limit, offset: p.offset }).map(toArticle),
    total: count(args) ?? 0,
    limit: p.limit,
    offset: p.offset,
  });

  return {
    get: table.get,
    page: (p: Parameters<typeof table.page>[0], f: ArticleFilters) => table.page(p, bindFilters(f)),
    countInCategory: (categoryId: number) => byCategory.get(categoryId) ?? 0,

    insert(f: ArticleFields, by: string | null, now: number): number {
      const id = Number(insert.run({ ...bind(f), by, now }).lastInsertRowid);
      reindex(id, f);
      return id;
    },
    /** Keeps the current row as a version, then writes the new one (version + 1). */
    update(id: number, f: ArticleFields, by: string | null, now: number) {
      keepVersion.run(id);
      update.run({ ...bind(f), id, by, now });
      reindex(id, f);
    },
    remove(id: number) {
      unindex.run(id);
      remove.run(id);
    },
    versions(id: number, p: { limit: number; offset: number }): Page<ArticleVersion> {
      return {
        items: versions.all(id, p.limit, p.offset).map(toVersion),
        total: versionCount.get(id) ?? 0,
        limit: p.limit,
        offset: p.offset,
      };
    },

    /** Sets or clears one user's vote (again is a no-op) and recounts the article's votes. */
    vote(id: number, userId: number, on: boolean, now: number) {
      if (on) addVote.run(id, userId, now);
      else dropVote.run(id, userId);
      recount.run({ id });
    },
    hasVoted: (id: number, userId: number) => (voted.get(id, userId) ?? 0) > 0,

    /** Articles matching an FTS5 expression, best first. */
    search: (expr: string, f: ArticleFilters, p: { limit: number; offset: number }) =>
      paged(
        (a) => searchPage.all(a),
        (a) => searchCount.get(a),
        { match: expr, ...bindFilters(f) },
        p,
      ),
    /** Articles whose title, scenario, solution or tags contain `text`, most helpful first. */
    substring: (text: string, f: ArticleFilters, p: { limit: number; offset: number }) =>
      paged(
        (a) => likePage.all(a),
        (a) => likeCount.get(a),
        { like: likePattern(text), ...bindFilters(f) },
        p,
      ),
    /** Published articles in one of `categories` or tagged with one of `terms`. */
    inContext: (terms: string[], categories: number[], limit: number) =>
      context
        .all({ terms: JSON.stringify(terms), categories: JSON.stringify(categories), limit })
        .map(toArticle),
  };
}

interface VersionRow {
  version: number;
  title: string;
  scenario: string;
  solution: string;
  category_id: number | null;
  tags: string;
  status: ArticleStatus;
  updated_by: string | null;
  updated_at: number;
}

const toVersion = (r: VersionRow): ArticleVersion => ({
  version: r.version,
  title: r.title,
  scenario: r.scenario,
  solution: r.solution,
  categoryId: r.category_id,
  tags: JSON.parse(r.tags) as string[],
  status: r.status,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});
