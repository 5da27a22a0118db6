import { useCallback, useEffect, useReducer, useState } from 'react';
import { flushSync } from 'react-dom';
import { post, withQuery } from '../api/client';
import { keepEventSource } from '../api/event-stream';
import type { Connection } from '../wallboard/use-live';
import { type DeskAction, deskReducer, EMPTY } from './desk-model';
import type { PreviewOffer } from './preview-panel';

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
  /** Counts the stream's `ticket` events (and reconnects, which may have missed some): the tickets panel reloads on it. */
  const [tickets, setTickets] = useState(0);
  /** The preview campaigns this seat works, as the stream's latest `preview` event said. */
  const [offers, setOffers] = useState<PreviewOffer[]>([]);
  useEffect(() => {
    dispatch({ type: 'reset' });
    setOffers([]);
    setConn('connecting');
    const events = Object.fromEntries(
      EVENTS.map((type) => [
        type,
        (e: MessageEvent) => {
          const action = { type, data: JSON.parse(e.data) } as DeskAction;
          // the screen-pop is on screen the moment it arrives, not batched with what follows it
          if (type === 'ringing') flushSync(() => dispatch(action));
          else dispatch(action);
        },
      ]),
    );
    const ticket = () => setTickets((n) => n + 1);
    return keepEventSource(() => withQuery('/api/v1/desk/events', { agent }), {
      open: () => {
        setConn('open');
        ticket();
      },
      lost: () => setConn('lost'),
      events: {
        ...events,
        ticket,
        preview: (e: MessageEvent) => setOffers((JSON.parse(e.data) as { offers: PreviewOffer[] }).offers),
      },
    });
  }, [agent]);
  const act = useCallback(
    <T = unknown>(path: string, body?: unknown) => post<T>(`/desk${path}`, body, { agent }),
    [agent],
  );
  return { state, conn, dispatch, act, tickets, offers };
}

export type Desk = ReturnType<typeof useDesk>;
