import { type Callback, IN_CALL } from './schema.js';

/** What happens to a callback; `now` is epoch ms. */
export type CallbackEvent =
  | { type: 'dialled'; channelId: string }
  | { type: 'originate'; answered: boolean; result: string }
  | { type: 'confirmed' }
  | { type: 'unconfirmed' }
  | { type: 'agent'; member: string }
  | { type: 'hangup' }
  /** hotlined came back and Asterisk has no such call any more. */
  | { type: 'lost' }
  | { type: 'cancel' }
  /** The caller asked to be called at `at` (epoch ms) rather than when their turn comes. */
  | { type: 'schedule'; at: number }
  | { type: 'no-route'; result: string };

/**
 * Pure: the callback after `e`, or null when `e` does not apply in its
 * status (a late or repeated event). An attempt that did not reach a
 * confirmed customer puts the callback back in line for a later attempt
 * until its attempts are used up.
 */
export function next(c: Callback, e: CallbackEvent, now: number): Callback | null {
  const at = { ...c, updatedAt: now };
  const retryOrFail = (result: string): Callback =>
    c.attempts >= c.maxAttempts
      ? { ...at, status: 'failed', result }
      : { ...at, status: 'waiting', result, nextAttemptAt: now + c.retrySeconds * 1000 };
  switch (e.type) {
    case 'dialled':
      if (c.status !== 'waiting') return null;
      return { ...at, status: 'calling', attempts: c.attempts + 1, channelId: e.channelId, result: null };
    case 'originate':
      if (c.status !== 'calling') return null;
      return e.answered ? { ...at, status: 'answered', result: e.result } : retryOrFail(e.result);
    case 'confirmed':
      return c.status === 'answered' || c.status === 'calling' ? { ...at, status: 'confirmed' } : null;
    case 'unconfirmed':
      return c.status === 'answered' || c.status === 'calling' ? retryOrFail('unconfirmed') : null;
    case 'agent':
      return c.status === 'confirmed' ? { ...at, status: 'connected', agent: e.member } : null;
    case 'hangup':
      if (c.status === 'confirmed') return { ...at, status: 'abandoned', result: 'hung up before an agent' };
      // answered and gone without a key (the OriginateResponse of a call never answered says why)
      if (c.status === 'answered') return retryOrFail('unconfirmed');
      return null;
    case 'lost':
      return IN_CALL.includes(c.status)
        ? { ...at, status: 'interrupted', result: 'hotlined restarted' }
        : null;
    case 'cancel':
      return IN_CALL.includes(c.status) || c.status === 'waiting'
        ? { ...at, status: 'cancelled', result: c.result }
        : null;
    case 'schedule':
      // only before the first call: a retry's delay is the queue's, not the caller's
      return c.status === 'waiting' && c.attempts === 0 ? { ...at, nextAttemptAt: e.at } : null;
    case 'no-route':
      return c.status === 'waiting' ? { ...at, status: 'failed', result: e.result } : null;
  }
}

/** A queue as app_queue shows it now (QueueStatus). */
export interface QueueNow {
  /** Members who could take a call now: logged in, not paused, not on a call. */
  available: number;
  /** Epoch ms the caller waiting longest joined; null when nobody waits. */
  firstJoinedAt: number | null;
}

/**
 * Pure: the callback of one queue whose turn it is, or null. Its turn comes
 * when no callback of that queue has a call up, it is the first waiting one
 * (by place) past its retry delay, nobody who joined before it is still
 * waiting in the queue, and an agent is free.
 */
export function dueInQueue(open: Callback[], q: QueueNow, now: number): Callback | null {
  if (open.some((c) => IN_CALL.includes(c.status))) return null;
  const first = open
    .filter((c) => c.status === 'waiting' && c.nextAttemptAt <= now)
    .sort((a, b) => a.queuedAt - b.queuedAt || a.id - b.id)[0];
  if (!first || q.available < 1) return null;
  if (q.firstJoinedAt !== null && q.firstJoinedAt < first.queuedAt) return null;
  return first;
}
