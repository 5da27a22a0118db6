import { useCallback, useEffect, useState } from 'react';
import type { ArticleSummary, ArticleView, SearchMode, VersionView } from '../../../src/kb/service';
import type { CategoryView } from '../../../src/kit/category-tree';
import { get, type Page } from '../api/client';

export type { ArticleSummary, SearchMode };
/** GET /kb/categories: flat, sorted by path. */
export type KbCategory = CategoryView;
export type ArticleStatus = ArticleSummary['status'];
/** GET /kb/articles/:id: `solution` is the HTML the server sanitised when it was saved. */
export type Article = ArticleView;
export type ArticlePage = Page<ArticleSummary> & { match?: SearchMode };
export type ArticleVersion = VersionView;

export interface CategoryNode {
  key: number;
  value: number;
  title: string;
  children: CategoryNode[];
}

/** The flat list as a tree for antd's Tree and TreeSelect (`key`/`value` = id). */
export function categoryTree(list: KbCategory[]): CategoryNode[] {
  const nodes = new Map(list.map((c) => [c.id, { key: c.id, value: c.id, title: c.name, children: [] }]));
  const roots: CategoryNode[] = [];
  // sorted by path, so a parent comes before its children
  for (const c of list) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId === null ? undefined : nodes.get(c.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The category list with a reload for after a change. */
export function useCategories() {
  const [list, setList] = useState<KbCategory[]>([]);
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload trigger
  useEffect(() => {
    let cancelled = false;
    get<KbCategory[]>('/kb/categories')
      .then((l) => !cancelled && setList(l))
      .catch(() => !cancelled && setList([]));
    return () => {
      cancelled = true;
    };
  }, [version]);
  return { list, reload };
}
