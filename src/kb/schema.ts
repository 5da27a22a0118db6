import { z } from 'zod';
import { queryId, recordId } from '../kit/ids.js';
import { listQuery, paging, searchText } from '../kit/list.js';
import { UNSAFE_TEXT as UNSAFE_LINE, UNSAFE_MULTILINE } from '../kit/text.js';

export const MAX_TITLE = 200;
export const MAX_SCENARIO = 4000;
/** Bytes (UTF-8) of the solution's HTML as sent, before sanitising. */
export const MAX_SOLUTION = 100_000;
export const MAX_TAGS = 20;
export const MAX_TAG = 32;

/**
 * Free text on one line. It never reaches a config file or a shell (quotes
 * and `${...}` are stored as given); the length is checked before trimming
 * too, so a 10 kB value is refused without work.
 */
const line = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max * 2, `${field} must be at most ${max} characters`)
    .refine((s) => !UNSAFE_LINE.test(s), `${field} must not contain control characters or line breaks`)
    .trim()
    .min(1, `${field} is required`)
    .max(max, `${field} must be at most ${max} characters`);

export const articleTitle = line('title', MAX_TITLE);

/** 情景: when the article applies, plain text over several lines. */
export const scenario = z
  .string({ error: 'scenario must be a string' })
  .max(MAX_SCENARIO, `scenario must be at most ${MAX_SCENARIO} characters`)
  .refine((s) => !UNSAFE_MULTILINE.test(s), 'scenario must not contain control characters')
  .trim();

/** 方案: rich text (HTML), sanitised by the service before it is stored; at most 100 kB as UTF-8. */
export const solution = z
  .string({ error: 'solution must be HTML text' })
  .max(MAX_SOLUTION, 'solution must be at most 100 kB')
  .refine((s) => Buffer.byteLength(s) <= MAX_SOLUTION, 'solution must be at most 100 kB')
  .refine((s) => !UNSAFE_MULTILINE.test(s), 'solution must not contain control characters');

/**
 * A tag is a word or short phrase (退款, 增值税发票, vpn): letters, digits,
 * space, `-`, `_`, `.`; stored lower-case so matching ignores case.
 */
export const tag = z
  .string({ error: 'a tag must be a string' })
  .trim()
  .min(1, 'a tag must not be empty')
  .max(MAX_TAG, `a tag is at most ${MAX_TAG} characters`)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}\p{M} ._-]*$/u, 'a tag holds letters, digits, space, ".", "-" and "_"')
  .transform((s) => s.toLowerCase());

export const tagList = z
  .array(tag, { error: 'tags must be a list of strings' })
  .max(MAX_TAGS, `at most ${MAX_TAGS} tags`)
  .refine((a) => new Set(a).size === a.length, 'tags must not repeat');

export const ARTICLE_STATUS = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUS)[number];
const status = z.enum(ARTICLE_STATUS, { error: 'status must be draft or published' });

export const ArticleCreate = z.strictObject({
  title: articleTitle,
  scenario: scenario.default(''),
  solution: solution.default(''),
  categoryId: recordId('categoryId').nullable().default(null),
  tags: tagList.default([]),
  status: status.default('draft'),
});
export type ArticleCreate = z.output<typeof ArticleCreate>;

export const ArticleUpdate = z.strictObject({
  title: articleTitle.optional(),
  scenario: scenario.optional(),
  solution: solution.optional(),
  categoryId: recordId('categoryId').nullable().optional(),
  tags: tagList.optional(),
  status: status.optional(),
});
export type ArticleUpdate = z.output<typeof ArticleUpdate>;

/**
 * GET /kb/articles: `q` is a search (ranked by relevance and helpful votes,
 * see service.ts); without it the list is sorted as asked. A category
 * includes its subcategories.
 */
export const ArticleListQuery = listQuery(['id', 'title', 'helpful', 'updatedAt'], {
  q: searchText.refine(
    (s) => s === undefined || !UNSAFE_LINE.test(s),
    'q must not contain control characters',
  ),
  status: status.optional(),
  categoryId: queryId('categoryId'),
  tag: tag.optional(),
});
export type ArticleListQuery = z.output<typeof ArticleListQuery>;
export type ArticleSortKey = NonNullable<ArticleListQuery['sort']>;

/** GET /kb/articles/:id/versions: newest first. */
export const VersionListQuery = z.strictObject(paging);
export type VersionListQuery = z.output<typeof VersionListQuery>;

const context = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max, `${field} must be at most ${max} characters`)
    .refine((s) => !UNSAFE_LINE.test(s), `${field} must not contain control characters`)
    .optional();

/**
 * GET /kb/suggest: the call's context. `ivrPath` is the IVR labels the
 * caller went through (`主菜单>账务>退款`, also `/`, `|` or `,` separated);
 * `category` a ticket category, parents first (`账务/发票`).
 */
export const SuggestQuery = z.strictObject({
  queue: context('queue', 64),
  ivrPath: context('ivrPath', 512),
  category: context('category', 256),
  q: ArticleListQuery.shape.q,
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be 1 to 20')
    .max(20, 'limit must be 1 to 20')
    .default(5),
});
export type SuggestQuery = z.output<typeof SuggestQuery>;

export interface Article {
  id: number;
  title: string;
  scenario: string;
  /** Sanitised HTML. */
  solution: string;
  /** The solution's text: what the index and the substring fallback read. */
  solutionText: string;
  categoryId: number | null;
  tags: string[];
  status: ArticleStatus;
  /** 1 when created; each update stores the previous one and adds 1. */
  version: number;
  /** Users who marked it helpful (one vote each). */
  helpful: number;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What a write sets; the rest (id, version, votes, authors, times) the store keeps. */
export type ArticleFields = Pick<
  Article,
  'title' | 'scenario' | 'solution' | 'solutionText' | 'categoryId' | 'tags' | 'status'
>;

export interface ArticleVersion {
  version: number;
  title: string;
  scenario: string;
  solution: string;
  categoryId: number | null;
  tags: string[];
  status: ArticleStatus;
  updatedBy: string | null;
  updatedAt: number;
}
