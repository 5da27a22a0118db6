import type { Principal } from '../http/principal.js';
import type { E1Trunk } from './schema.js';

/** An E1 trunk before it has an id (create) or with its merged fields (update). */
export type NewE1Trunk = Omit<E1Trunk, 'id' | 'createdAt' | 'updatedAt'>;

/**
 * What the trunks domain needs from the hardware domain for E1 trunks, which
 * plugs itself in with `attachE1` (src/hardware/index.ts). The trunk rows
 * stay here; the DAHDI files, dahdi_cfg and the chan_dahdi restart are the
 * hardware domain's.
 */
export interface E1Support {
  /** Throws a validation error naming the field when the trunk cannot run on its port. */
  check(trunk: NewE1Trunk, selfId: number | null): void;
  /**
   * Applies a change that alters the DAHDI plan: like ConfigApplier.change,
   * plus dahdi_cfg and the least disruptive chan_dahdi step. Refuses (409)
   * when live DAHDI calls would drop and `confirm` is false.
   */
  change<T>(
    mutate: () => T,
    onCommit: (result: T) => void,
    opts: { confirm: boolean; actor?: { principal: Principal; ip?: string } },
  ): Promise<T>;
  /** The span's live state for the trunk view, or null when unknown. */
  spanState(trunk: E1Trunk): unknown;
  /** Up (no alarm, D-channel up / R2 circuits idle), down (alarm, D-channel down), or unknown. */
  reachability(trunk: E1Trunk): 'reachable' | 'unreachable' | 'unknown';
}
