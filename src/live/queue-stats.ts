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
 * One app_queue queue: who waits now, and today's figures. Counters are sets
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
  abandoned: Set<string>;
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
    abandoned: new Set(),
    talk: new Map(),
  };
}

export function resetDay(q: QueueRecord): void {
  q.offered.clear();
  q.answered.clear();
  q.abandoned.clear();
  q.talk.clear();
}

/** Applies one queue_log fact to its queue's counters. */
export function applyFact(q: QueueRecord, f: QueueLogFact): void {
  switch (f.kind) {
    case 'offered':
      q.offered.add(f.callid);
      return;
    case 'answered':
      q.offered.add(f.callid);
      q.answered.set(f.callid, f.holdSec);
      return;
    case 'abandoned':
      q.offered.add(f.callid);
      q.abandoned.add(f.callid);
      return;
    case 'completed':
      q.talk.set(f.callid, f.talkSec);
      return;
  }
}

export interface QueueFigures {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  serviceLevelPct: number | null;
  asaSec: number | null;
  ahtSec: number | null;
}

/**
 * Today's figures. Service level = answered within the threshold / calls
 * offered that are no longer waiting: a caller still in the queue has not had
 * the chance to be answered yet, so counting it would make the figure dip at
 * every arrival (app_queue's own ServicelevelPerf also counts only finished calls).
 */
export function figures(q: QueueRecord, serviceLevelSec: number): QueueFigures {
  let within = 0;
  let holdSum = 0;
  for (const hold of q.answered.values()) {
    holdSum += hold;
    if (hold <= serviceLevelSec) within++;
  }
  let talkSum = 0;
  for (const t of q.talk.values()) talkSum += t;
  let waitingToday = 0;
  for (const id of q.waiting.keys()) if (q.offered.has(id)) waitingToday++;
  const finished = q.offered.size - waitingToday;
  return {
    offered: q.offered.size,
    answered: q.answered.size,
    abandoned: q.abandoned.size,
    answeredWithinSl: within,
    serviceLevelPct: finished > 0 ? round1((100 * within) / finished) : null,
    asaSec: q.answered.size > 0 ? round1(holdSum / q.answered.size) : null,
    ahtSec: q.talk.size > 0 ? round1(talkSum / q.talk.size) : null,
  };
}

/** The caller waiting longest, or null. */
export function oldestCaller(q: QueueRecord): WaitingCaller | null {
  let oldest: WaitingCaller | null = null;
  for (const c of q.waiting.values()) if (!oldest || c.joinedAt < oldest.joinedAt) oldest = c;
  return oldest;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
