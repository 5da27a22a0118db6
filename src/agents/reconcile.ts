import type { Agent } from './schema.js';

/** One dynamic queue member as hotlined wants it or as app_queue reports it. */
export interface Member {
  queue: string;
  extension: string;
  penalty: number;
  paused: boolean;
  reason: string;
}

export type MemberAction =
  | { kind: 'add'; member: Member }
  | { kind: 'remove'; queue: string; extension: string }
  | { kind: 'pause'; queue: string; extension: string; paused: boolean; reason: string }
  | { kind: 'penalty'; queue: string; extension: string; penalty: number };

const key = (m: { queue: string; extension: string }) => `${m.queue}/${m.extension}`;

/** Pure: the members the database says app_queue should have. */
export function desiredMembers(agents: Agent[], section: (queueId: number) => string): Member[] {
  const out: Member[] = [];
  for (const a of agents) {
    if (!a.state.loggedIn) continue;
    for (const s of a.skills) {
      out.push({
        queue: section(s.queueId),
        extension: a.extension,
        penalty: s.level,
        paused: a.state.paused,
        reason: a.state.paused ? (a.state.pauseReason ?? '') : '',
      });
    }
  }
  return out;
}

/**
 * Pure: what to tell app_queue so its members match `desired`. Only members
 * hotlined manages (of `managed` queues, seats as PJSIP/<ext>) are touched;
 * a member someone added by hand to a queue hotlined does not know stays.
 */
export function planReconcile(
  desired: Member[],
  actual: Member[],
  managed: (queue: string) => boolean,
): MemberAction[] {
  const want = new Map(desired.map((m) => [key(m), m]));
  const have = new Map(actual.filter((m) => managed(m.queue)).map((m) => [key(m), m]));
  const actions: MemberAction[] = [];
  for (const [k, m] of have) {
    if (!want.has(k)) actions.push({ kind: 'remove', queue: m.queue, extension: m.extension });
  }
  for (const [k, m] of want) {
    const h = have.get(k);
    if (!h) {
      actions.push({ kind: 'add', member: m });
      continue;
    }
    if (h.penalty !== m.penalty)
      actions.push({ kind: 'penalty', queue: m.queue, extension: m.extension, penalty: m.penalty });
    if (h.paused !== m.paused || (m.paused && h.reason !== m.reason))
      actions.push({
        kind: 'pause',
        queue: m.queue,
        extension: m.extension,
        paused: m.paused,
        reason: m.reason,
      });
  }
  return actions;
}

/**
 * Pure: the agent state app_queue shows, for adopting changes made while
 * hotlined was away (feature codes dialled then). Logged in when a member
 * of any of its queues; paused when paused in any.
 */
export function observedState(
  agent: Agent,
  actual: Member[],
): { loggedIn: boolean; paused: boolean; pauseReason: string | null } {
  // no skills, no members: app_queue cannot show this agent's state, so the stored one stands
  if (agent.skills.length === 0) {
    const { loggedIn, paused, pauseReason } = agent.state;
    return { loggedIn, paused, pauseReason };
  }
  const mine = actual.filter((m) => m.extension === agent.extension);
  const paused = mine.find((m) => m.paused);
  return {
    loggedIn: mine.length > 0,
    paused: paused !== undefined,
    pauseReason: paused ? paused.reason || null : null,
  };
}
