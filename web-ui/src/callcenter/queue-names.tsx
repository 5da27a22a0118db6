import { useEffect, useState } from 'react';
import { get, type Page } from '../api/client';

/** Queue id → name, shared by every cell that shows a queue; a few seconds old at most, so a new queue is named. */
let cache: Promise<Map<number, string>> | null = null;
let loadedAt = 0;

export function loadQueueNames(): Promise<Map<number, string>> {
  if (!cache || Date.now() - loadedAt > 5000) {
    loadedAt = Date.now();
    cache = get<Page<{ id: number; name: string }>>('/queues', { limit: 500 })
      .then((p) => new Map(p.items.map((q) => [q.id, q.name])))
      .catch(() => new Map());
  }
  return cache;
}

export function useQueueNames(): Map<number, string> {
  const [names, setNames] = useState<Map<number, string>>(new Map());
  useEffect(() => {
    let live = true;
    void loadQueueNames().then((m) => live && setNames(m));
    return () => {
      live = false;
    };
  }, []);
  return names;
}

export function QueueName({ id }: { id: number | null }) {
  const names = useQueueNames();
  if (id === null) return <>—</>;
  return <>{names.get(id) ?? `#${id}`}</>;
}
