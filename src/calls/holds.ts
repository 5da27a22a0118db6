import type { CdrForCall, HoldRow } from './rows.js';

/** A seat's own channel (PJSIP/1001-0000002a): its hold is that agent's. */
const SEAT_CHANNEL = /^PJSIP\/([0-9]{2,8})-[0-9a-f]+$/i;
export const seatOfChannel = (channel: string): string => SEAT_CHANNEL.exec(channel)?.[1] ?? '';

/**
 * When a channel's open hold ends if no Unhold or hangup was seen (hotlined
 * was down): the end of that channel's CDR leg, where it is party A or B;
 * null while the leg has no ended CDR (the channel may still be up).
 */
export function legEnd(cdrs: CdrForCall[], h: Pick<HoldRow, 'uniqueid' | 'channel'>): number | null {
  const ends = cdrs
    .filter((r) => r.channel === h.channel || r.dstchannel === h.channel || r.uniqueid === h.uniqueid)
    .map((r) => r.end_at)
    .filter((v): v is number => v !== null);
  return ends.length > 0 ? Math.max(...ends) : null;
}

/**
 * Pure: the seconds `agent`'s channels were on hold between `from` and `to`
 * (epoch seconds). An open interval ends at its leg's CDR end, else at `to`;
 * overlapping intervals (two channels of the same seat) count once.
 */
export function holdSeconds(
  holds: HoldRow[],
  cdrs: CdrForCall[],
  agent: string,
  from: number,
  to: number | null,
): number {
  if (agent === '') return 0;
  const spans: [number, number][] = [];
  for (const h of holds) {
    if (h.agent !== agent) continue;
    const end = h.end_at ?? legEnd(cdrs, h) ?? to;
    if (end === null) continue;
    const a = Math.max(h.start_at, from);
    const b = to === null ? end : Math.min(end, to);
    if (b > a) spans.push([a, b]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const s of spans) {
    if (cur && s[0] <= cur[1]) cur[1] = Math.max(cur[1], s[1]);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [...s];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return Math.round(total);
}
