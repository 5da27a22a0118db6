import type { ArticleSummary, ArticleView, SearchMode, VersionView } from '../../../src/kb/service';
import type { CategoryView } from '../../../src/kit/category-tree';
import type { Page } from '../api/client';
import { useLoaded } from '../components/use-loaded';

export type { ArticleSummary, SearchMode };
/** GET /kb/categories: flat, sorted by path. */
export type KbCategory = CategoryView;
export type ArticleStatus = ArticleSummary['status'];
/** GET /kb/articles/:id: `solution` is the HTML the server sanitised when it was saved. */
export type Article = ArticleView;
export type ArticlePage = Page<ArticleSummary> & { match?: SearchMode };
export type ArticleVersion = VersionView;

/** The category list with a reload for after a change. */
export function useCategories() {
  const { data, reload } = useLoaded<KbCategory[]>('/kb/categories');
  return { list: data ?? [], reload };
}
