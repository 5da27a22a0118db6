/**
 * The calls domain's row shapes: what the store reads (CDR legs, queue_log
 * events) and what the builder makes of them, in a file of their own so the
 * store and the pure builder do not import each other.
 */

/**
 * How a call ended, most telling first (the first that applies wins):
 * - cut_off: Asterisk died with the call up (a LOST CDR, which hotlined wrote
 *   because Asterisk never did); agent, wait and talk say how far it got;
 * - answered: a person (a seat, a queue agent, an external number) talked with the caller;
 * - after_hours: a schedule's closed branch took the call (CDR(afterhours)=1);
 * - overflow: a queue let the caller go (max wait, leave-when-empty) to its overflow destination;
 * - voicemail: the call reached a mailbox;
 * - abandoned_queue: the caller hung up while queued (or left with a key and went nowhere);
 * - missed: a seat rang and nobody answered (the caller gave up or the ring timed out);
 * - abandoned_ivr: the caller hung up in hotlined's IVR;
 * - failed: nobody could be reached (busy, unreachable, no route, congestion).
 */
export const OUTCOMES = [
  'cut_off',
  'answered',
  'after_hours',
  'overflow',
  'voicemail',
  'abandoned_queue',
  'missed',
  'abandoned_ivr',
  'failed',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DIRECTIONS = ['inbound', 'internal', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** One calls row, as built (times epoch seconds). */
export interface CallRecord {
  linkedid: string;
  direction: Direction;
  caller: string;
  did: string;
  enteredAt: number;
  endedAt: number | null;
  ivrPath: string;
  /** The queue the call was last in (`qN` → N). */
  queueId: number | null;
  /**
   * Queued calls: seconds in queue (all visits). Calls a seat (or a queue's
   * bound agent) answered: seconds from entering to that answer (IVR and
   * ringing included). Unanswered calls to a seat: seconds it rang. Else null.
   */
  waitSeconds: number | null;
  /** The seat extension that took the call ('' if none). */
  agent: string;
  /** From the agent's or seat's answer to the end. */
  talkSeconds: number;
  /** Seconds the agent's channels were on hold during the call (AMI Hold to Unhold; part of talk). */
  holdSeconds: number;
  /** Times an agent passed the queued call on (queue_log BLINDTRANSFER / ATTENDEDTRANSFER). */
  transfers: number;
  outcome: Outcome;
  /** Path under the recordings root, only when the call was answered (MixMonitor records bridged audio). */
  recording: string;
}

/** A cdr row as the calls builder reads it. */
export interface CdrForCall {
  id: number;
  start_at: number;
  answer_at: number | null;
  end_at: number | null;
  src: string;
  dst: string;
  dcontext: string;
  channel: string;
  dstchannel: string;
  lastapp: string;
  duration: number;
  billsec: number;
  disposition: string;
  uniqueid: string;
  linkedid: string;
  sequence: number;
  did: string;
  ivrpath: string;
  recording: string;
  afterhours: string;
}

/** A queue_events row as the calls builder reads it. */
export interface QueueEventRow {
  id: number;
  at: number;
  callid: string;
  queue: string;
  queue_id: number | null;
  agent: string;
  event: string;
  data1: string;
  data2: string;
  data3: string;
  data4: string;
  data5: string;
}

/** A call_holds row as the calls builder reads it (times epoch seconds). */
export interface HoldRow {
  uniqueid: string;
  channel: string;
  /** The seat of a seat channel, '' for any other. */
  agent: string;
  start_at: number;
  /** null while the hold is open. */
  end_at: number | null;
}
