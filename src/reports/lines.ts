import type { Reader } from '../db/reader.js';
import { callsWhere, type DetailFilter, isoSec, percent } from './detail-filter.js';

/**
 * Lines: calls and peak concurrent channels per hour, per SIP trunk (its
 * CDR channels `PJSIP/trunk-<id>-…`), per DID (calls.did) and per E1 span
 * (its CDR channels `DAHDI/…`), with the span's B-channel occupancy.
 *
 * Concurrency is a sweep over the channels' start and end times: a channel
 * that ends when another starts is not concurrent with it. Hours are clock
 * hours (epoch hours, the same as local ones in any whole-hour time zone).
 * A channel that began up to a day before the period and still ran in it
 * counts towards the period's concurrency, not its calls.
 */

export interface HourLine {
  /** Start of the hour, ISO 8601 UTC. */
  hour: string;
  /** Calls whose first channel on the line started in this hour. */
  calls: number;
  /** Most channels in use at once during the hour. */
  peak: number;
}

export interface LineStats {
  calls: number;
  peak: number;
  /** Channel-seconds in use within the period. */
  busySec: number;
  /** Hours with a call or a channel in use, in order. */
  hours: HourLine[];
}

export interface LinesReport {
  from: string;
  to: string;
  trunks: ({ trunkId: number; name: string | null } & LineStats)[];
  dids: ({ did: string } & LineStats)[];
  /**
   * E1 spans seen on DAHDI channels. B-channel occupancy = busy channel-seconds
   * / (30 bearer channels × the period so far).
   */
  e1Spans: ({ span: number; bearerChannels: number; occupancyPct: number | null } & LineStats)[];
}

/** A channel or a call on a line: [start, end) epoch seconds. */
export interface LineInterval {
  key: string;
  linkedid: string;
  start: number;
  end: number;
}

const HOUR = 3600;
const CARRY_IN = 86400;
const hourOf = (t: number) => Math.floor(t / HOUR) * HOUR;
/** Bearer channels of an E1 span (timeslots 1–15 and 17–31). */
export const E1_BEARERS = 30;
/** DAHDI numbers 31 channels per E1 span (timeslot 16 included). */
const E1_CHANNELS_PER_SPAN = 31;

/** Calls, peak per hour and busy seconds of each key, within [from, to). */
export function sweep(intervals: LineInterval[], from: number, to: number): Map<string, LineStats> {
  const byKey = new Map<string, LineInterval[]>();
  for (const iv of intervals) {
    const list = byKey.get(iv.key) ?? [];
    list.push(iv);
    byKey.set(iv.key, list);
  }
  const out = new Map<string, LineStats>();
  for (const [key, list] of byKey) {
    const hours = new Map<number, { calls: number; peak: number }>();
    const hourAt = (h: number) => {
      const x = hours.get(h) ?? { calls: 0, peak: 0 };
      hours.set(h, x);
      return x;
    };
    // a call counts once, in the hour its first channel on this line started
    const firstStart = new Map<string, number>();
    for (const iv of list)
      firstStart.set(iv.linkedid, Math.min(firstStart.get(iv.linkedid) ?? iv.start, iv.start));
    let calls = 0;
    for (const start of firstStart.values()) {
      if (start < from || start >= to) continue;
      calls++;
      hourAt(hourOf(start)).calls++;
    }
    const edges: [number, number][] = [];
    let busySec = 0;
    for (const iv of list) {
      const s = Math.max(iv.start, from);
      const e = Math.min(iv.end, to);
      if (e <= s) continue;
      busySec += e - s;
      edges.push([s, 1], [e, -1]);
    }
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // ends before starts at the same instant
    let level = 0;
    let peak = 0;
    let cursor = hourOf(from);
    for (const [t, d] of edges) {
      const h = hourOf(t);
      // the hours the level was carried into
      while (cursor < h) {
        cursor += HOUR;
        if (level > 0) hourAt(cursor).peak = Math.max(hourAt(cursor).peak, level);
      }
      level += d;
      if (d > 0 && t < to) {
        hourAt(h).peak = Math.max(hourAt(h).peak, level);
        peak = Math.max(peak, level);
      }
    }
    out.set(key, {
      calls,
      peak,
      busySec: Math.round(busySec),
      hours: [...hours]
        .filter(([h]) => h < to)
        .sort((a, b) => a[0] - b[0])
        .map(([h, x]) => ({ hour: isoSec(h), ...x })),
    });
  }
  return out;
}

const SIP_TRUNK = /^PJSIP\/trunk-([0-9]{1,10})-[0-9a-f]+$/i;
/** PRI channels are named by span (`DAHDI/i<span>/<number>-<seq>`), others by channel (`DAHDI/<n>-<seq>`). */
const DAHDI_PRI = /^DAHDI\/i([0-9]{1,3})\//i;
const DAHDI_CHANNEL = /^DAHDI\/([0-9]{1,4})-[0-9]+$/i;

/** The line a CDR channel is on: `trunk:<id>`, `span:<n>`, or null. */
export function lineOf(channel: string): string | null {
  const sip = SIP_TRUNK.exec(channel);
  if (sip) return `trunk:${Number(sip[1])}`;
  const pri = DAHDI_PRI.exec(channel);
  if (pri) return `span:${Number(pri[1])}`;
  const chan = DAHDI_CHANNEL.exec(channel);
  if (chan) return `span:${Math.ceil(Number(chan[1]) / E1_CHANNELS_PER_SPAN)}`;
  return null;
}

/** Channels on trunks: each (call, channel) once, from its first CDR's start to its last one's end. */
const CHANNELS_SQL = (callFilter: string) => `
WITH legs(linkedid, chan, s, e) AS (
  SELECT linkedid, channel, start_at, COALESCE(end_at, start_at) FROM cdr
  WHERE start_at >= ? AND start_at < ? AND (channel LIKE 'PJSIP/trunk-%' OR channel LIKE 'DAHDI/%')
  UNION ALL
  SELECT linkedid, dstchannel, start_at, COALESCE(end_at, start_at) FROM cdr
  WHERE start_at >= ? AND start_at < ? AND (dstchannel LIKE 'PJSIP/trunk-%' OR dstchannel LIKE 'DAHDI/%')
)
SELECT linkedid, chan, MIN(s) AS start, MAX(e) AS end FROM legs
${callFilter}
GROUP BY linkedid, chan`;

const DIDS_SQL = (where: string) => `
SELECT c.linkedid AS linkedid, c.did AS did, c.entered_at AS start, COALESCE(c.ended_at, c.entered_at) AS end
FROM calls c WHERE c.did <> '' AND ${where}`;

export interface LinesFilter extends DetailFilter {
  /** Only this SIP trunk (and no DIDs or spans). */
  trunk?: number;
}

export async function lines(reader: Reader, f: LinesFilter, nowSec: number): Promise<LinesReport> {
  const wide = { ...f, from: f.from - CARRY_IN };
  const filtered = f.queue !== undefined || f.agent !== undefined || f.did !== undefined;
  const cw = callsWhere(wide);
  const callFilter = filtered ? `WHERE linkedid IN (SELECT c.linkedid FROM calls c WHERE ${cw.sql})` : '';
  const period = [wide.from, f.to, wide.from, f.to];
  const [channels, didCalls, trunkNames] = await Promise.all([
    reader.all<{ linkedid: string; chan: string; start: number; end: number }>(CHANNELS_SQL(callFilter), [
      ...period,
      ...(filtered ? cw.params : []),
    ]),
    f.trunk === undefined
      ? reader.all<{ linkedid: string; did: string; start: number; end: number }>(DIDS_SQL(cw.sql), cw.params)
      : Promise.resolve([]),
    reader.all<{ id: number; name: string }>('SELECT id, name FROM trunks'),
  ]);

  const intervals: LineInterval[] = [];
  for (const c of channels) {
    const key = lineOf(c.chan);
    if (key === null) continue;
    if (f.trunk !== undefined && key !== `trunk:${f.trunk}`) continue;
    intervals.push({ key, linkedid: c.linkedid, start: c.start, end: c.end });
  }
  for (const c of didCalls)
    intervals.push({ key: `did:${c.did}`, linkedid: c.linkedid, start: c.start, end: c.end });

  const stats = sweep(intervals, f.from, f.to);
  const names = new Map(trunkNames.map((t) => [t.id, t.name]));
  const elapsed = Math.max(0, Math.min(f.to, nowSec) - f.from);
  const report: LinesReport = { from: isoSec(f.from), to: isoSec(f.to), trunks: [], dids: [], e1Spans: [] };
  for (const [key, s] of [...stats].sort((a, b) => a[0].localeCompare(b[0], 'en', { numeric: true }))) {
    const [kind, id] = key.split(/:(.*)/s) as [string, string];
    if (kind === 'trunk')
      report.trunks.push({ trunkId: Number(id), name: names.get(Number(id)) ?? null, ...s });
    else if (kind === 'did') report.dids.push({ did: id, ...s });
    else {
      report.e1Spans.push({
        span: Number(id),
        bearerChannels: E1_BEARERS,
        occupancyPct: percent(s.busySec, E1_BEARERS * elapsed),
        ...s,
      });
    }
  }
  return report;
}
