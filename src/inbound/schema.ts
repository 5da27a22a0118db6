import { z } from 'zod';
import { Destination } from '../destinations/schema.js';
import { listQuery } from '../kit/list.js';
import { unsafeTextAnd } from '../kit/text.js';
import { numberPatternProblem } from './pattern.js';

const UNSAFE_TEXT = unsafeTextAnd('"\\;<>$');

const numberPattern = z
  .string()
  .max(64, 'at most 32 characters')
  .superRefine((p, ctx) => {
    const problem = numberPatternProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const routeName = z
  .string()
  .trim()
  .max(64, 'name may be at most 64 characters')
  .refine((s) => !UNSAFE_TEXT.test(s), 'name may not contain control characters or any of " \\ ; < > $');

export const InboundCreate = z.strictObject({
  name: routeName.default(''),
  /** The dialled number (DID): exact, or an Asterisk `_` pattern. */
  did: numberPattern,
  /** Only callers whose number matches (exact or `_` pattern); null or omitted: any caller. */
  callerId: numberPattern.nullable().default(null),
  destination: Destination,
  /** Where the call goes when the destination gives up (no answer, cannot run). */
  fallback: Destination.default({ type: 'hangup' }),
  enabled: z.boolean().default(true),
});
export type InboundCreate = z.infer<typeof InboundCreate>;

export const InboundUpdate = z.strictObject({
  name: routeName.optional(),
  did: numberPattern.optional(),
  callerId: numberPattern.nullable().optional(),
  destination: Destination.optional(),
  fallback: Destination.optional(),
  enabled: z.boolean().optional(),
});
export type InboundUpdate = z.infer<typeof InboundUpdate>;

/** Without `sort`: the order Asterisk tries the routes in. `q` matches the name or the DID. */
export const ListQuery = listQuery(['rank', 'name', 'did']);
export type ListQuery = z.output<typeof ListQuery>;

export interface InboundRoute {
  id: number;
  name: string;
  did: string;
  callerId: string | null;
  destination: Destination;
  fallback: Destination;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}
