import { useCallback, useEffect, useReducer, useState } from 'react';
import { flushSync } from 'react-dom';
import { post, withQuery } from '../api/client';
import type { Connection } from '../wallboard/use-live';
import { type DeskAction, deskReducer, EMPTY } from './desk-model';

const EVENTS = ['state', 'ringing', 'answered', 'hungup'] as const;

/**
 * One seat's desk: its event stream folded by deskReducer, and `act` to
 * POST a desk action (/desk/<path>) for that seat. `agent` names the seat
 * for supervisors and admins; an agent's desk is always their own
 * (undefined). The stream has no replay: a desk that reconnects gets the
 * agent's state and the call ringing or on now, which is all it shows.
 */
export function useDesk(agent: string | undefined) {
  const [state, dispatch] = useReducer(deskReducer, EMPTY);
  const [conn, setConn] = useState<Connection>('connecting');
  useEffect(() => {
    dispatch({ type: 'reset' });
    setConn('connecting');
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      es = new EventSource(withQuery('/api/v1/desk/events', { agent }));
      es.onopen = () => setConn('open');
      for (const type of EVENTS)
        es.addEventListener(type, (e) => {
          const action = { type, data: JSON.parse((e as MessageEvent).data) } as DeskAction;
          // the screen-pop is on screen the moment it arrives, not batched with what follows it
          if (type === 'ringing') flushSync(() => dispatch(action));
          else dispatch(action);
        });
      es.onerror = () => {
        setConn('lost');
        // EventSource retries by itself; after an HTTP error (hotlined restarting) it gives up
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
  }, [agent]);
  const act = useCallback(
    <T = unknown>(path: string, body?: unknown) => post<T>(`/desk${path}`, body, { agent }),
    [agent],
  );
  return { state, conn, dispatch, act };
}

export type Desk = ReturnType<typeof useDesk>;
