import type { Reader } from '../db/reader.js';
import { localDate } from '../kit/local-time.js';
import type { QueueService } from '../queues/service.js';
import { agentsNeeded, type StaffingTarget } from './erlang.js';
import {
  forecastSlots,
  loggedInPerSlot,
  loginSpans,
  SLOT_SEC,
  SLOTS_PER_DAY,
  type SlotSample,
} from './forecast.js';
import type { DayQuery, ErlangQuery, StaffingDay, StaffingSlot } from './schema.js';

export interface WhatIf {
  agents: number;
  erlangs: number;
  serviceLevelPct: number;
  asaSec: number;
  occupancyPct: number;
  waitProbabilityPct: number;
}

export interface StaffingService {
  /** Agents for a given load and target: the what-if calculator. */
  whatIf(q: ErlangQuery): WhatIf;
  /** Forecast vs needed vs logged-in agents per half hour of one day of one queue. */
  day(q: DayQuery): Promise<StaffingDay>;
}

const round = (x: number, places = 1) => Number(x.toFixed(places));

/** Local midnight of `date` moved by `days`, in the box's time zone (the daemon's). */
function localDay(date: string, days = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days);
}
const timeOfSlot = (slot: number) =>
  `${String(Math.floor(slot / 2)).padStart(2, '0')}:${slot % 2 === 0 ? '00' : '30'}`;

const SAMPLE_SQL = `
SELECT CAST((entered_at - ?) / ${SLOT_SEC} AS INTEGER) AS slot,
  COUNT(*) AS offered,
  SUM(outcome = 'answered') AS answered,
  COALESCE(SUM(CASE WHEN outcome = 'answered' THEN talk_seconds END), 0) AS talkSec
FROM calls WHERE queue_id = ? AND entered_at >= ? AND entered_at < ?
GROUP BY slot`;

// Agents of the queue: their last login/logout before the day, and those within it.
const MEMBERS = 'SELECT agent_id FROM agent_skills WHERE queue_id = ?';
const STATE_AT_START_SQL = `
SELECT e.agent_id AS agentId, e.event FROM agent_events e
WHERE e.agent_id IN (${MEMBERS}) AND e.event IN ('login', 'logout')
  AND e.id = (SELECT id FROM agent_events x WHERE x.agent_id = e.agent_id
              AND x.event IN ('login', 'logout') AND x.at < ? ORDER BY x.at DESC, x.id DESC LIMIT 1)`;
const EVENTS_SQL = `
SELECT agent_id AS agentId, event, at FROM agent_events
WHERE agent_id IN (${MEMBERS}) AND event IN ('login', 'logout') AND at >= ? AND at < ?
ORDER BY at, id`;

function target(q: ErlangQuery | DayQuery, defaultTargetSec: number): StaffingTarget {
  return {
    serviceLevel: q.serviceLevelPct / 100,
    targetSec: q.targetSeconds ?? defaultTargetSec,
    maxOccupancy: q.maxOccupancyPct / 100,
  };
}

export function createStaffingService(deps: {
  reader: Reader;
  queues: Pick<QueueService, 'get'>;
  now?: () => number;
}): StaffingService {
  const { reader, queues } = deps;
  const now = deps.now ?? Date.now;

  async function loggedIn(queueId: number, fromMs: number, toMs: number): Promise<number[]> {
    const [atStart, events] = await Promise.all([
      reader.all<{ agentId: number; event: string }>(STATE_AT_START_SQL, [queueId, fromMs]),
      reader.all<{ agentId: number; event: string; at: number }>(EVENTS_SQL, [queueId, fromMs, toMs]),
    ]);
    const agents = new Set([...atStart.map((r) => r.agentId), ...events.map((e) => e.agentId)]);
    const wasIn = new Set(atStart.filter((r) => r.event === 'login').map((r) => r.agentId));
    const spans = [...agents].flatMap((id) =>
      loginSpans(
        wasIn.has(id),
        events.filter((e) => e.agentId === id),
        fromMs,
        Math.min(toMs, now()),
      ),
    );
    return loggedInPerSlot(spans, fromMs);
  }

  return {
    whatIf(q) {
      const f = agentsNeeded(
        { calls: q.calls, intervalSec: q.intervalMinutes * 60, ahtSec: q.ahtSeconds },
        target(q, 20),
      );
      return {
        agents: f.agents,
        erlangs: round(f.erlangs, 2),
        serviceLevelPct: round(f.serviceLevel * 100),
        asaSec: round(f.asaSec),
        occupancyPct: round(f.occupancy * 100),
        waitProbabilityPct: round(f.waitProbability * 100),
      };
    },

    async day(q) {
      const queue = queues.get(q.queueId);
      const goal = target(q, queue.settings.serviceLevelSeconds);
      const weeksBack = Array.from({ length: q.weeks }, (_, i) => localDay(q.date, -7 * (q.weeks - i)));
      const samples = (
        await Promise.all(
          weeksBack.map((day) => {
            const from = day.getTime() / 1000;
            const to = localDay(localDate(day), 1).getTime() / 1000;
            return reader.all<SlotSample>(SAMPLE_SQL, [from, q.queueId, from, to]);
          }),
        )
      ).flat();
      const forecast = forecastSlots(samples, q.weeks, queue.settings.wrapUpSeconds);
      const dayStart = localDay(q.date).getTime();
      const started = dayStart <= now();
      const actual = started ? await loggedIn(q.queueId, dayStart, localDay(q.date, 1).getTime()) : null;
      const slots: StaffingSlot[] = forecast.map((f) => {
        const need =
          f.calls > 0 && f.ahtSec !== null
            ? agentsNeeded({ calls: f.calls, intervalSec: SLOT_SEC, ahtSec: f.ahtSec }, goal)
            : null;
        return {
          time: timeOfSlot(f.slot),
          forecastCalls: round(f.calls, 2),
          forecastAhtSec: f.ahtSec === null ? null : round(f.ahtSec),
          agentsNeeded: need?.agents ?? 0,
          serviceLevelPct: need ? round(need.serviceLevel * 100) : null,
          occupancyPct: need ? round(need.occupancy * 100) : null,
          loggedIn: actual ? round(actual[f.slot] ?? 0, 2) : null,
        };
      });
      return {
        queueId: q.queueId,
        date: q.date,
        weeks: q.weeks,
        sampledDates: weeksBack.map(localDate),
        serviceLevelPct: q.serviceLevelPct,
        targetSeconds: goal.targetSec,
        maxOccupancyPct: q.maxOccupancyPct,
        slots: slots.slice(0, SLOTS_PER_DAY),
      };
    },
  };
}
