import { z } from 'zod';
import { fromBeforeTo, historyPaging, instant, phoneNumber } from '../cdr/schema.js';
import { exportFormat } from '../kit/export.js';
import type { Page } from '../kit/list.js';
import type { QueueFigures } from '../metrics/queue-figures.js';
import { type CallRecord, DIRECTIONS, OUTCOMES, type Outcome } from './rows.js';

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

/** What a call list and a call export filter on. */
/** Who took a call: the filters the call list and the reports share. */
export const callTakerFilter = {
  /** Queue id (the queue a call was last in). */
  queue: z.coerce.number().int().min(1).max(9_999_999_999).optional(),
  /** Seat extension of the agent who took the call. */
  agent: z
    .string()
    .regex(/^[0-9]{2,8}$/, 'agent must be a seat extension (2 to 8 digits)')
    .optional(),
};

const callFilter = {
  /** Inclusive: calls that entered at or after this instant. */
  from: instant.optional(),
  /** Exclusive: calls that entered before this instant. */
  to: instant.optional(),
  ...callTakerFilter,
  outcome: outcomeList.optional(),
  direction: z.enum(DIRECTIONS).optional(),
  /** The caller's number or the DID dialled, exactly. */
  number: phoneNumber.optional(),
  /** Asterisk's linkedid of the call (what the desk knows a call by). */
  linkedid: z
    .string()
    .regex(/^[0-9]{1,20}\.[0-9]{1,10}$/, 'linkedid must be an Asterisk call id such as 1764000000.12')
    .optional(),
  /** By time entered; newest first unless `asc`. */
  sort: z.enum(['asc', 'desc']).default('desc'),
};

export const CallListQuery = z.strictObject({ ...callFilter, ...historyPaging }).refine(...fromBeforeTo);
export type CallListQuery = z.infer<typeof CallListQuery>;

/** Every call the filter finds, as a file: no paging. */
export const CallExportQuery = z
  .strictObject({ ...callFilter, format: exportFormat })
  .refine(...fromBeforeTo);
export type CallExportQuery = z.infer<typeof CallExportQuery>;

/** One call as the API shows it: the calls row with times ISO 8601 (UTC). */
export type Call = Omit<CallRecord, 'enteredAt' | 'endedAt' | 'recording'> & {
  id: number;
  enteredAt: string;
  endedAt: string | null;
  /** GET this for the audio (authorised roles only); null without a recording on disk. */
  recording: string | null;
  /** What the agent noted after the call at their desk; null until they do. */
  wrapUp: WrapUp | null;
};

/** An agent's wrap-up of a call: a disposition code of the call's queue and free notes. */
export interface WrapUp {
  agent: string;
  disposition: string;
  notes: string;
  at: string;
}

export type CallPage = Page<Call>;

/** The longest period GET /calls/figures adds up (a year and a day: "this year" with a leap day). */
export const FIGURES_MAX_DAYS = 367;

export const QueueFiguresQuery = z
  .strictObject({
    /** Inclusive; local midnight today when absent. */
    from: instant.optional(),
    /** Exclusive; a day after `from` when absent. */
    to: instant.optional(),
  })
  .refine(...fromBeforeTo)
  .refine((q) => q.from === undefined || q.to === undefined || q.to - q.from <= FIGURES_MAX_DAYS * 86400, {
    message: `to may be at most ${FIGURES_MAX_DAYS} days after from`,
    path: ['to'],
  });
export type QueueFiguresQuery = z.infer<typeof QueueFiguresQuery>;

/** One queue's figures of a period (src/metrics/queue-figures.ts; docs/metrics.md). */
export interface QueueFiguresItem extends QueueFigures {
  /** app_queue section (qN). */
  section: string;
  /** Null for a section that is not one of ours (or a queue since deleted). */
  id: number | null;
  name: string;
  serviceLevelSec: number;
}

export interface QueueFiguresReport {
  from: string;
  to: string;
  shortAbandonSec: number;
  /** Configured queues first (by id), then other sections seen in the period. */
  queues: QueueFiguresItem[];
  /** All queues together: the figures of the summed counters. */
  total: QueueFigures;
}
