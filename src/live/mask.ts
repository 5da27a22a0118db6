import type { AgentView, CallView, LiveDelta, LiveSnapshot, QueueView } from './types.js';

/**
 * Callers' numbers as agents and wallboards see them by default: a run of 7
 * or more digits keeps its first 3 and last 4 (2 and 2 below 11 digits) with
 * `****` between, whatever its length (13800138000 → 138****8000). Shorter
 * runs are extensions and service numbers and stay as they are.
 */
export function maskNumber(text: string): string {
  return text.replace(/[0-9]{7,}/g, (d) => {
    const [head, tail] = d.length >= 11 ? [3, 4] : [2, 2];
    return `${d.slice(0, head)}****${d.slice(-tail)}`;
  });
}

const maskQueue = (q: QueueView): QueueView => ({
  ...q,
  waiting: q.waiting.map((c) => ({
    ...c,
    callerIdNum: maskNumber(c.callerIdNum),
    callerIdName: maskNumber(c.callerIdName),
  })),
});

const maskAgent = (a: AgentView): AgentView =>
  a.call ? { ...a, call: { ...a.call, callerIdNum: maskNumber(a.call.callerIdNum) } } : a;

const maskCall = (c: CallView): CallView => ({ ...c, from: maskNumber(c.from), to: maskNumber(c.to) });

function mapValues<T>(
  rec: Record<string, T | null> | undefined,
  fn: (v: T) => T,
): Record<string, T | null> | undefined {
  if (!rec) return rec;
  const out: Record<string, T | null> = {};
  for (const [k, v] of Object.entries(rec)) out[k] = v === null ? null : fn(v);
  return out;
}

/** A snapshot or delta with every caller's number masked (the entities that carry them, copied). */
export function maskLive<T extends LiveSnapshot | LiveDelta>(x: T): T {
  return {
    ...x,
    queues: mapValues(x.queues, maskQueue),
    agents: mapValues(x.agents, maskAgent),
    calls: mapValues(x.calls, maskCall),
  };
}
