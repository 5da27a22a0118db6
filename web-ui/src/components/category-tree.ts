import type { CategoryView } from '../../../src/kit/category-tree';

/** A category as a node of antd's Tree and TreeSelect (`key`/`value` = id). */
export interface CategoryNode {
  key: number;
  value: number;
  title: string;
  children: CategoryNode[];
}

/**
 * A flat category list (sorted by path, so a parent comes before its
 * children) as nested nodes; `except` leaves out one category and everything
 * under it (the places it cannot be moved to).
 */
export function categoryTree(list: CategoryView[], except?: number): CategoryNode[] {
  const nodes = new Map<number, CategoryNode>(
    list.map((c) => [c.id, { key: c.id, value: c.id, title: c.name, children: [] }]),
  );
  const roots: CategoryNode[] = [];
  for (const c of list) {
    // a node left out is never attached, so its subtree is left out with it
    if (c.id === except || (c.parentId !== null && c.parentId === except)) continue;
    const parent = c.parentId === null ? undefined : nodes.get(c.parentId);
    (parent ? parent.children : roots).push(nodes.get(c.id)!);
  }
  return roots;
}
