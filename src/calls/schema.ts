import { z } from 'zod';
import { instant, phoneNumber } from '../cdr/schema.js';
import { DIRECTIONS, type Direction, OUTCOMES, type Outcome } from './rows.js';

/** `outcome=answered`, `outcome=answered,voicemail` or the key repeated. */
const outcomeList = z.preprocess(
  (v) => (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x])),
  z
    .array(z.string())
    .min(1)
    .max(OUTCOMES.length)
    // one message for the whole field, not a path into the list
    .refine((a) => a.every((v) => (OUTCOMES as readonly string[]).includes(v)), {
      message: `outcome must be among ${OUTCOMES.join(', ')}`,
    })
    .transform((a) => a as Outcome[]),
);

export const CallListQuery = z
  .strictObject({
    /** Inclusive: calls that entered at or after this instant. */
    from: instant.optional(),
    /** Exclusive: calls that entered before this instant. */
    to: instant.optional(),
    /** Queue id (the queue a call was last in). */
    queue: z.coerce.number().int().min(1).max(9_999_999_999).optional(),
    /** Seat extension of the agent who took the call. */
    agent: z
      .string()
      .regex(/^[0-9]{2,8}$/, 'agent must be a seat extension (2 to 8 digits)')
      .optional(),
    outcome: outcomeList.optional(),
    direction: z.enum(DIRECTIONS).optional(),
    /** The caller's number or the DID dialled, exactly. */
    number: phoneNumber.optional(),
    /** By time entered; newest first unless `asc`. */
    sort: z.enum(['asc', 'desc']).default('desc'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: 'from must be before to',
    path: ['to'],
  });
export type CallListQuery = z.infer<typeof CallListQuery>;

/** One call as the API shows it; times ISO 8601 (UTC), durations whole seconds. */
export interface Call {
  id: number;
  linkedid: string;
  direction: Direction;
  caller: string;
  did: string;
  enteredAt: string;
  endedAt: string | null;
  ivrPath: string;
  queueId: number | null;
  waitSeconds: number | null;
  agent: string;
  talkSeconds: number;
  outcome: Outcome;
  /** GET this for the audio (authorised roles only); null without a recording on disk. */
  recording: string | null;
}

export interface CallPage {
  items: Call[];
  total: number;
  limit: number;
  offset: number;
}
