import { z } from 'zod';
import type { Call } from '../calls/index.js';
import { notes } from '../customers/schema.js';
import { disposition } from '../queues/schema.js';

/** Asterisk's linkedid/uniqueid: `<epoch seconds>.<sequence>`; the desk's call id is the linkedid. */
export const callId = z
  .string({ error: 'callId must be a string' })
  .regex(/^[0-9]{1,20}\.[0-9]{1,10}$/, 'callId is an Asterisk call id such as 1764000000.42');

const extension = z.string().regex(/^[0-9]{2,8}$/, 'a seat extension is 2 to 8 digits');

/**
 * A number an agent dials or transfers to: digits with an optional leading
 * +, nothing else (it becomes a dialplan extension; the seat's outbound
 * class and the deny list then decide whether it may be called).
 */
export const dialNumber = z
  .string({ error: 'number must be a string' })
  .regex(/^\+?[0-9]{2,20}$/, 'number must be 2 to 20 digits with an optional leading +');

export const AgentQuery = z.strictObject({
  /** Supervisors and admins: whose desk (a seat extension); agents may name only their own. */
  agent: extension.optional(),
});

export const ContextQuery = AgentQuery.extend({ callId });

export const EventsQuery = AgentQuery.extend({
  /** `tickets`: only the ticket events of the signed-in user (the tickets page; no seat needed). */
  only: z.enum(['tickets'], { error: 'only must be tickets' }).optional(),
});

export const DialBody = z.strictObject({ number: dialNumber });

export const TransferTarget = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('seat'), extension }),
    z.strictObject({ type: z.literal('queue'), queueId: z.number().int().min(1).max(2_147_483_647) }),
    z.strictObject({ type: z.literal('number'), number: dialNumber }),
  ],
  { error: 'target must be a seat, a queue or a number' },
);
export type TransferTarget = z.infer<typeof TransferTarget>;

export const TransferBody = z.strictObject({
  /** blind: the caller goes at once; attended: the agent talks to the target first, then hangs up. */
  mode: z.enum(['blind', 'attended']),
  target: TransferTarget,
});

export const ConferenceBody = z.strictObject({ extension });

export const WrapUpBody = z.strictObject({
  callId,
  disposition,
  notes: notes.default(''),
});
export type WrapUpBody = z.infer<typeof WrapUpBody>;

/** What a desk knows about a call ringing at or taken by an agent (the screen-pop). */
export interface DeskContext {
  /** The call's linkedid (the live model's call id, `linkedid` on /api/v1/calls). */
  callId: string;
  /** The caller channel's uniqueid (queue_log's callid). */
  uniqueid: string;
  /** The seat it rings. */
  agent: string;
  caller: { number: string; name: string };
  /** The number the caller dialled (the first channel's extension). */
  did: string;
  customer: {
    id: number | null;
    name: string;
    /** null when the record has none. */
    company: string | null;
    vip: number;
    boundAgent: string | null;
    notes: string;
  } | null;
  /** Nodes and keys of the caller's way through the IVR, as CDR(ivrpath) gets them. */
  ivr: { ivrId: number; path: string[]; keys: string } | null;
  queue: {
    id: number | null;
    section: string;
    name: string;
    /** Seconds between joining the queue and ringing this agent. */
    waitedSec: number;
    dispositions: string[];
  } | null;
  /**
   * A queue callback: the box called the customer back, they confirmed; when
   * they first joined the queue and on which attempt they answered. null otherwise.
   */
  callback: { id: number; queuedAt: string; attempts: number } | null;
  /** The queue's CRM page for this call, placeholders filled; null when the queue has none. */
  screenPopUrl: string | null;
  /** The latest calls of this number (newest first, this one excluded). */
  recentCalls: Call[];
  /** Open (not resolved or closed) tickets of the caller's customer, newest first. */
  openTickets: OpenTicket[];
  /** A voice notification the customer handed over to an agent (key 0): what it was about. */
  notification: DeskNotification | null;
  ringingAt: string;
}

/** The event behind a notification call, as the screen-pop shows it. */
export interface DeskNotification {
  actionId: number;
  eventId: number;
  eventType: string;
  rule: string | null;
  vars: Record<string, string>;
  /** The message as the customer heard it (variables as given). */
  message: string;
}

/** A ticket as the screen-pop lists it (what the tickets domain answers has more). */
export interface OpenTicket {
  id: number;
  number: string;
  title: string;
  status: string;
}
