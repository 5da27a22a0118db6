import type { ConfigApplier } from '../asterisk/apply.js';
import type { Actor, Audit } from '../audit/index.js';
import type { Bus, LiveEvents } from '../bus.js';
import type { Db } from '../db/index.js';

/** What a domain announces after one of its records changed (committed). */
export interface ResourceChanged {
  action: string;
  id: number | string | null;
}

/** Bus events of the form `<entity>.changed` (each domain declares its own). */
export type ChangeEvent = {
  [K in keyof LiveEvents]: LiveEvents[K] extends ResourceChanged ? K : never;
}[keyof LiveEvents];

export interface ChangeSpec<T> {
  /** Who made the change; a null principal is the system itself (a first admin, a test's setup). */
  actor: Actor | { principal: null; ip?: string };
  /** Audit entity name (`seat`, `queue`, ...). */
  entity: string;
  action: string;
  /** The record's id; for a create, taken from `mutate`'s result when it is one. */
  id?: number | string;
  before?: unknown;
  /** The store writes, in the change's transaction; deterministic (see ConfigApplier.change). */
  mutate(): T;
  /** The audit row's `after`, read inside the committing transaction. */
  after?(result: T): unknown;
  /** The event published once committed, e.g. `queue.changed`. */
  event?: ChangeEvent;
  /**
   * Whether the change feeds Asterisk's generated config (default true): then
   * it goes through the config applier (dry run, write, reload, verify, commit).
   */
  config?: boolean;
  /**
   * How the change reaches Asterisk when the config applier alone is not
   * enough (E1: dahdi_cfg and chan_dahdi around it); it must call `record`
   * inside its committing transaction, as ConfigApplier.change does.
   */
  apply?: <R>(mutate: () => R, record: (result: R) => void) => Promise<R>;
}

export type Change = <T>(spec: ChangeSpec<T>) => Promise<T>;

/**
 * The one way a domain changes its records: apply the generated config (when
 * the change feeds Asterisk), write the audit row in the same transaction,
 * then announce the change on the bus. Validation happens before: the route
 * parses input with the domain's schema.
 */
export function createChange(deps: { db: Db; applier: ConfigApplier; audit: Audit; bus: Bus }): Change {
  const { db, applier, audit, bus } = deps;
  return async <T>(spec: ChangeSpec<T>) => {
    const record = (result: T) =>
      audit.record({
        principal: spec.actor.principal,
        ip: spec.actor.ip,
        action: spec.action,
        entity: spec.entity,
        entityId: spec.id ?? idOf(result),
        before: spec.before,
        after: spec.after?.(result),
      });
    let result: T;
    if (spec.config === false) {
      result = db.transaction(() => {
        const r = spec.mutate();
        record(r);
        return r;
      })();
    } else if (spec.apply) {
      result = await spec.apply(spec.mutate, record);
    } else {
      result = await applier.change(spec.mutate, record);
    }
    if (spec.event) {
      const id = spec.id ?? idOf(result) ?? null;
      bus.emit(spec.event, { action: spec.action, id } as LiveEvents[typeof spec.event]);
    }
    return result;
  };
}

const idOf = (r: unknown): number | string | undefined =>
  typeof r === 'number' || typeof r === 'string' ? r : undefined;
