import { z } from 'zod';
import { listQuery } from '../kit/list.js';
import { unsafeTextAnd } from '../kit/text.js';

const UNSAFE_TEXT = unsafeTextAnd('"\\;<>$[]{}(),|\'`');

/** Free text that may reach dialplan (pause reasons) or logs: Chinese welcome, syntax not. */
const safeText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} may be at most ${max} characters`)
    .refine(
      (s) => !UNSAFE_TEXT.test(s),
      `${what} may not contain control characters or punctuation used by the dialplan`,
    );

export const agentName = safeText('name', 64);
export const pauseReasonName = safeText('reason', 32);

export const Skill = z.strictObject({
  queueId: z.number().int().min(1).max(2_147_483_647),
  /** 0 is offered first; app_queue's member penalty. */
  level: z.number().int().min(0).max(9).default(0),
});
export type Skill = z.infer<typeof Skill>;

const skills = z
  .array(Skill)
  .max(50, 'at most 50 skills')
  .superRefine((list, ctx) => {
    const seen = new Set<number>();
    list.forEach((s, i) => {
      if (seen.has(s.queueId))
        ctx.addIssue({ code: 'custom', path: [i, 'queueId'], message: 'queue listed twice' });
      seen.add(s.queueId);
    });
  });

export const AgentCreate = z.strictObject({
  extension: z.string().regex(/^[0-9]{2,8}$/, 'extension must be 2 to 8 digits'),
  name: agentName,
  skills: skills.default([]),
});
export type AgentCreate = z.infer<typeof AgentCreate>;

export const AgentUpdate = z.strictObject({
  name: agentName.optional(),
  skills: skills.optional(),
});
export type AgentUpdate = z.infer<typeof AgentUpdate>;

export const PauseBody = z.strictObject({
  /** A configured reason, by its name (e.g. 培训) or its feature-code number. */
  reason: z.union([pauseReasonName, z.number().int().min(1).max(99)]),
});

export const PauseReasonCreate = z.strictObject({
  code: z.number().int().min(1).max(98),
  name: pauseReasonName,
});
export type PauseReasonCreate = z.infer<typeof PauseReasonCreate>;

/** GET /agents: search matches name and extension. */
export const AgentListQuery = listQuery(['extension', 'name', 'id']);
export type AgentListQuery = z.output<typeof AgentListQuery>;
export type AgentSortKey = NonNullable<AgentListQuery['sort']>;

export const EventsQuery = z.object({
  agentId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export interface AgentState {
  loggedIn: boolean;
  paused: boolean;
  pauseReason: string | null;
  since: number;
}

export interface Agent {
  id: number;
  extension: string;
  name: string;
  skills: Skill[];
  state: AgentState;
  createdAt: number;
  updatedAt: number;
}

export interface PauseReason {
  id: number;
  code: number;
  name: string;
}

export type AgentEvent = 'login' | 'logout' | 'pause' | 'unpause';
/** Where a state change came from: the API, the phone's feature codes, hotlined itself. */
export type StateSource = 'api' | 'phone' | 'auto' | 'asterisk';

/** The reason auto-pause uses (seeded by migration 009). */
export const MISSED_REASON_CODE = 99;
