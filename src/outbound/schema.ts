import { z } from 'zod';
import { CallerId, displayName } from '../trunks/schema.js';
import { dialPatternProblem } from './pattern.js';

export const dialPattern = z.string().superRefine((p, ctx) => {
  const problem = dialPatternProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const unique = <T>(a: T[]) => new Set(a).size === a.length;

/**
 * The class a route needs, compared with the seat's HOTLINE_CLASS rank
 * (local 1, national 2, international 3). No default: a route for
 * international numbers must say so.
 */
export const ROUTE_CLASSES = ['local', 'national', 'international'] as const;
export type RouteClass = (typeof ROUTE_CLASSES)[number];

const patterns = z
  .array(dialPattern)
  .min(1, 'at least one pattern')
  .max(50)
  .refine(unique, 'patterns may not repeat');
const trunkIds = z
  .array(z.number().int().positive())
  .min(1, 'at least one trunk')
  .max(10)
  .refine(unique, 'a trunk may appear once');
const prepend = z.string().regex(/^[0-9*#+]{0,20}$/, 'prepend must be up to 20 of 0-9 * # +');
const stripDigits = z.number().int().min(0).max(20);

export const RouteCreate = z.strictObject({
  name: displayName,
  enabled: z.boolean().default(true),
  patterns,
  requiredClass: z.enum(ROUTE_CLASSES),
  stripDigits: stripDigits.default(0),
  prepend: prepend.default(''),
  /** In failover order. */
  trunkIds,
  /** Overrides the trunks' caller ID on this route. */
  callerId: CallerId.nullable().default(null),
  /** 1-based place in the matching order; the end when left out. */
  position: z.number().int().min(1).optional(),
});
export type RouteCreate = z.infer<typeof RouteCreate>;

export const RouteUpdate = z.strictObject({
  name: displayName.optional(),
  enabled: z.boolean().optional(),
  patterns: patterns.optional(),
  requiredClass: z.enum(ROUTE_CLASSES).optional(),
  stripDigits: stripDigits.optional(),
  prepend: prepend.optional(),
  trunkIds: trunkIds.optional(),
  callerId: CallerId.nullable().optional(),
  position: z.number().int().min(1).optional(),
});
export type RouteUpdate = z.infer<typeof RouteUpdate>;

/** PUT /order: every route id, in the new matching order. */
export const RouteOrder = z.strictObject({
  ids: z.array(z.number().int().positive()).max(1000).refine(unique, 'ids may not repeat'),
});

export const DenyList = z.strictObject({
  patterns: z.array(dialPattern).max(500).refine(unique, 'patterns may not repeat'),
});

export const MatchQuery = z.strictObject({
  number: z.string().regex(/^[0-9*#+]{1,32}$/, 'number must be 1 to 32 of 0-9 * # +'),
});

export interface OutboundRoute {
  id: number;
  position: number;
  name: string;
  enabled: boolean;
  patterns: string[];
  requiredClass: RouteClass;
  stripDigits: number;
  prepend: string;
  trunkIds: number[];
  callerId: CallerId | null;
  createdAt: number;
  updatedAt: number;
}
