import type { Change, ChangeEvent, ChangeSpec } from './change.js';

type Actor = ChangeSpec<unknown>['actor'];
/** How a change reaches Asterisk when it is not the config applier's default (E1 trunks). */
type How<T> = Pick<ChangeSpec<T>, 'apply'>;

/** A domain's changes of one kind of record: its audit entity and bus event said once. */
export interface ResourceChanges {
  /** A new record; `row` is the audit row's `after`, the id is `mutate`'s result. */
  create<T>(actor: Actor, row: unknown, mutate: () => T, how?: How<T>): Promise<T>;
  /** `before` (the record as read) becomes `after`; `mutate` writes it. */
  update<T>(actor: Actor, before: { id: number }, after: unknown, mutate: () => T, how?: How<T>): Promise<T>;
  remove(actor: Actor, before: { id: number }, mutate: () => unknown, how?: How<unknown>): Promise<void>;
  /** Any other change of the resource (its own action, or an `after` read from the result). */
  change<T>(spec: Omit<ChangeSpec<T>, 'entity' | 'event'>): Promise<T>;
}

export function resourceChanges(
  change: Change,
  resource: {
    /** Audit entity name (`announcement`, `queue`, ...). */
    entity: string;
    event?: ChangeEvent;
    /** False for records that do not feed Asterisk's generated config. */
    config?: boolean;
  },
): ResourceChanges {
  const { entity, event, config } = resource;
  const run = <T>(spec: Omit<ChangeSpec<T>, 'entity' | 'event'>) =>
    change({ entity, event, ...(config === undefined ? {} : { config }), ...spec });
  return {
    create: (actor, row, mutate, how) => run({ actor, action: 'create', mutate, after: () => row, ...how }),
    update: (actor, before, after, mutate, how) =>
      run({ actor, action: 'update', id: before.id, before, mutate, after: () => after, ...how }),
    async remove(actor, before, mutate, how) {
      await run({ actor, action: 'delete', id: before.id, before, mutate, ...how });
    },
    change: run,
  };
}

/** The writes `checkedWrites` needs of a store. */
export interface RecordWrites<New, Changed> {
  insert(fields: New, now: number): number;
  update(id: number, fields: Changed, now: number): unknown;
  remove(id: number): unknown;
}

/**
 * Create, update and remove of a record whose rules across rows (names,
 * references, loops) are checked inside the change's transaction, so the
 * config apply's dry run and its commit both see the rows they are checked
 * against; an update finds its record still there (deleted meanwhile: 404).
 */
export function checkedWrites<T extends { id: number }, New, Changed>(
  changes: ResourceChanges,
  store: RecordWrites<New, Changed>,
  rules: {
    /** The record, or a 404. */
    get(id: number): T;
    /** `selfId` on an update. */
    check(fields: New | Changed, selfId?: number): void;
  },
) {
  const { get, check } = rules;
  return {
    async create(actor: Actor, fields: New): Promise<T> {
      const now = Date.now();
      const id = await changes.create(actor, fields, () => {
        check(fields);
        return store.insert(fields, now);
      });
      return get(id);
    },
    async update(actor: Actor, id: number, next: (before: T) => Changed): Promise<T> {
      const before = get(id);
      const after = next(before);
      const now = Date.now();
      await changes.update(actor, before, after, () => {
        get(id);
        check(after, id);
        store.update(id, after, now);
      });
      return get(id);
    },
    /** `refuse` throws while something still points at the record. */
    async remove(actor: Actor, id: number, refuse?: () => void): Promise<void> {
      await changes.remove(actor, get(id), () => {
        refuse?.();
        store.remove(id);
      });
    },
  };
}
