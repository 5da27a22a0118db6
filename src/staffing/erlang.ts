/**
 * Erlang C: how many agents a queue needs for a service-level target.
 *
 * The model: calls arrive at random (Poisson) at `calls` per interval, each
 * takes `ahtSec` of an agent, callers wait in an unbounded queue and nobody
 * hangs up. Offered traffic A = calls × AHT / interval, in Erlangs. With N
 * agents (N > A) the chance a caller waits at all is Erlang C(N, A); the
 * chance they wait longer than t seconds is C × e^(−(N − A)·t / AHT).
 *
 * C is computed from Erlang B by its recurrence, B(0) = 1 and
 * B(n) = A·B(n−1) / (n + A·B(n−1)), then C = N·B / (N − A·(1 − B)): no
 * factorials or powers, so it stays exact in floating point for thousands of
 * agents. Real callers abandon, so Erlang C overstates waits slightly: the
 * staffing it gives errs on the safe side.
 */

export interface ErlangInput {
  /** Calls offered in the interval. */
  calls: number;
  /** Length of the interval, seconds (1800 for a half hour). */
  intervalSec: number;
  /** Average handle time, seconds. */
  ahtSec: number;
}

export interface StaffingTarget {
  /** Answer this share of calls (0–1) ... */
  serviceLevel: number;
  /** ... within this many seconds. */
  targetSec: number;
  /** Agents busy at most this share of their time (0–1]; 1 = no limit. */
  maxOccupancy: number;
}

export interface StaffingFigures {
  agents: number;
  /** Offered traffic, Erlangs. */
  erlangs: number;
  /** Chance a caller waits at all. */
  waitProbability: number;
  /** Share answered within the target seconds. */
  serviceLevel: number;
  /** Average speed of answer, seconds. */
  asaSec: number;
  /** Share of the agents' time on calls. */
  occupancy: number;
}

/** Offered traffic in Erlangs. */
export function erlangs({ calls, intervalSec, ahtSec }: ErlangInput): number {
  return (calls * ahtSec) / intervalSec;
}

/** Erlang C: the chance a caller waits, with `agents` agents and `a` Erlangs. 1 when the queue cannot keep up. */
export function erlangC(agents: number, a: number): number {
  if (a <= 0) return 0;
  if (agents <= a) return 1;
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (a * b) / (n + a * b);
  return (agents * b) / (agents - a * (1 - b));
}

/** Service level, ASA and occupancy with `agents` agents. */
export function figuresFor(agents: number, input: ErlangInput, targetSec: number): StaffingFigures {
  const a = erlangs(input);
  const wait = erlangC(agents, a);
  const stable = agents > a;
  const serviceLevel =
    a <= 0 ? 1 : stable ? 1 - wait * Math.exp((-(agents - a) * targetSec) / input.ahtSec) : 0;
  return {
    agents,
    erlangs: a,
    waitProbability: wait,
    serviceLevel,
    asaSec: a <= 0 ? 0 : stable ? (wait * input.ahtSec) / (agents - a) : Number.POSITIVE_INFINITY,
    occupancy: agents > 0 ? Math.min(1, a / agents) : 0,
  };
}

/** The fewest agents that meet the service level and keep occupancy under its maximum. */
export function agentsNeeded(input: ErlangInput, target: StaffingTarget): StaffingFigures {
  const a = erlangs(input);
  if (a <= 0) return figuresFor(0, input, target.targetSec);
  // Occupancy a/N ≤ max gives the floor; below ⌊a⌋+1 the queue grows without bound.
  let n = Math.max(Math.floor(a) + 1, Math.ceil(a / target.maxOccupancy));
  for (;;) {
    const figures = figuresFor(n, input, target.targetSec);
    if (figures.serviceLevel >= target.serviceLevel) return figures;
    n++;
  }
}
