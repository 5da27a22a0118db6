import { z } from 'zod';
import { recordId } from '../kit/ids.js';
import { SPY_MODES, type SpyMode } from './confgen.js';

/** POST /supervise: whom (an agent by id or by their seat's extension) and how. */
export const SuperviseBody = z
  .strictObject({
    agentId: recordId('agentId').optional(),
    agentExtension: z
      .string({ error: 'agentExtension must be a string' })
      .regex(/^[0-9]{2,8}$/, 'agentExtension must be 2 to 8 digits')
      .optional(),
    mode: z.enum(SPY_MODES, { error: 'mode must be one of listen, whisper, barge' }),
  })
  .refine((b) => (b.agentId === undefined) !== (b.agentExtension === undefined), {
    message: 'give either agentId or agentExtension',
    path: ['agentId'],
  });
export type SuperviseBody = z.infer<typeof SuperviseBody>;

/** One supervision: the supervisor's phone spying on an agent's call, from request to hang-up. */
export interface SuperviseSession {
  id: number;
  supervisorId: number;
  supervisor: string;
  supervisorRole: string;
  /** The seat whose phone was called (the supervisor's own device). */
  supervisorSeat: string;
  agentExtension: string;
  agentName: string;
  mode: SpyMode;
  /** The agent's channel as Asterisk reported it, and its call (linkedid). */
  targetChannel: string;
  callId: string;
  /** The spy channel's uniqueid, set by hotlined's Originate (ChannelId). */
  spyUniqueid: string;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  /** Why it ended: `hangup` (the spy channel hung up), `ended` (DELETE), `unanswered`, `gone` (not found after a restart). */
  endReason: string | null;
}

export interface SuperviseView
  extends Omit<SuperviseSession, 'startedAt' | 'answeredAt' | 'endedAt' | 'supervisorRole' | 'spyUniqueid'> {
  state: 'calling' | 'active' | 'ended';
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
}
