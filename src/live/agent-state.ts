import type { QueueMemberInfo } from '../bus.js';
import type { AgentState } from './types.js';

/** Asterisk device states (enum ast_device_state) as QueueMember* events number them. */
export const DEVICE = {
  unknown: 0,
  notInUse: 1,
  inUse: 2,
  busy: 3,
  invalid: 4,
  unavailable: 5,
  ringing: 6,
  ringInUse: 7,
  onHold: 8,
} as const;

/** What we know about one agent (a member name = seat extension), across its queues. */
export interface AgentRecord {
  extension: string;
  /** Membership per queue section. */
  memberships: Map<string, QueueMemberInfo>;
  /** Queue callers currently ringing this agent (caller uniqueid → queue). */
  ringing: Map<string, string>;
  /** The queue call the agent answered and is on. */
  talking: { queue: string; uniqueid: string; callerIdNum: string; since: number } | null;
  /** Wrap-up after a queue call ends, until this epoch ms. */
  wrapUntil: number;
  /** Caller uniqueids this agent answered today. */
  handled: Set<string>;
  state: AgentState;
  pausedReason: string | null;
  since: number;
}

export function newAgent(extension: string, now: number): AgentRecord {
  return {
    extension,
    memberships: new Map(),
    ringing: new Map(),
    talking: null,
    wrapUntil: 0,
    handled: new Set(),
    state: 'logged_out',
    pausedReason: null,
    since: now,
  };
}

/**
 * The one state an agent shows, from everything we know. Priority: on a call
 * beats ringing beats wrap-up beats paused, so a paused agent still on a call
 * shows talking. Device states count too: an agent on a direct (non-queue)
 * call is busy for the queue as well (app_queue skips in-use members).
 */
export function deriveAgentState(
  a: AgentRecord,
  now: number,
): { state: AgentState; pausedReason: string | null } {
  if (a.memberships.size === 0) return { state: 'logged_out', pausedReason: null };
  const members = [...a.memberships.values()];
  const device = members.map((m) => m.status);
  const paused = members.find((m) => m.paused);
  const pausedReason = paused ? paused.pausedReason || null : null;
  // Not InCall: app_queue clears it without an event of its own, so a QueueMemberStatus sent for
  // the device going idle can still carry InCall: 1 and nothing would correct it.
  if (a.talking || device.some((s) => s === DEVICE.inUse || s === DEVICE.busy || s === DEVICE.onHold)) {
    return { state: 'talking', pausedReason };
  }
  if (a.ringing.size > 0 || device.some((s) => s === DEVICE.ringing || s === DEVICE.ringInUse)) {
    return { state: 'ringing', pausedReason };
  }
  if (a.wrapUntil > now) return { state: 'wrap_up', pausedReason };
  if (paused) return { state: 'paused', pausedReason };
  return { state: 'available', pausedReason: null };
}

/** Recomputes state and since; true when what a client sees of the state changed. */
export function settleAgent(a: AgentRecord, now: number): boolean {
  const next = deriveAgentState(a, now);
  if (next.state === a.state && next.pausedReason === a.pausedReason) return false;
  if (next.state !== a.state) a.since = now;
  a.state = next.state;
  a.pausedReason = next.pausedReason;
  return true;
}

/** The member's device cannot take calls (phone unregistered or gone). */
export function deviceOffline(a: AgentRecord): boolean {
  const members = [...a.memberships.values()];
  return (
    members.length > 0 && members.every((m) => m.status === DEVICE.unavailable || m.status === DEVICE.invalid)
  );
}
