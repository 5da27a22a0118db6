import { extCompare } from './pattern.js';
import type { InboundRoute } from './schema.js';

/**
 * The order in which Asterisk tries the generated extensions of
 * [hotline-inbound]: by DID (exact before pattern, then ext_cmp); for the
 * same DID, an extension with a caller-ID match before the one without
 * (pbx.c add_extension orders matchcid on before off), and caller patterns
 * among themselves by ext_cmp. The first that matches both numbers wins.
 */
export function compareRoutes(a: Pick<InboundRoute, 'did' | 'callerId' | 'id'>, b: typeof a): number {
  const byDid = extCompare(a.did, b.did);
  if (byDid) return byDid;
  if ((a.callerId === null) !== (b.callerId === null)) return a.callerId === null ? 1 : -1;
  if (a.callerId !== null && b.callerId !== null) {
    const byCid = extCompare(a.callerId, b.callerId);
    if (byCid) return byCid;
  }
  return a.id - b.id;
}

/** Routes in precedence order with their rank (1 first); disabled routes last, unranked. */
export function ranked<T extends InboundRoute>(routes: T[]): (T & { rank: number | null })[] {
  const on = routes.filter((r) => r.enabled).sort(compareRoutes);
  const off = routes.filter((r) => !r.enabled).sort((a, b) => a.id - b.id);
  return [...on.map((r, i) => ({ ...r, rank: i + 1 })), ...off.map((r) => ({ ...r, rank: null }))];
}
