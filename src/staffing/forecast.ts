/**
 * The forecast for one queue and day, per half hour: the mean of the same
 * weekday's same half hour over the last N weeks (weeks without calls count
 * as zero, so a quiet week pulls the mean down as it should). Handle time is
 * the mean talk time of the answered calls in that half hour over those
 * weeks; a half hour with no answered call takes the mean over the whole
 * sample. The queue's wrap-up time is added, since agents are unavailable
 * for it. A plain method on purpose: it is easy to check by hand, and a
 * supervisor can see why a figure is what it is.
 */

export const SLOT_SEC = 1800;
export const SLOTS_PER_DAY = 48;

/** What one half hour of one past week held. */
export interface SlotSample {
  slot: number;
  offered: number;
  answered: number;
  talkSec: number;
}

export interface SlotForecast {
  slot: number;
  /** Mean calls offered. */
  calls: number;
  /** Mean handle time in seconds (talk + wrap-up); null when the sample has no answered call at all. */
  ahtSec: number | null;
}

export function forecastSlots(samples: SlotSample[], weeks: number, wrapUpSec: number): SlotForecast[] {
  const sum = Array.from({ length: SLOTS_PER_DAY }, () => ({ offered: 0, answered: 0, talkSec: 0 }));
  const total = { answered: 0, talkSec: 0 };
  for (const s of samples) {
    const into = sum[s.slot];
    if (!into) continue; // outside the day (a 25-hour day's last hour)
    into.offered += s.offered;
    into.answered += s.answered;
    into.talkSec += s.talkSec;
    total.answered += s.answered;
    total.talkSec += s.talkSec;
  }
  const overallTalk = total.answered > 0 ? total.talkSec / total.answered : null;
  return sum.map((s, slot) => {
    const talk = s.answered > 0 ? s.talkSec / s.answered : overallTalk;
    return {
      slot,
      calls: weeks > 0 ? s.offered / weeks : 0,
      ahtSec: talk === null ? null : talk + wrapUpSec,
    };
  });
}

/** An agent's login spans within a day, as [from, to) epoch ms. */
export type Span = [number, number];

/** Time-weighted mean of agents logged in per half hour from `dayStartMs`. */
export function loggedInPerSlot(spans: Span[], dayStartMs: number): number[] {
  const slotMs = SLOT_SEC * 1000;
  const out = new Array<number>(SLOTS_PER_DAY).fill(0);
  for (const [from, to] of spans) {
    for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
      const start = dayStartMs + slot * slotMs;
      const overlap = Math.min(to, start + slotMs) - Math.max(from, start);
      if (overlap > 0) out[slot] = (out[slot] ?? 0) + overlap / slotMs;
    }
  }
  return out;
}

/**
 * Login spans from an agent's login/logout events in time order, given
 * whether they were logged in when `fromMs` began; a span still open is
 * closed at `toMs`.
 */
export function loginSpans(
  loggedInAtStart: boolean,
  events: { event: string; at: number }[],
  fromMs: number,
  toMs: number,
): Span[] {
  const spans: Span[] = [];
  let since: number | null = loggedInAtStart ? fromMs : null;
  for (const e of events) {
    if (e.event === 'login' && since === null) since = e.at;
    if (e.event === 'logout' && since !== null) {
      spans.push([since, e.at]);
      since = null;
    }
  }
  if (since !== null) spans.push([since, toMs]);
  return spans;
}
