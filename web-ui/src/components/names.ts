import { useEffect, useState } from 'react';
import { get, type Page } from '../api/client';

export type NameLoader = () => Promise<Map<number, string>>;

/**
 * id → name of one list (queues, IVRs), shared by every table cell that shows
 * one; a few seconds old at most, so a new entry is named.
 */
export function nameLoader(path: string): NameLoader {
  let cache: Promise<Map<number, string>> | null = null;
  let loadedAt = 0;
  return () => {
    if (!cache || Date.now() - loadedAt > 5000) {
      loadedAt = Date.now();
      cache = get<Page<{ id: number; name: string }>>(path, { limit: 500 })
        .then((p) => new Map(p.items.map((x) => [x.id, x.name])))
        .catch(() => new Map());
    }
    return cache;
  };
}

/** The names of a loader, empty until they arrive; nothing is loaded while `enabled` is false. */
export function useNames(load: NameLoader, enabled = true): Map<number, string> {
  const [names, setNames] = useState<Map<number, string>>(new Map());
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void load().then((m) => live && setNames(m));
    return () => {
      live = false;
    };
  }, [load, enabled]);
  return names;
}
