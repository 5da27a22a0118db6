import type { ConnectionState } from '../bus.js';
import type { QueueFigures } from '../metrics/queue-figures.js';

/**
 * What the live stream sends (GET /api/v1/live). Every entity is sent whole
 * when it changes, keyed by a stable id, so a client merges a delta with
 * `Object.assign` per kind and deletes keys whose value is null.
 * Timestamps are ISO 8601; durations are computed by the client from them
 * (with `serverTime` to correct its clock), so time passing needs no events.
 */
export interface LiveSnapshot {
  serverTime: string;
  queues: Record<string, QueueView>;
  agents: Record<string, AgentView>;
  calls: Record<string, CallView>;
  trunks: Record<string, TrunkView>;
  spans: Record<string, SpanView>;
  asterisk: AsteriskView;
  banners: Banner[];
}

/** A delta: only what changed since the previous event; null = gone. */
export interface LiveDelta {
  serverTime: string;
  queues?: Record<string, QueueView | null>;
  agents?: Record<string, AgentView | null>;
  calls?: Record<string, CallView | null>;
  trunks?: Record<string, TrunkView | null>;
  spans?: Record<string, SpanView | null>;
  asterisk?: AsteriskView;
  banners?: Banner[];
}

export interface WaitingCallerView {
  uniqueid: string;
  callerIdNum: string;
  callerIdName: string;
  position: number;
  joinedAt: string;
}

/**
 * A queue's live view. Today's counters and figures (offered, answered,
 * serviceLevelPct, asaSec, ...) are those of src/metrics/queue-figures.ts,
 * the same GET /api/v1/calls/figures gives; docs/metrics.md defines them.
 */
export interface QueueView extends QueueFigures {
  /** app_queue section (q1); the key in `queues`. */
  section: string;
  /** Database id of the queue (section qN → N), null for a section that is not ours. */
  id: number | null;
  name: string;
  /** Answered within this many seconds counts towards the service level. */
  serviceLevelSec: number;
  /** A caller who hangs up within this many seconds is a short abandon. */
  shortAbandonSec: number;
  waitingCount: number;
  /** Callers who pressed the callback key and wait for the box to call them (not in `waitingCount`). */
  callbacksWaiting: number;
  /** The first 50 callers by position. */
  waiting: WaitingCallerView[];
  /** Join time of the caller waiting longest (null when nobody waits). */
  longestWaitSince: string | null;
  /** Seconds, at `serverTime` of the event that carried this view. */
  longestWaitSec: number;
  agents: {
    loggedIn: number;
    available: number;
    ringing: number;
    talking: number;
    wrapUp: number;
    paused: number;
  };
  /** The wallboard's colour thresholds for this queue. */
  thresholds: QueueThresholds;
}

export interface QueueThresholds {
  slTargetPct: number;
  longestWaitLimitSec: number;
}

export type AgentState = 'available' | 'ringing' | 'talking' | 'wrap_up' | 'paused' | 'logged_out';

export interface AgentView {
  extension: string;
  name: string;
  state: AgentState;
  /** Since when the agent is in this state (time in state = serverTime - since). */
  since: string;
  pausedReason: string | null;
  /** Queue sections the agent is a member of. */
  queues: string[];
  handledToday: number;
  /** The agent's device is unreachable or unregistered while a member. */
  deviceOffline: boolean;
  /** The queue call the agent is on, when talking. */
  call: { queue: string; uniqueid: string; callerIdNum: string } | null;
}

export interface CallView {
  /** Linkedid: one call, however many channels. */
  id: string;
  from: string;
  to: string;
  startedAt: string;
  answeredAt: string | null;
  channels: number;
  queue: string | null;
  agent: string | null;
}

export interface TrunkView {
  id: number;
  name: string;
  registration: 'registered' | 'rejected' | 'unregistered' | 'none';
  reachability: 'reachable' | 'unreachable' | 'unknown';
  rttMs: number | null;
}

export interface SpanView {
  span: number;
  alarm: string | null;
  since: string;
  description: string | null;
}

export interface AsteriskView {
  ami: { state: ConnectionState; since: string };
  ari: { state: ConnectionState; since: string };
  version: string | null;
  startedAt: string | null;
}

export type BannerCode =
  | 'asterisk_disconnected'
  | 'trunk_unregistered'
  | 'trunk_unreachable'
  | 'span_alarm'
  | 'disk_full'
  | 'outside_calls_suspended'
  | 'sms_modem_down'
  | 'source_banned';

/** Something is wrong: the wallboard shows a banner for each. */
export interface Banner {
  code: BannerCode;
  /** What it is about: "ami", "trunk 3", "span 1", a mount point. */
  subject: string;
  /** Human-readable detail in English; the UI translates by code. */
  message: string;
  since: string | null;
  /** Extra figures (disk: usedPct, thresholdPct; trunk: id, name; span: span, alarm). */
  data?: Record<string, string | number>;
}
