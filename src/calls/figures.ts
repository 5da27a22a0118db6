import type { QueueCounters } from '../metrics/queue-figures.js';

/**
 * Per-queue counters of a period from queue_events (app_queue's queue_log,
 * the same facts the live model counts), for the one figures function in
 * src/metrics/queue-figures.ts. The inner query folds each visit (queue,
 * caller uniqueid) to one fate the way countVisit() does: answered beats
 * abandoned beats exited; the outer one sums the visits per queue.
 *
 * A visit counts in the period when one of its events is in it: a call that
 * joined before midnight and was answered after counts today, as it does on
 * the live stream after its midnight reset.
 */
const OFFER_EVENTS = ['ENTERQUEUE', 'CONNECT', 'ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY'];
const EXIT_EVENTS = ['EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY'];
const TALK_EVENTS = ['COMPLETEAGENT', 'COMPLETECALLER', 'TRANSFER', 'BLINDTRANSFER', 'ATTENDEDTRANSFER'];
const list = (a: string[]) => a.map((e) => `'${e}'`).join(', ');

/** One row per queue section. */
export interface QueueCountersRow extends QueueCounters {
  queue: string;
}

/**
 * Field positions: CONNECT holdtime|…; ABANDON position|origposition|waittime;
 * COMPLETE* holdtime|calltime|…; transfers …|holdtime|calltime|origposition,
 * where ATTENDEDTRANSFER LINK carries one field more (calltime in data5).
 */
const SQL = `
WITH visit AS (
  SELECT queue, callid,
    MAX(event IN (${list(OFFER_EVENTS)})) AS offered,
    MAX(CASE WHEN event = 'CONNECT' THEN MAX(CAST(data1 AS INTEGER), 0) END) AS answered_wait,
    MAX(CASE WHEN event = 'ABANDON' THEN MAX(CAST(data3 AS INTEGER), 0) END) AS abandoned_wait,
    MAX(event IN (${list(EXIT_EVENTS)})) AS exited,
    MAX(CASE
      WHEN event IN ('COMPLETEAGENT', 'COMPLETECALLER') THEN MAX(CAST(data2 AS INTEGER), 0)
      WHEN event = 'ATTENDEDTRANSFER' AND data1 = 'LINK' THEN MAX(CAST(data5 AS INTEGER), 0)
      WHEN event IN (${list(TALK_EVENTS)}) THEN MAX(CAST(data4 AS INTEGER), 0)
    END) AS talk
  FROM queue_events
  WHERE at >= ? AND at < ? AND callid NOT IN ('NONE', 'MANAGER') AND queue <> 'NONE'
    AND event IN (${list([...OFFER_EVENTS, ...TALK_EVENTS])})
  GROUP BY queue, callid
),
sl(queue, sec) AS (
  SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)
)
SELECT v.queue AS queue,
  SUM(v.offered) AS offered,
  SUM(v.answered_wait IS NOT NULL) AS answered,
  SUM(v.answered_wait IS NOT NULL AND v.answered_wait <= COALESCE(sl.sec, ?)) AS answeredWithinSl,
  SUM(v.answered_wait IS NULL AND v.abandoned_wait > ?) AS abandoned,
  SUM(v.answered_wait IS NULL AND v.abandoned_wait <= ?) AS shortAbandoned,
  SUM(v.answered_wait IS NULL AND v.abandoned_wait IS NULL AND v.exited) AS exited,
  COALESCE(SUM(v.answered_wait), 0) AS totalWaitAnsweredSec,
  SUM(v.talk IS NOT NULL) AS completed,
  COALESCE(SUM(v.talk), 0) AS totalTalkSec
FROM visit v LEFT JOIN sl ON sl.queue = v.queue
GROUP BY v.queue
ORDER BY v.queue`;

/**
 * The query and its parameters. `from`/`to` are epoch seconds (to exclusive);
 * `serviceLevelSec` maps a section to its threshold, `defaultServiceLevelSec`
 * applies to the others.
 */
export function queueCountersSql(p: {
  from: number;
  to: number;
  serviceLevelSec: Map<string, number>;
  defaultServiceLevelSec: number;
  shortAbandonSec: number;
}): { sql: string; params: unknown[] } {
  return {
    sql: SQL,
    params: [
      p.from,
      p.to,
      JSON.stringify([...p.serviceLevelSec]),
      p.defaultServiceLevelSec,
      p.shortAbandonSec,
      p.shortAbandonSec,
    ],
  };
}
