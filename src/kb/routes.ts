import { type CategoryTree, categoryRoutes } from '../kit/category-tree.js';
import { type ApiRouter, apiRouter, READERS, type RequireRole, STAFF } from '../kit/router.js';
import { ArticleCreate, ArticleListQuery, ArticleUpdate, SuggestQuery, VersionListQuery } from './schema.js';
import type { KbService } from './service.js';

/** Agents read published articles and vote; supervisors and admins also write and see drafts. */
const WRITERS = READERS;

export function kbRoutes(service: KbService, categories: CategoryTree, requireRole: RequireRole): ApiRouter {
  return categoryRoutes(apiRouter(requireRole), categories, { read: STAFF, write: WRITERS })
    .route(
      'get',
      '/articles',
      {
        summary: 'List or search articles',
        description:
          '`q` searches title, tags, 情景 and 方案 (Chinese words segmented by jieba, FTS5), ranked by ' +
          'relevance and helpful votes; `match` tells whether every word, any word or the substring matched. ' +
          'Agents see published articles only.',
        access: STAFF,
        query: ArticleListQuery,
      },
      ({ query, req }) => service.list(query, req.principal!),
    )
    .route(
      'post',
      '/articles',
      {
        summary: 'Create an article (the solution HTML is sanitised)',
        access: WRITERS,
        body: ArticleCreate,
        status: 201,
      },
      ({ body, actor }) => service.create(body, actor()),
    )
    .route('get', '/articles/:id', { summary: 'One article', access: STAFF }, ({ id, req }) =>
      service.get(id(), req.principal!),
    )
    .route(
      'patch',
      '/articles/:id',
      { summary: 'Change an article (the previous version is kept)', access: WRITERS, body: ArticleUpdate },
      ({ id, body, actor }) => service.update(id(), body, actor()),
    )
    .route(
      'delete',
      '/articles/:id',
      { summary: 'Delete an article with its versions and votes', access: WRITERS, status: 204 },
      ({ id, actor }) => service.remove(id(), actor()),
    )
    .route(
      'get',
      '/articles/:id/versions',
      { summary: "An article's previous versions, newest first", access: WRITERS, query: VersionListQuery },
      ({ id, query }) => service.versions(id(), query),
    )
    .route(
      'post',
      '/articles/:id/vote',
      { summary: 'Mark a published article helpful (one vote per user)', access: STAFF },
      ({ id, actor }) => service.vote(id(), true, actor()),
    )
    .route(
      'delete',
      '/articles/:id/vote',
      { summary: 'Take back one’s helpful vote', access: STAFF },
      ({ id, actor }) => service.vote(id(), false, actor()),
    )
    .route(
      'get',
      '/suggest',
      {
        summary: 'Published articles for a call: its queue, IVR path, ticket category and typed text',
        description:
          'Context terms are the queue name, each IVR label, each category level and the words in them; ' +
          'an article matches by a tag or its category name. With `q`, the search answers, context matches first.',
        access: STAFF,
        query: SuggestQuery,
      },
      ({ query }) => service.suggest(query),
    );
}
