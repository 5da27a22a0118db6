import type { z } from 'zod';
import type { Actor } from '../audit/index.js';
import { AppError } from '../errors.js';
import type { Change } from '../kit/change.js';
import { mapPage } from '../kit/list.js';
import { mustFind } from '../kit/resource.js';
import { checkedWrites, resourceChanges } from '../kit/resource-changes.js';
import { iso, withIsoTimes } from '../kit/view.js';
import type { Logger } from '../log.js';
import type { MailService } from '../mail/index.js';
import { nextRun, scheduleJob } from './next-run.js';
import { type ReportSource, renderReport } from './render.js';
import {
  type ScheduleCreate,
  ScheduleFields,
  type ScheduleListQuery,
  type ScheduleUpdate,
} from './schema.js';
import type { ReportSchedule, ScheduleStore } from './store.js';

export interface ScheduleDeps {
  store: ScheduleStore;
  change: Change;
  log: Logger;
  mail: Pick<MailService, 'sendNow'>;
  reports: ReportSource;
}

/** What one run ended with, as recorded on the schedule. */
export interface RunResult {
  result: 'sent' | 'failed';
  error: string | null;
  at: string;
}

const fieldsOf = (s: ReportSchedule): ScheduleFields => {
  const { id: _i, createdAt: _c, updatedAt: _u, lastRunAt: _r, lastResult: _l, lastError: _e, ...f } = s;
  return f;
};

export function createScheduleService(deps: ScheduleDeps) {
  const { store, change, log, mail, reports } = deps;
  const changes = resourceChanges(change, { entity: 'report_schedule', config: false });
  const get = mustFind(store.schedules.get, (id) => `report schedule ${id}`);
  const writes = checkedWrites(changes, store.schedules, {
    get,
    check(f, selfId) {
      const other = store.schedules.findBy('name', f.name);
      if (other && other.id !== selfId)
        throw new AppError('conflict', `a report schedule named ${f.name} exists`, { field: 'name' });
    },
  });
  const jobs = new Map<number, { stop(): void }>();

  const view = (s: ReportSchedule) => ({
    ...withIsoTimes(s),
    lastRunAt: s.lastRunAt === null ? null : iso(s.lastRunAt),
    nextRunAt: s.enabled ? nextRun(s).toISOString() : null,
  });

  /** Builds the report and mails it; the outcome is recorded on the schedule, never thrown. */
  async function run(id: number, now = new Date()): Promise<RunResult> {
    const s = get(id);
    let outcome: { result: 'sent' | 'failed'; error: string | null };
    try {
      const m = await renderReport(s, reports, now);
      const d = await mail.sendNow({
        to: s.recipients,
        subject: m.subject,
        text: m.text,
        attachments: [m.attachment],
      });
      outcome = d.outcome === 'sent' ? { result: 'sent', error: null } : { result: 'failed', error: d.error };
    } catch (err) {
      outcome = { result: 'failed', error: (err as Error).message.slice(0, 1000) };
    }
    const at = Date.now();
    store.recordRun(id, { at, ...outcome });
    log.info({ schedule: id, ...outcome }, 'scheduled report run');
    return { ...outcome, at: iso(at) };
  }

  /** (Re)starts the schedule's job after a change; a disabled or deleted one has none. */
  function arm(id: number) {
    jobs.get(id)?.stop();
    jobs.delete(id);
    const s = store.schedules.get(id);
    if (s?.enabled)
      jobs.set(
        id,
        scheduleJob(s, () => run(id).then(() => undefined)),
      );
  }

  return {
    list: (q: z.output<typeof ScheduleListQuery>) => mapPage(store.schedules.page(q), view),
    get: (id: number) => view(get(id)),
    async create(input: ScheduleCreate, actor: Actor) {
      const s = await writes.create(actor, input);
      arm(s.id);
      return view(s);
    },
    async update(id: number, patch: ScheduleUpdate, actor: Actor) {
      const s = await writes.update(actor, id, (before) => {
        // a ZodError answers 400 naming the field (weekday against the merged frequency)
        return ScheduleFields.parse({ ...fieldsOf(before), ...patch });
      });
      arm(id);
      return view(s);
    },
    async remove(id: number, actor: Actor) {
      await writes.remove(actor, id);
      arm(id);
    },
    /** Runs the schedule now (whether enabled or not), audited as `send`. */
    async sendNow(id: number, actor: Actor) {
      const s = get(id);
      const r = await run(id);
      await changes.change({
        actor,
        action: 'send',
        id,
        before: { name: s.name, recipients: s.recipients },
        mutate: () => r,
        after: () => r,
      });
      return r;
    },
    run,
    start() {
      for (const s of store.schedules.all()) arm(s.id);
    },
    stop() {
      for (const j of jobs.values()) j.stop();
      jobs.clear();
    },
  };
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
