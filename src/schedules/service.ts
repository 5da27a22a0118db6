import { type ConfigApplier, type VerifyContext, verifyContexts } from '../asterisk/apply.js';
import type { Actor, Audit } from '../audit/index.js';
import { scheduleContext } from '../destinations/compile.js';
import type { Destinations } from '../destinations/refs.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Logger } from '../log.js';
import { schedulesDialplan } from './confgen.js';
import { evaluate, localTime } from './evaluate.js';
import {
  boxTimeZone,
  duplicateDate,
  type Schedule,
  type ScheduleCreate,
  type ScheduleUpdate,
} from './schema.js';
import type { ScheduleStore } from './store.js';

export type ScheduleService = ReturnType<typeof createScheduleService>;

export function createScheduleService(deps: {
  store: ScheduleStore;
  applier: ConfigApplier;
  audit: Audit;
  destinations: Destinations;
  log: Logger;
  /** The clock (tests pin it): which exceptions fall within the generated window. */
  now?: () => Date;
}) {
  const { store, applier, audit, destinations } = deps;
  const now = deps.now ?? (() => new Date());

  const mustGet = (id: number) => {
    const s = store.get(id);
    if (!s) throw notFound('schedule');
    return s;
  };
  const checkDates = (s: Pick<Schedule, 'closedDates' | 'openDates'>) => {
    const dup = duplicateDate(s);
    if (dup) throw validation(dup, `${dup}: this date is listed twice`);
  };
  const checkName = (name: string, id?: number) => {
    const other = store.getByName(name);
    if (other && other.id !== id)
      throw new AppError('conflict', `schedule ${name} exists`, { field: 'name' });
  };
  const audited = (actor: Actor, action: string, entityId: number, before?: unknown, after?: unknown) =>
    audit.record({
      principal: actor.principal,
      ip: actor.ip,
      action,
      entity: 'schedule',
      entityId,
      before,
      after,
    });

  return {
    list: (limit: number, offset: number) => ({ ...store.page(limit, offset), limit, offset }),
    get: mustGet,
    exists: (id: number) => store.get(id) !== undefined,

    async create(input: ScheduleCreate, actor: Actor): Promise<Schedule> {
      const s = { ...input, timeZone: input.timeZone ?? boxTimeZone() };
      checkDates(s);
      checkName(s.name);
      const id = await applier.change(
        () => store.insert(s, Date.now()),
        (newId) => audited(actor, 'create', newId, undefined, s),
      );
      return mustGet(id);
    },

    async update(id: number, patch: ScheduleUpdate, actor: Actor): Promise<Schedule> {
      const before = mustGet(id);
      const after: Schedule = {
        ...before,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      };
      checkDates(after);
      checkName(after.name, id);
      const at = Date.now();
      await applier.change(
        () => store.update(after, at),
        () => audited(actor, 'update', id, before, after),
      );
      return mustGet(id);
    },

    async remove(id: number, actor: Actor): Promise<void> {
      const before = mustGet(id);
      destinations.assertUnused({ kind: 'schedule', id });
      await applier.change(
        () => store.remove(id),
        () => audited(actor, 'delete', id, before),
      );
    },

    /** Open or closed at `at` (default now), by the rules the dialplan follows. */
    status(id: number, at: Date = now()) {
      const s = mustGet(id);
      const r = evaluate(s, at);
      return { scheduleId: id, at: at.toISOString(), timeZone: s.timeZone, ...r };
    },

    configSection() {
      return {
        name: 'schedules',
        generate: () => {
          const schedules = store.all();
          return {
            files: [
              {
                name: 'extensions_schedules.conf',
                text: schedulesDialplan(schedules, now()),
                reload: 'pbx_config.so' as const,
              },
            ],
            verify: (ctx: VerifyContext) =>
              verifyContexts(
                ctx,
                /^hotline-schedule-[0-9]+$/,
                schedules.map((s) => scheduleContext(s.id)),
                'dialplan does not match the schedules after reload',
              ),
          };
        },
      };
    },

    /** Milliseconds until one minute past the box's next local midnight. */
    msToNextRegeneration(from: Date = now()): number {
      const l = localTime(from, boxTimeZone());
      const left = (24 * 60 - l.minute) * 60_000 - from.getUTCSeconds() * 1000 - from.getUTCMilliseconds();
      return left + 60_000;
    },
  };
}
