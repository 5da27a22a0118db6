/**
 * The one definition of a queue's figures: service level, abandon rate,
 * ASA and AHT. Counters in, figures out, so the live model's running
 * counters and the calls domain's SQL aggregates give the same figures for
 * the same calls. docs/metrics.md explains each definition and why.
 */

/** A call answered within this many seconds counts towards the service level, when the queue says nothing. */
export const DEFAULT_SERVICE_LEVEL_SEC = 20;
/**
 * A caller who hangs up within this many seconds of joining is a short
 * abandon (a misdial, a caller who changed their mind): counted apart, in
 * neither the abandoned calls nor the service level.
 */
export const SHORT_ABANDON_SEC = 5;

export interface QueueThresholdsSec {
  serviceLevelSec: number;
  shortAbandonSec: number;
}

/** What happened to the calls of one queue in a period: each queue visit counted once. */
export interface QueueCounters {
  /** Callers that entered the queue (including those still waiting and short abandons). */
  offered: number;
  /** Callers an agent answered. */
  answered: number;
  /** Of the answered: waited at most the service-level seconds. */
  answeredWithinSl: number;
  /** Callers who hung up while waiting, after more than the short-abandon seconds. */
  abandoned: number;
  /** Callers who hung up while waiting, within the short-abandon seconds. */
  shortAbandoned: number;
  /** Callers who left unanswered by the queue's rules or a key: max wait, empty queue, key press. */
  exited: number;
  /** Sum of the waits of the answered calls, seconds. */
  totalWaitAnsweredSec: number;
  /** Answered calls whose conversation is over (talk time known). */
  completed: number;
  /** Sum of the talk time of the completed calls, seconds. */
  totalTalkSec: number;
}

export interface QueueFigures extends QueueCounters {
  /** answeredWithinSl / (answered + abandoned + exited) × 100; null before any such call. */
  serviceLevelPct: number | null;
  /** abandoned / (answered + abandoned + exited) × 100; null before any such call. */
  abandonRatePct: number | null;
  /** Average speed of answer: totalWaitAnsweredSec / answered, seconds; null before the first answer. */
  asaSec: number | null;
  /** Average handle time: totalTalkSec / completed (talk only: see docs/metrics.md), seconds. */
  ahtSec: number | null;
}

export function emptyCounters(): QueueCounters {
  return {
    offered: 0,
    answered: 0,
    answeredWithinSl: 0,
    abandoned: 0,
    shortAbandoned: 0,
    exited: 0,
    totalWaitAnsweredSec: 0,
    completed: 0,
    totalTalkSec: 0,
  };
}

/** Counters of several queues (or periods) together: figures of a sum, never an average of figures. */
export function addCounters(a: QueueCounters, b: QueueCounters): QueueCounters {
  const out = emptyCounters();
  for (const k of Object.keys(out) as (keyof QueueCounters)[]) out[k] = a[k] + b[k];
  return out;
}

/**
 * One queue visit as the live model knows it, folded into counters by the
 * same rules the SQL aggregate applies: answered beats abandoned beats exited
 * (a visit has one fate), and a visit with none of them is still waiting.
 */
export interface QueueVisit {
  /** An event put the caller in the queue (joined, answered, abandoned or exited). */
  offered: boolean;
  answeredWaitSec: number | null;
  abandonedWaitSec: number | null;
  exited: boolean;
  talkSec: number | null;
}

export function countVisit(c: QueueCounters, v: QueueVisit, th: QueueThresholdsSec): void {
  if (v.offered) c.offered++;
  if (v.answeredWaitSec !== null) {
    c.answered++;
    c.totalWaitAnsweredSec += v.answeredWaitSec;
    if (v.answeredWaitSec <= th.serviceLevelSec) c.answeredWithinSl++;
  } else if (v.abandonedWaitSec !== null) {
    if (v.abandonedWaitSec <= th.shortAbandonSec) c.shortAbandoned++;
    else c.abandoned++;
  } else if (v.exited) c.exited++;
  if (v.talkSec !== null) {
    c.completed++;
    c.totalTalkSec += v.talkSec;
  }
}

/**
 * The figures. Service level and abandon rate are shares of the calls whose
 * fate is known and that count: a caller still waiting has not yet had the
 * chance to be answered (counting them would make the figure dip at every
 * arrival), and a short abandon was never a real request for service.
 */
export function queueFigures(c: QueueCounters): QueueFigures {
  const settled = c.answered + c.abandoned + c.exited;
  return {
    ...c,
    serviceLevelPct: ratio(100 * c.answeredWithinSl, settled),
    abandonRatePct: ratio(100 * c.abandoned, settled),
    asaSec: ratio(c.totalWaitAnsweredSec, c.answered),
    ahtSec: ratio(c.totalTalkSec, c.completed),
  };
}

/** One decimal; null (never NaN or Infinity) without a denominator. */
function ratio(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10) / 10 : null;
}
