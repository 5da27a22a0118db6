/** The parts of hotlined's live stream (src/live/types.ts) the wallboard shows. */
export interface QueueView {
  section: string;
  id: number | null;
  name: string;
  waitingCount: number;
  longestWaitSince: string | null;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevelPct: number | null;
  asaSec: number | null;
  ahtSec: number | null;
  thresholds: { slTargetPct: number; longestWaitLimitSec: number };
}

export type AgentState = 'available' | 'ringing' | 'talking' | 'wrap_up' | 'paused' | 'logged_out';

export interface AgentView {
  extension: string;
  name: string;
  state: AgentState;
  since: string;
  pausedReason: string | null;
  handledToday: number;
  deviceOffline: boolean;
}

export interface Banner {
  code: string;
  subject: string;
  message: string;
  since: string | null;
  data?: Record<string, string | number>;
}

export interface LiveState {
  serverTime: string;
  queues: Record<string, QueueView>;
  agents: Record<string, AgentView>;
  banners: Banner[];
  [kind: string]: unknown;
}
