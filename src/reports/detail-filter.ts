/**
 * What the detail reports (agents, IVR funnel, lines, callers) take: a
 * resolved period in epoch seconds, `to` exclusive, and the usual filters.
 */
export interface DetailFilter {
  from: number;
  to: number;
  /** Queue id: the queue a call was last in. */
  queue?: number;
  /** Seat extension of the agent who took the call. */
  agent?: string;
  /** The DID the caller dialled. */
  did?: string;
}

/**
 * The WHERE of "calls entered in the period that match the filters", on the
 * calls table aliased `alias`, with its parameters in order.
 */
export function callsWhere(f: DetailFilter, alias = 'c'): { sql: string; params: unknown[] } {
  const parts = [`${alias}.entered_at >= ?`, `${alias}.entered_at < ?`];
  const params: unknown[] = [f.from, f.to];
  if (f.queue !== undefined) {
    parts.push(`${alias}.queue_id = ?`);
    params.push(f.queue);
  }
  if (f.agent !== undefined) {
    parts.push(`${alias}.agent = ?`);
    params.push(f.agent);
  }
  if (f.did !== undefined) {
    parts.push(`${alias}.did = ?`);
    params.push(f.did);
  }
  return { sql: parts.join(' AND '), params };
}

/** `part / whole` as a percentage to one decimal; null (never NaN) when `whole` is not positive. */
export const percent = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;

/** Epoch seconds as the API shows a time (ISO 8601, UTC). */
export const isoSec = (sec: number): string => new Date(sec * 1000).toISOString();
