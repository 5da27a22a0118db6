/**
 * An event stream that comes back: EventSource reconnects by itself after a
 * dropped connection; when it gives up (an HTTP error while hotlined
 * restarts) a new one is opened every few seconds, `url()` asked again each
 * time, until it is back. Returns the function that closes it for good.
 * The server's `evicted` event for too many streams (the user opened more
 * than it keeps, in other tabs) closes it for good too: reconnecting would
 * only evict the next tab in turn. Evicted as too slow (the tab stopped
 * reading for a while), it reconnects like after any drop.
 */
export function keepEventSource(
  url: () => string,
  on: {
    open?(): void;
    lost?(): void;
    events: Record<string, (e: MessageEvent) => void>;
  },
): () => void {
  let es: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const open = () => {
    es = new EventSource(url());
    es.onopen = () => on.open?.();
    for (const [name, fn] of Object.entries(on.events))
      es.addEventListener(name, (e) => fn(e as MessageEvent));
    es.addEventListener('evicted', (e) => {
      if (!String((e as MessageEvent).data).includes('too_many_streams')) return;
      stopped = true;
      es?.close();
      on.lost?.();
    });
    es.onerror = () => {
      on.lost?.();
      if (es?.readyState === EventSource.CLOSED && !stopped) {
        es.close();
        timer = setTimeout(open, 3000);
      }
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    es?.close();
  };
}
