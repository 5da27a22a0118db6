import { useEffect, useState } from 'react';
import { get, type Page } from '../api/client';

/**
 * Options for a select from another resource's list (seats for a destination,
 * trunks for a route). A resource the API does not have yet (404) gives an
 * empty list and `missing`, so the picker can fall back to typing an id.
 */
export function useOptions<T>(
  path: string,
  label: (row: T) => string,
  value: (row: T) => string | number,
  enabled = true,
) {
  const [state, setState] = useState<{
    options: { label: string; value: string | number }[];
    loading: boolean;
    missing: boolean;
  }>({ options: [], loading: enabled, missing: false });
  // biome-ignore lint/correctness/useExhaustiveDependencies: label and value are inline functions at each call site; listing them would refetch on every render
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    // a new path (the destination picker switching lists) shows no rows of the old one
    setState({ options: [], loading: true, missing: false });
    get<Page<T>>(path, { limit: 500 })
      .then((p) => {
        if (!cancelled)
          setState({
            options: p.items.map((r) => ({ label: label(r), value: value(r) })),
            loading: false,
            missing: false,
          });
      })
      .catch(() => !cancelled && setState({ options: [], loading: false, missing: true }));
    return () => {
      cancelled = true;
    };
  }, [path, enabled]);
  return state;
}

/** Options from a list of `{ id, name }` rows (queues, prompts, trunks, IVRs), valued by id. */
export const useNamedOptions = (path: string, enabled = true) =>
  useOptions<{ id: number; name: string }>(
    path,
    (r) => r.name,
    (r) => r.id,
    enabled,
  );

/** The seats, "1001 · Front desk", valued by extension. */
export const useSeatOptions = (enabled = true) =>
  useOptions<{ extension: string; name: string }>(
    '/seats',
    (s) => `${s.extension} · ${s.name}`,
    (s) => s.extension,
    enabled,
  );
