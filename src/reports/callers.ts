import type { Reader } from '../db/reader.js';
import { callsWhere, type DetailFilter, isoSec, percent } from './detail-filter.js';

/**
 * Callers: who called again, and who called most. Only inbound calls with a
 * caller number count (a withheld number, '' or `anonymous`, is not a
 * caller one can follow).
 *
 * A caller *called again within W* when one of their calls in the period
 * (that matches the filters) was followed by another inbound call from the
 * same number, to any queue or DID, at most W after it; the later call may
 * fall after the period's end. The repeat rate is the share of the period's
 * callers who did: a first-contact-resolution proxy (a caller whose problem
 * was solved has no reason to call back).
 */

export interface RepeatFigures {
  windowSec: number;
  /** Callers who called again within the window. */
  callers: number;
  /** Of all callers in the period (%, one decimal); null without callers. */
  pct: number | null;
}

export interface TopCaller {
  number: string;
  /** The customer record's name when the number is one of a customer's. */
  customer: string | null;
  calls: number;
  answered: number;
  /** The caller's last call in the period, ISO 8601 UTC. */
  lastCall: string;
}

export interface CallersReport {
  from: string;
  to: string;
  /** Distinct caller numbers in the period. */
  callers: number;
  /** Their calls. */
  calls: number;
  repeat24h: RepeatFigures;
  repeat7d: RepeatFigures;
  top: TopCaller[];
}

export const DAY_SEC = 86400;
export const WEEK_SEC = 7 * DAY_SEC;

const KNOWN_CALLER = "c.direction = 'inbound' AND c.caller <> '' AND lower(c.caller) <> 'anonymous'";

/**
 * Every inbound call of the period's callers from the period's start to a
 * week after its end, each with the time of that caller's next call; `hit`
 * marks the calls of the period that match the filters.
 */
const REPEAT_SQL = (where: string) => `
WITH mine AS (SELECT DISTINCT c.caller FROM calls c WHERE ${KNOWN_CALLER} AND ${where}),
seq AS (
  SELECT c.caller, c.entered_at,
    (${where}) AS hit,
    LEAD(c.entered_at) OVER (PARTITION BY c.caller ORDER BY c.entered_at, c.id) AS next_at
  FROM calls c JOIN mine m ON m.caller = c.caller
  WHERE c.direction = 'inbound' AND c.entered_at >= ? AND c.entered_at < ?
)
SELECT COUNT(DISTINCT caller) AS callers, SUM(hit) AS calls,
  COUNT(DISTINCT CASE WHEN next_at - entered_at <= ${DAY_SEC} THEN caller END) AS repeat24h,
  COUNT(DISTINCT CASE WHEN next_at - entered_at <= ${WEEK_SEC} THEN caller END) AS repeat7d
FROM seq WHERE hit`;

const TOP_SQL = (where: string) => `
SELECT c.caller AS number, COUNT(*) AS calls, SUM(c.outcome = 'answered') AS answered,
  MAX(c.entered_at) AS last, cu.name AS customer
FROM calls c
LEFT JOIN customer_numbers n ON n.number = c.caller
LEFT JOIN customers cu ON cu.id = n.customer_id
WHERE ${KNOWN_CALLER} AND ${where}
GROUP BY c.caller
ORDER BY calls DESC, last DESC, c.caller
LIMIT ?`;

export async function callers(reader: Reader, f: DetailFilter, top: number): Promise<CallersReport> {
  const w = callsWhere(f);
  const [sum, rows] = await Promise.all([
    reader.get<{ callers: number; calls: number | null; repeat24h: number; repeat7d: number }>(
      REPEAT_SQL(w.sql),
      [...w.params, ...w.params, f.from, f.to + WEEK_SEC],
    ),
    reader.all<{ number: string; calls: number; answered: number; last: number; customer: string | null }>(
      TOP_SQL(w.sql),
      [...w.params, top],
    ),
  ]);
  const n = sum?.callers ?? 0;
  return {
    from: isoSec(f.from),
    to: isoSec(f.to),
    callers: n,
    calls: sum?.calls ?? 0,
    repeat24h: { windowSec: DAY_SEC, callers: sum?.repeat24h ?? 0, pct: percent(sum?.repeat24h ?? 0, n) },
    repeat7d: { windowSec: WEEK_SEC, callers: sum?.repeat7d ?? 0, pct: percent(sum?.repeat7d ?? 0, n) },
    top: rows.map((r) => ({
      number: r.number,
      customer: r.customer,
      calls: r.calls,
      answered: r.answered,
      lastCall: isoSec(r.last),
    })),
  };
}
