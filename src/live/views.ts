import { DEFAULT_SERVICE_LEVEL_SEC, queueFigures, SHORT_ABANDON_SEC } from '../metrics/queue-figures.js';
import { queueIdOfSection } from '../queues/schema.js';
import type { AgentRecord } from './agent-state.js';
import { deviceOffline } from './agent-state.js';
import { countersOf, oldestCaller, type QueueRecord } from './queue-stats.js';
import type { AgentView, QueueThresholds, QueueView } from './types.js';

/** Names and settings the live model borrows from the configuration domains. */
export interface LiveDirectory {
  /** The queue behind an app_queue section (qN), or null when it is not (yet) known. */
  queue(section: string): { id: number; name: string; serviceLevelSec?: number; wrapUpSec?: number } | null;
  agentName(extension: string): string | null;
  /**
   * The agents domain's stored login/pause state and since when it holds
   * (epoch ms): a restarted hotlined shows time in state from there.
   */
  agentState?(extension: string): { loggedIn: boolean; paused: boolean; since: number } | null;
  /** Agents shown even while logged out (the agents domain's list), by extension. */
  agents(): string[];
  /** Queue sections shown even before Asterisk reports them or a call arrives (the queues domain's list). */
  queues(): string[];
  trunkName(id: number): string | null;
  /** Callbacks holding a place in a queue (src/callbacks): callers who hung up and wait for the box's call. */
  callbacksWaiting?(queueId: number): number;
}

const WAITING_SHOWN = 50;

/** What the stream shows of a queue (pure: records in, view out). */
export function queueView(
  q: QueueRecord,
  agentRecords: Iterable<AgentRecord>,
  directory: LiveDirectory,
  thresholds: (queueId: number | null) => QueueThresholds,
  now: number,
): QueueView {
  const section = q.section;
  const known = directory.queue(section);
  const id = known?.id ?? queueIdOfSection(section);
  const serviceLevelSec = known?.serviceLevelSec || q.asteriskServiceLevelSec || DEFAULT_SERVICE_LEVEL_SEC;
  const oldest = oldestCaller(q);
  const agents = { loggedIn: 0, available: 0, ringing: 0, talking: 0, wrapUp: 0, paused: 0 };
  for (const a of agentRecords) {
    if (!a.memberships.has(section)) continue;
    agents.loggedIn++;
    if (a.state === 'available') agents.available++;
    else if (a.state === 'ringing') agents.ringing++;
    else if (a.state === 'talking') agents.talking++;
    else if (a.state === 'wrap_up') agents.wrapUp++;
    else if (a.state === 'paused') agents.paused++;
  }
  return {
    section,
    id,
    name: known?.name ?? section,
    serviceLevelSec,
    waitingCount: q.waiting.size,
    callbacksWaiting: id === null ? 0 : (directory.callbacksWaiting?.(id) ?? 0),
    waiting: [...q.waiting.values()]
      .sort((a, b) => a.position - b.position)
      .slice(0, WAITING_SHOWN)
      .map((c) => ({ ...c, joinedAt: new Date(c.joinedAt).toISOString() })),
    longestWaitSince: oldest ? new Date(oldest.joinedAt).toISOString() : null,
    longestWaitSec: oldest ? Math.max(0, Math.floor((now - oldest.joinedAt) / 1000)) : 0,
    shortAbandonSec: SHORT_ABANDON_SEC,
    ...queueFigures(countersOf(q, { serviceLevelSec, shortAbandonSec: SHORT_ABANDON_SEC })),
    agents,
    thresholds: thresholds(id),
  };
}

/** What the stream shows of an agent. */
export function agentView(a: AgentRecord, directory: LiveDirectory): AgentView {
  const extension = a.extension;
  return {
    extension,
    name: directory.agentName(extension) ?? extension,
    state: a.state,
    since: new Date(a.since).toISOString(),
    pausedReason: a.pausedReason,
    queues: [...a.memberships.keys()].sort(),
    handledToday: a.handled.size,
    deviceOffline: deviceOffline(a),
    call: a.talking
      ? { queue: a.talking.queue, uniqueid: a.talking.uniqueid, callerIdNum: a.talking.callerIdNum }
      : null,
  };
}
