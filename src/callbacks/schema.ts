import { z } from 'zod';
import { paging } from '../kit/list.js';

/**
 * A callback's life: waiting for its turn → calling (the box dials the
 * customer) → answered → confirmed (pressed 1, in the queue at the front) →
 * connected (an agent took it). Not answered or not confirmed: back to
 * waiting until the attempts are used up (failed). Final states are also
 * cancelled (by a supervisor, or the queue is gone), abandoned (hung up
 * after confirming, before an agent) and interrupted (hotlined restarted
 * while a call was up and Asterisk no longer has it: the outcome is unknown,
 * so the customer is not called a second time).
 */
export const CALLBACK_STATUSES = [
  'waiting',
  'calling',
  'answered',
  'confirmed',
  'connected',
  'failed',
  'cancelled',
  'abandoned',
  'interrupted',
] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/** Statuses with a call up (or about to be): at most one per queue at a time. */
export const IN_CALL: readonly CallbackStatus[] = ['calling', 'answered', 'confirmed'];
/** Statuses that still hold the customer's place. */
export const OPEN: readonly CallbackStatus[] = ['waiting', ...IN_CALL];

export interface Callback {
  id: number;
  queueId: number;
  /** The caller's number as the carrier sent it (digits only). */
  number: string;
  /** Epoch ms the caller first joined the queue: their place. */
  queuedAt: number;
  requestedAt: number;
  status: CallbackStatus;
  attempts: number;
  maxAttempts: number;
  retrySeconds: number;
  /** Epoch ms before which the next attempt is not made. */
  nextAttemptAt: number;
  /** The customer leg's uniqueid of the current or last attempt (`cb<id>-<attempt>`). */
  channelId: string | null;
  /** The seat that took the call (connected). */
  agent: string | null;
  /** How the last attempt ended: answered, no answer, busy, congestion, failed, unconfirmed, no route, ... */
  result: string | null;
  updatedAt: number;
}

/** GET /callbacks: newest first, optionally one queue's or one status's. */
export const CallbackListQuery = z.strictObject({
  ...paging,
  queueId: z.coerce.number({ error: 'queueId must be a number' }).int().min(1).optional(),
  status: z
    .enum(CALLBACK_STATUSES, { error: `status must be one of ${CALLBACK_STATUSES.join(', ')}` })
    .optional(),
});
export type CallbackListQuery = z.output<typeof CallbackListQuery>;

/** What the dialplan announces (UserEvent HotlineCallback), checked before anything is stored. */
export const DIGITS = /^[0-9]{3,20}$/;
