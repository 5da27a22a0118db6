import {
  countVisit,
  emptyCounters,
  type QueueCounters,
  type QueueThresholdsSec,
} from '../metrics/queue-figures.js';
import type { QueueLogFact } from './queue-log.js';

/** A caller waiting in a queue. */
export interface WaitingCaller {
  uniqueid: string;
  callerIdNum: string;
  callerIdName: string;
  position: number;
  joinedAt: number;
}

/**
 * One app_queue queue: who waits now, and today's counters. Counters are
 * keyed by the caller's uniqueid, so the same call seen in queue_log and as
 * an AMI event (a restart, a resync racing an event) counts once.
 */
export interface QueueRecord {
  section: string;
  /** Asterisk's servicelevel for the queue (QueueParams), 0 when unset. */
  asteriskServiceLevelSec: number;
  waiting: Map<string, WaitingCaller>;
  offered: Set<string>;
  /** uniqueid → seconds waited before an agent answered. */
  answered: Map<string, number>;
  /** uniqueid → seconds waited before the caller hung up. */
  abandoned: Map<string, number>;
  /** Left unanswered by the queue's rules or a key (queue_log only: AMI does not say why a caller left). */
  exited: Set<string>;
  /** uniqueid → talk seconds of completed calls. */
  talk: Map<string, number>;
}

export function newQueue(section: string): QueueRecord {
  return {
    section,
    asteriskServiceLevelSec: 0,
    waiting: new Map(),
    offered: new Set(),
    answered: new Map(),
    abandoned: new Map(),
    exited: new Set(),
    talk: new Map(),
  };
}

export function resetDay(q: QueueRecord): void {
  q.offered.clear();
  q.answered.clear();
  q.abandoned.clear();
  q.exited.clear();
  q.talk.clear();
}

/** A duration seen twice (AMI and queue_log) keeps the larger, as the SQL aggregate's MAX does. */
const keepMax = (m: Map<string, number>, id: string, sec: number) => m.set(id, Math.max(m.get(id) ?? 0, sec));

export function answer(q: QueueRecord, callid: string, waitSec: number): void {
  q.offered.add(callid);
  keepMax(q.answered, callid, waitSec);
}

export function abandon(q: QueueRecord, callid: string, waitSec: number): void {
  q.offered.add(callid);
  keepMax(q.abandoned, callid, waitSec);
}

export function complete(q: QueueRecord, callid: string, talkSec: number): void {
  keepMax(q.talk, callid, talkSec);
}

/** Applies one queue_log fact to its queue's counters. */
export function applyFact(q: QueueRecord, f: QueueLogFact): void {
  switch (f.kind) {
    case 'offered':
      q.offered.add(f.callid);
      return;
    case 'answered':
      answer(q, f.callid, f.holdSec);
      return;
    case 'abandoned':
      abandon(q, f.callid, f.waitSec);
      return;
    case 'exited':
      q.offered.add(f.callid);
      q.exited.add(f.callid);
      return;
    case 'completed':
      complete(q, f.callid, f.talkSec);
      return;
  }
}

/** Today's counters, each visit folded by the one definition (src/metrics/queue-figures.ts). */
export function countersOf(q: QueueRecord, th: QueueThresholdsSec): QueueCounters {
  const c = emptyCounters();
  const ids = new Set([...q.offered, ...q.talk.keys()]);
  for (const id of ids) {
    countVisit(
      c,
      {
        offered: q.offered.has(id),
        answeredWaitSec: q.answered.get(id) ?? null,
        abandonedWaitSec: q.abandoned.get(id) ?? null,
        exited: q.exited.has(id),
        talkSec: q.talk.get(id) ?? null,
      },
      th,
    );
  }
  return c;
}

/** The caller waiting longest, or null. */
export function oldestCaller(q: QueueRecord): WaitingCaller | null {
  let oldest: WaitingCaller | null = null;
  for (const c of q.waiting.values()) if (!oldest || c.joinedAt < oldest.joinedAt) oldest = c;
  return oldest;
}
