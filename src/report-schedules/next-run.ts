import { Cron } from 'croner';

/** When a schedule runs: every day, or on one weekday (1 = Monday … 7 = Sunday), at HH:MM. */
export interface RunTime {
  frequency: 'daily' | 'weekly';
  weekday: number | null;
  time: string;
}

/**
 * The cron pattern of a run time. Cron counts Sunday as 0; we count it as 7
 * (ISO weekdays, as the console shows them).
 */
export function cronPattern(r: RunTime): string {
  const [hh, mm] = r.time.split(':').map(Number);
  const day = r.frequency === 'weekly' ? String((r.weekday ?? 1) % 7) : '*';
  return `${mm} ${hh} * * ${day}`;
}

/**
 * The next run strictly after `after`, in the box's local time zone (the
 * process's TZ, as every report period): croner skips a local time that a
 * DST change jumps over and runs once in one that repeats.
 */
export function nextRun(r: RunTime, after: Date = new Date()): Date {
  const next = new Cron(cronPattern(r), { paused: true }).nextRun(after);
  if (!next) throw new Error(`no next run for ${cronPattern(r)}`);
  return next;
}

/** A running job for the schedule; `stop()` ends it. */
export function scheduleJob(r: RunTime, run: () => Promise<void>): { stop(): void } {
  // protect: a run still sending when the next is due is not started twice
  const job = new Cron(cronPattern(r), { protect: true, catch: true }, () => run());
  return { stop: () => job.stop() };
}
