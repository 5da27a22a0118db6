import { useCallback, useEffect, useState } from 'react';
import { get } from '../api/client';

/** A GET that reloads on `reload()` (after a change); undefined until it answers, or when it fails. */
export function useLoaded<T>(path: string | null): { data: T | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload trigger
  useEffect(() => {
    if (!path) return;
    let live = true;
    get<T>(path)
      .then((d) => live && setData(d))
      .catch(() => live && setData(undefined));
    return () => {
      live = false;
    };
  }, [path, version]);
  return { data, reload: useCallback(() => setVersion((v) => v + 1), []) };
}
