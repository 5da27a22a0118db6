import type { Reader } from '../db/reader.js';
import { callsWhere, type DetailFilter, isoSec, percent } from './detail-filter.js';

/**
 * Agent performance over a period (docs/metrics.md, "Detail reports"):
 * call figures from the calls table (calls that entered in the period),
 * missed offers from queue_events (app_queue's RINGNOANSWER), dispositions
 * from call_wrapups, and logged-in and pause time from agent_events (login /
 * logout / pause / unpause, epoch ms) clipped to the period.
 */

export interface AgentPerformance {
  /** Seat extension. */
  agent: string;
  /** The agent record's name; null for a seat that is not an agent (a direct call). */
  name: string | null;
  answered: number;
  talkSec: number;
  /** The answered calls' hold_seconds: the agent's side on hold (AMI Hold to Unhold), part of talk. */
  holdSec: number;
  /** Each answered queue call counts its queue's wrap-up seconds (app_queue's `wrapuptime`). */
  wrapUpSec: number;
  loggedInSec: number;
  pausedSec: number;
  /** Pause time while logged in, per reason ('' for a pause without one), longest first. */
  pauses: { reason: string; seconds: number }[];
  /** (talk + wrap-up) / (logged in − paused) × 100; null when that is not positive. */
  occupancyPct: number | null;
  /** Times a queue rang the agent and nobody answered (RINGNOANSWER). */
  missedOffers: number;
  /** Wrap-ups of the agent's calls in the period, per disposition code, most first. */
  dispositions: { disposition: string; count: number }[];
}

export interface AgentPerformanceReport {
  from: string;
  to: string;
  agents: AgentPerformance[];
}

/** One agent_events row. */
export interface AgentEvent {
  event: 'login' | 'logout' | 'pause' | 'unpause';
  reason: string | null;
  at: number;
}

/** Where an agent stood when the period began. */
export interface StateAtStart {
  loggedIn: boolean;
  /** The reason of a pause under way ('' without one), or null when not paused. */
  pausedFor: string | null;
}

/**
 * Logged-in and pause time (ms) between `fromMs` and `toMs` from the
 * agent's events in time order. A pause counts only while logged in: it ends
 * at unpause, at logout, or at the end; a new pause while paused changes the
 * reason from then on.
 */
export function presence(
  start: StateAtStart,
  events: AgentEvent[],
  fromMs: number,
  toMs: number,
): { loggedInMs: number; pausedMs: Map<string, number> } {
  let loginAt: number | null = start.loggedIn ? fromMs : null;
  let pause: { reason: string; at: number } | null =
    start.loggedIn && start.pausedFor !== null ? { reason: start.pausedFor, at: fromMs } : null;
  let loggedInMs = 0;
  const pausedMs = new Map<string, number>();
  const endPause = (at: number) => {
    if (!pause) return;
    pausedMs.set(pause.reason, (pausedMs.get(pause.reason) ?? 0) + Math.max(0, at - pause.at));
    pause = null;
  };
  for (const e of events) {
    const at = Math.min(Math.max(e.at, fromMs), toMs);
    if (e.event === 'login' && loginAt === null) loginAt = at;
    else if (e.event === 'logout' && loginAt !== null) {
      endPause(at);
      loggedInMs += at - loginAt;
      loginAt = null;
    } else if (e.event === 'pause' && loginAt !== null) {
      endPause(at);
      pause = { reason: e.reason ?? '', at };
    } else if (e.event === 'unpause') endPause(at);
  }
  endPause(toMs);
  if (loginAt !== null) loggedInMs += toMs - loginAt;
  return { loggedInMs, pausedMs };
}

interface CallFigures {
  agent: string;
  answered: number;
  talkSec: number;
  holdSec: number;
  wrapUpSec: number;
}

/** Each answered queue call adds its queue's wrap-up seconds (the queues' default, 5, when unset). */
const CALLS_SQL = (where: string) => `
SELECT c.agent AS agent, COUNT(*) AS answered, COALESCE(SUM(c.talk_seconds), 0) AS talkSec,
  COALESCE(SUM(c.hold_seconds), 0) AS holdSec,
  COALESCE(SUM(CASE WHEN c.queue_id IS NULL THEN 0
    ELSE COALESCE(json_extract(q.settings, '$.wrapUpSeconds'), 5) END), 0) AS wrapUpSec
FROM calls c LEFT JOIN queues q ON q.id = c.queue_id
WHERE c.outcome = 'answered' AND c.agent <> '' AND ${where}
GROUP BY c.agent`;

const DISPOSITIONS_SQL = (where: string) => `
SELECT w.agent AS agent, w.disposition AS disposition, COUNT(*) AS count
FROM call_wrapups w JOIN calls c ON c.linkedid = w.linkedid
WHERE ${where}
GROUP BY w.agent, w.disposition`;

/** queue_log names a call by its caller channel's uniqueid; the DID is on that channel's CDR. */
function missedSql(f: DetailFilter): { sql: string; params: unknown[] } {
  const parts = ["qe.event = 'RINGNOANSWER'", 'qe.at >= ?', 'qe.at < ?'];
  const params: unknown[] = [f.from, f.to];
  if (f.queue !== undefined) {
    parts.push('qe.queue_id = ?');
    params.push(f.queue);
  }
  if (f.agent !== undefined) {
    parts.push('qe.agent = ?');
    params.push(f.agent);
  }
  if (f.did !== undefined) {
    parts.push('EXISTS (SELECT 1 FROM cdr d WHERE d.uniqueid = qe.callid AND d.did = ?)');
    params.push(f.did);
  }
  return {
    sql: `SELECT qe.agent AS agent, COUNT(*) AS missed FROM queue_events qe WHERE ${parts.join(' AND ')} GROUP BY qe.agent`,
    params,
  };
}

// The last login/logout and the last pause/unpause before the period, per agent.
const LAST_BEFORE_SQL = (events: string) => `
SELECT e.extension AS agent, e.event AS event, e.reason AS reason, e.at AS at FROM agent_events e
WHERE e.event IN (${events}) AND e.id = (
  SELECT x.id FROM agent_events x WHERE x.agent_id = e.agent_id AND x.event IN (${events}) AND x.at < ?
  ORDER BY x.at DESC, x.id DESC LIMIT 1)`;
const EVENTS_SQL = `
SELECT extension AS agent, event, reason, at FROM agent_events WHERE at >= ? AND at < ? ORDER BY at, id`;

const AGENTS_SQL = `
SELECT a.extension AS agent, a.name AS name,
  EXISTS (SELECT 1 FROM agent_skills s WHERE s.agent_id = a.id AND s.queue_id = ?) AS inQueue
FROM agents a`;

type EventRow = AgentEvent & { agent: string };

function startState(lastLogin: EventRow | undefined, lastPause: EventRow | undefined): StateAtStart {
  const loggedIn = lastLogin?.event === 'login';
  // a pause from before the current login was ended by the logout in between
  const paused = loggedIn && lastPause?.event === 'pause' && lastPause.at >= lastLogin!.at;
  return { loggedIn, pausedFor: paused ? (lastPause!.reason ?? '') : null };
}

const byDesc = <T>(m: Map<string, number>, make: (k: string, v: number) => T) =>
  [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, v]) => make(k, v));

/**
 * The report. With a queue filter, call figures are that queue's and the
 * agents listed are its members plus whoever took its calls; logged-in and
 * pause time are the agent's whole time (app_queue has no per-queue login).
 */
export async function agentPerformance(
  reader: Reader,
  f: DetailFilter,
  nowMs: number,
): Promise<AgentPerformanceReport> {
  const w = callsWhere(f);
  const missed = missedSql(f);
  const fromMs = f.from * 1000;
  const toMs = Math.min(f.to * 1000, Math.max(nowMs, fromMs));
  const [calls, dispositions, missedRows, agents, lastLogins, lastPauses, events] = await Promise.all([
    reader.all<CallFigures>(CALLS_SQL(w.sql), w.params),
    reader.all<{ agent: string; disposition: string; count: number }>(DISPOSITIONS_SQL(w.sql), w.params),
    reader.all<{ agent: string; missed: number }>(missed.sql, missed.params),
    reader.all<{ agent: string; name: string; inQueue: number }>(AGENTS_SQL, [f.queue ?? 0]),
    reader.all<EventRow>(LAST_BEFORE_SQL("'login', 'logout'"), [fromMs]),
    reader.all<EventRow>(LAST_BEFORE_SQL("'pause', 'unpause'"), [fromMs]),
    reader.all<EventRow>(EVENTS_SQL, [fromMs, toMs]),
  ]);

  const names = new Map(agents.map((a) => [a.agent, a.name]));
  const wanted = new Set<string>();
  for (const a of agents) if (f.queue === undefined || a.inQueue) wanted.add(a.agent);
  for (const r of [...calls, ...missedRows, ...dispositions]) wanted.add(r.agent);
  if (f.agent !== undefined) for (const a of [...wanted]) if (a !== f.agent) wanted.delete(a);

  const callsOf = new Map(calls.map((c) => [c.agent, c]));
  const missedOf = new Map(missedRows.map((m) => [m.agent, m.missed]));
  const loginOf = new Map(lastLogins.map((e) => [e.agent, e]));
  const pauseOf = new Map(lastPauses.map((e) => [e.agent, e]));
  const eventsOf = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = eventsOf.get(e.agent) ?? [];
    list.push(e);
    eventsOf.set(e.agent, list);
  }

  const out: AgentPerformance[] = [];
  for (const agent of [...wanted].sort()) {
    const c = callsOf.get(agent) ?? { answered: 0, talkSec: 0, holdSec: 0, wrapUpSec: 0 };
    const p = presence(
      startState(loginOf.get(agent), pauseOf.get(agent)),
      eventsOf.get(agent) ?? [],
      fromMs,
      toMs,
    );
    const pausedMs = [...p.pausedMs.values()].reduce((a, b) => a + b, 0);
    const loggedInSec = Math.round(p.loggedInMs / 1000);
    const pausedSec = Math.round(pausedMs / 1000);
    const disp = new Map(dispositions.filter((d) => d.agent === agent).map((d) => [d.disposition, d.count]));
    const row: AgentPerformance = {
      agent,
      name: names.get(agent) ?? null,
      answered: c.answered,
      talkSec: c.talkSec,
      holdSec: c.holdSec,
      wrapUpSec: c.wrapUpSec,
      loggedInSec,
      pausedSec,
      pauses: byDesc(p.pausedMs, (reason, ms) => ({ reason, seconds: Math.round(ms / 1000) })),
      occupancyPct: percent(c.talkSec + c.wrapUpSec, loggedInSec - pausedSec),
      missedOffers: missedOf.get(agent) ?? 0,
      dispositions: byDesc(disp, (disposition, count) => ({ disposition, count })),
    };
    const idle = row.answered === 0 && row.loggedInSec === 0 && row.missedOffers === 0;
    if (!idle || row.dispositions.length > 0) out.push(row);
  }
  return { from: isoSec(f.from), to: isoSec(f.to), agents: out };
}
