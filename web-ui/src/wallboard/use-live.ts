import { useEffect, useRef, useState } from 'react';
import { keepEventSource } from '../api/event-stream';
import type { LiveDelta, LiveState } from './live-types';

const KINDS = ['queues', 'agents', 'calls', 'trunks', 'spans'] as const;

/** Applies a delta: entities replaced whole, null deletes; asterisk and banners replaced. */
export function applyDelta(state: LiveState, delta: LiveDelta): LiveState {
  const next: LiveState = { ...state, serverTime: delta.serverTime ?? state.serverTime };
  for (const kind of KINDS) {
    const d = delta[kind] as Record<string, unknown> | null | undefined;
    if (!d) continue;
    const merged = { ...((state[kind] as Record<string, unknown>) ?? {}) };
    for (const [k, v] of Object.entries(d)) {
      if (v === null) delete merged[k];
      else merged[k] = v;
    }
    (next as unknown as Record<string, unknown>)[kind] = merged;
  }
  if (delta.asterisk) next.asterisk = delta.asterisk;
  if (delta.banners) next.banners = delta.banners;
  return next;
}

export type Connection = 'connecting' | 'open' | 'lost';

/**
 * The live stream for a wallboard token: a snapshot, then deltas. EventSource
 * reconnects by itself after a dropped connection, sending Last-Event-ID; a
 * new one after an HTTP error carries the last id in the URL.
 * `offsetMs` is server clock minus ours, so timers tick in server time.
 */
export function useLive(token: string | null) {
  return useLiveStream(token === null ? null : { token });
}

/** The same stream for a signed-in console page (the session cookie authenticates it). */
export function useConsoleLive() {
  return useLiveStream({});
}

function useLiveStream(query: { token?: string } | null) {
  const [state, setState] = useState<LiveState | null>(null);
  const [conn, setConn] = useState<Connection>('connecting');
  const [offsetMs, setOffset] = useState(0);
  const lastId = useRef<string | null>(null);
  const token = query?.token;
  const enabled = query !== null;
  useEffect(() => {
    if (!enabled) return;
    const clock = (serverTime: string | undefined) =>
      serverTime && setOffset(Date.parse(serverTime) - Date.now());
    return keepEventSource(
      () => {
        const qs = new URLSearchParams(token ? { token } : {});
        if (lastId.current) qs.set('lastEventId', lastId.current);
        const s = qs.toString();
        return s ? `/api/v1/live?${s}` : '/api/v1/live';
      },
      {
        open: () => setConn('open'),
        lost: () => setConn('lost'),
        events: {
          snapshot: (e) => {
            const snap = JSON.parse(e.data) as LiveState;
            lastId.current = e.lastEventId || lastId.current;
            clock(snap.serverTime);
            setState(snap);
            setConn('open');
          },
          delta: (e) => {
            const delta = JSON.parse(e.data);
            lastId.current = e.lastEventId || lastId.current;
            clock(delta.serverTime);
            setState((s) => (s ? applyDelta(s, delta) : s));
          },
        },
      },
    );
  }, [enabled, token]);
  return { state, conn, offsetMs };
}

/** The current time, re-rendered every second (server-corrected by the caller). */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}
