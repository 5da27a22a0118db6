import { z } from 'zod';

/** The one paging policy: 100 rows unless asked, never more than 500 in one answer. */
export const LIST_LIMIT = { default: 100, max: 500 } as const;

export const paging = {
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int()
    .min(1)
    .max(LIST_LIMIT.max)
    .default(LIST_LIMIT.default),
  offset: z.coerce.number({ error: 'offset must be a number' }).int().min(0).default(0),
};

/** Free-text search: trimmed; an empty one means no search. */
export const searchText = z
  .string({ error: 'q must be a string' })
  .max(64, 'q is at most 64 characters')
  .transform((s) => s.trim() || undefined)
  .optional();

/**
 * A list endpoint's query: paging, search, sort by one of `sortKeys`
 * (`sort=name&order=desc`), plus the endpoint's own filters. Unknown
 * parameters are refused, naming the parameter.
 */
export function listQuery<
  const K extends readonly [string, ...string[]],
  X extends z.ZodRawShape = Record<never, never>,
>(sortKeys: K, filters?: X) {
  return z.strictObject({
    ...paging,
    q: searchText,
    sort: z.enum(sortKeys, { error: `sort must be one of ${sortKeys.join(', ')}` }).optional(),
    order: z.enum(['asc', 'desc'], { error: 'order must be asc or desc' }).default('asc'),
    ...(filters ?? ({} as X)),
  });
}

/** What every list query has, whatever its filters. */
export interface ListParams<K extends string = string> {
  limit: number;
  offset: number;
  q?: string;
  sort?: K;
  order: 'asc' | 'desc';
}

/** One page of a list answer. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** The same page with each item shown another way (a record as the API views it). */
export const mapPage = <T, U>(page: Page<T>, f: (item: T) => U): Page<U> => ({
  ...page,
  items: page.items.map(f),
});
