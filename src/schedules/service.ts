import type { ConfigSection } from '../asterisk/apply.js';
import { scheduleContext } from '../destinations/compile.js';
import type { Destinations } from '../destinations/refs.js';
import { AppError, validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanSection } from '../kit/dialplan-section.js';
import type { Page } from '../kit/list.js';
import { mustFind, type ResourceService } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { schedulesDialplan } from './confgen.js';
import { evaluate, localTime } from './evaluate.js';
import './events.js';
import { patched } from '../kit/patch.js';
import {
  boxTimeZone,
  duplicateDate,
  type ListQuery,
  type Schedule,
  type ScheduleCreate,
  type ScheduleUpdate,
} from './schema.js';
import type { ScheduleStore } from './store.js';

/** Open or closed at an instant, and why. */
export type ScheduleStatus = { scheduleId: number; at: string; timeZone: string } & ReturnType<
  typeof evaluate
>;

/** `remove` is refused while a destination points at the schedule. */
export interface ScheduleService extends ResourceService<Schedule, ScheduleCreate, ScheduleUpdate> {
  list(q: ListQuery): Page<Schedule>;
  exists(id: number): boolean;
  /** Open or closed at `at` (default now), by the rules the dialplan follows. */
  status(id: number, at?: Date): ScheduleStatus;
  configSection(): ConfigSection;
  /** Milliseconds until one minute past the box's next local midnight. */
  msToNextRegeneration(from?: Date): number;
}

export function createScheduleService(deps: {
  store: ScheduleStore;
  change: Change;
  destinations: Destinations;
  /** The clock (tests pin it): which exceptions fall within the generated window. */
  now?: () => Date;
}): ScheduleService {
  const { store, destinations } = deps;
  const now = deps.now ?? (() => new Date());

  const mustGet = mustFind(store.get, 'schedule');
  const checkDates = (s: Pick<Schedule, 'closedDates' | 'openDates'>) => {
    const dup = duplicateDate(s);
    if (dup) throw validation(dup, `${dup}: this date is listed twice`);
  };
  const checkName = (name: string, id?: number) => {
    const other = store.getByName(name);
    if (other && other.id !== id)
      throw new AppError('conflict', `schedule ${name} exists`, { field: 'name' });
  };
  const changes = resourceChanges(deps.change, { entity: 'schedule', event: 'schedule.changed' });

  return {
    list: (q) => store.page(q),
    get: mustGet,
    exists: (id) => store.get(id) !== undefined,

    async create(input, actor) {
      const s = { ...input, timeZone: input.timeZone ?? boxTimeZone() };
      checkDates(s);
      checkName(s.name);
      const id = await changes.create(actor, s, () => store.insert(s, Date.now()));
      return mustGet(id);
    },

    async update(id, patch, actor) {
      const before = mustGet(id);
      const after: Schedule = patched(before, patch);
      checkDates(after);
      checkName(after.name, id);
      const at = Date.now();
      await changes.update(actor, before, after, () => store.update(after, at));
      return mustGet(id);
    },

    async remove(id, actor) {
      const before = mustGet(id);
      destinations.assertUnused({ kind: 'schedule', id });
      await changes.remove(actor, before, () => store.remove(id));
    },

    status(id, at = now()) {
      const s = mustGet(id);
      const r = evaluate(s, at);
      return { scheduleId: id, at: at.toISOString(), timeZone: s.timeZone, ...r };
    },

    configSection: () =>
      dialplanSection(
        { name: 'schedules', loaded: { contexts: /^hotline-schedule-[0-9]+$/ }, what: 'schedules' },
        () => {
          const schedules = store.all();
          return {
            text: schedulesDialplan(schedules, now()),
            expected: schedules.map((s) => scheduleContext(s.id)),
          };
        },
      ),

    msToNextRegeneration(from = now()) {
      const l = localTime(from, boxTimeZone());
      const left = (24 * 60 - l.minute) * 60_000 - from.getUTCSeconds() * 1000 - from.getUTCMilliseconds();
      return left + 60_000;
    },
  };
}
