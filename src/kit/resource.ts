import type { Actor as Signed } from '../audit/index.js';
import { notFound } from '../errors.js';
import type { Page } from './list.js';

/**
 * What a resource's service answers its routes: one record by id (404 when
 * gone) and the three writes, each by a signed-in actor.
 */
export interface ResourceService<T, Create, Update, A = Signed> {
  get(id: number): T;
  create(input: Create, actor: A): Promise<T>;
  update(id: number, patch: Update, actor: A): Promise<T>;
  remove(id: number, actor: A): Promise<void>;
}

/** A resource the API shows through a view (ISO times, derived names): one record's, and pages of them. */
export interface ViewedList<T, View, Query> {
  view(record: T): View;
  list(q: Query): Page<View>;
}

/** A store's `get` that answers 404 (naming the record) instead of undefined. */
export function mustFind<T>(
  get: (id: number) => T | undefined,
  what: string | ((id: number) => string),
): (id: number) => T {
  return (id) => {
    const found = get(id);
    if (found === undefined) throw notFound(typeof what === 'string' ? what : what(id));
    return found;
  };
}
