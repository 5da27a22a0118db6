import { z } from 'zod';
import type { Actor } from '../audit/index.js';
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import type { ResourceChanges } from '../kit/resource-changes.js';

/**
 * The spend guard: more outside calls or minutes in an hour than the limits
 * from one seat (or on one trunk) suspends that seat's (trunk's) outside
 * calls until an admin lifts it. Counted from the call records hotlined
 * ingests (a call counts once it has ended, which for a runaway dialler is
 * seconds later); enforced in dialplan, where the suspended seats and trunks
 * are extensions of [hotline-outbound-suspended] (confgen.ts): no AstDB read,
 * so no "Dangerous function DB read blocked" whoever reaches the context.
 * Emergency numbers pass regardless.
 */
export const GuardLimits = z.strictObject({
  /** 0 switches that limit off. */
  seatCallsPerHour: z.number().int().min(0).max(10_000),
  seatMinutesPerHour: z.number().int().min(0).max(100_000),
  trunkCallsPerHour: z.number().int().min(0).max(100_000),
  trunkMinutesPerHour: z.number().int().min(0).max(1_000_000),
});
export type GuardLimits = z.infer<typeof GuardLimits>;

export interface Suspension {
  id: number;
  kind: 'seat' | 'trunk';
  /** The seat's extension or the trunk's id. */
  subject: string;
  calls: number;
  minutes: number;
  reason: string;
  suspendedAt: number;
}

interface Usage {
  subject: string;
  calls: number;
  seconds: number;
}

const HOUR_MS = 3_600_000;

export type GuardStore = ReturnType<typeof createGuardStore>;

export function createGuardStore(db: Db) {
  const limits = db.prepare<[], GuardLimits>(
    `SELECT seat_calls_per_hour AS seatCallsPerHour, seat_minutes_per_hour AS seatMinutesPerHour,
       trunk_calls_per_hour AS trunkCallsPerHour, trunk_minutes_per_hour AS trunkMinutesPerHour
     FROM outbound_guard WHERE id = 1`,
  );
  const setLimits = db.prepare(
    `UPDATE outbound_guard SET seat_calls_per_hour = @seatCallsPerHour, seat_minutes_per_hour = @seatMinutesPerHour,
       trunk_calls_per_hour = @trunkCallsPerHour, trunk_minutes_per_hour = @trunkMinutesPerHour, updated_at = @now
     WHERE id = 1`,
  );
  const active = db.prepare<[], Suspension>(
    `SELECT id, kind, subject, calls, minutes, reason, suspended_at AS suspendedAt FROM outbound_suspensions
     WHERE lifted_at IS NULL ORDER BY kind, subject`,
  );
  const insert = db.prepare(
    `INSERT OR IGNORE INTO outbound_suspensions (kind, subject, calls, minutes, reason, suspended_at)
     VALUES (@kind, @subject, @calls, @minutes, @reason, @now)`,
  );
  const lift = db.prepare<[number, string, number]>(
    'UPDATE outbound_suspensions SET lifted_at = ?, lifted_by = ? WHERE id = ? AND lifted_at IS NULL',
  );
  const liftedSince = db
    .prepare<[string, string, number], number>(
      `SELECT COALESCE(MAX(lifted_at), 0) FROM outbound_suspensions WHERE kind = ? AND subject = ? AND lifted_at >= ?`,
    )
    .pluck();
  // The call records (the cdr domain's ingest copy of Asterisk's CDRs): a seat's
  // outside call is a CDR from its channel to a trunk's. Read only.
  const seatUsage = db.prepare<[number], Usage>(
    `SELECT substr(channel, 7, instr(substr(channel, 7), '-') - 1) AS subject,
       COUNT(DISTINCT uniqueid) AS calls, COALESCE(SUM(billsec), 0) AS seconds
     FROM cdr WHERE start_at >= ? AND channel LIKE 'PJSIP/%' AND dstchannel LIKE 'PJSIP/trunk-%'
       AND channel NOT LIKE 'PJSIP/trunk-%'
     GROUP BY subject`,
  );
  const trunkUsage = db.prepare<[number], Usage>(
    `SELECT substr(dstchannel, 13, instr(substr(dstchannel, 13), '-') - 1) AS subject,
       COUNT(*) AS calls, COALESCE(SUM(billsec), 0) AS seconds
     FROM cdr WHERE start_at >= ? AND dstchannel LIKE 'PJSIP/trunk-%'
     GROUP BY subject`,
  );
  const callsSince = (kind: 'seat' | 'trunk', since: number) =>
    (kind === 'seat' ? seatUsage : trunkUsage).all(since / 1000);

  return {
    limits: () => limits.get()!,
    setLimits: (l: GuardLimits, now: number) => setLimits.run({ ...l, now }),
    active: () => active.all(),
    insert: (s: Omit<Suspension, 'id' | 'suspendedAt'>, now: number) => insert.run({ ...s, now }),
    lift: (id: number, by: string, now: number) => lift.run(now, by, id).changes > 0,
    /** When the subject's last suspension in the window was lifted (ms), or 0. */
    liftedSince: (kind: 'seat' | 'trunk', subject: string, since: number) =>
      liftedSince.get(kind, subject, since) ?? 0,
    usage: callsSince,
  };
}

/** Subjects over a limit now, with the figures that put them there. Calls before a lift do not count. */
export function overLimits(store: GuardStore, now: number): Omit<Suspension, 'id' | 'suspendedAt'>[] {
  const l = store.limits();
  const since = now - HOUR_MS;
  const already = new Set(store.active().map((s) => `${s.kind}:${s.subject}`));
  const out: Omit<Suspension, 'id' | 'suspendedAt'>[] = [];
  const check = (kind: 'seat' | 'trunk', maxCalls: number, maxMinutes: number) => {
    if (maxCalls === 0 && maxMinutes === 0) return;
    for (const u of store.usage(kind, since)) {
      if (!u.subject || already.has(`${kind}:${u.subject}`)) continue;
      const lifted = store.liftedSince(kind, u.subject, since);
      const figures = lifted ? store.usage(kind, lifted).find((x) => x.subject === u.subject) : u;
      if (!figures) continue;
      const minutes = Math.ceil(figures.seconds / 60);
      const reason =
        maxCalls > 0 && figures.calls > maxCalls
          ? `${figures.calls} outside calls in an hour (limit ${maxCalls})`
          : maxMinutes > 0 && minutes > maxMinutes
            ? `${minutes} outside minutes in an hour (limit ${maxMinutes})`
            : null;
      if (reason) out.push({ kind, subject: u.subject, calls: figures.calls, minutes, reason });
    }
  };
  check('seat', l.seatCallsPerHour, l.seatMinutesPerHour);
  check('trunk', l.trunkCallsPerHour, l.trunkMinutesPerHour);
  return out;
}

export interface SpendGuard {
  limits(): GuardLimits;
  setLimits(l: GuardLimits, actor: Actor): Promise<GuardLimits>;
  suspensions(): Suspension[];
  /** An admin lets the seat or trunk call out again. */
  lift(id: number, actor: Actor): Promise<void>;
  /** Suspends whatever is over a limit now (run after every CDR ingest). */
  check(now?: number): Promise<Suspension[]>;
}

export function createSpendGuard(deps: { store: GuardStore; changes: ResourceChanges }): SpendGuard {
  const { store, changes } = deps;
  let checking: Promise<Suspension[]> | undefined;
  const check = async (now: number): Promise<Suspension[]> => {
    const over = overLimits(store, now);
    for (const s of over) {
      // a config change: the suspended seat or trunk is written into the dialplan
      await changes.change({
        actor: { principal: null },
        action: 'suspend',
        id: `${s.kind}:${s.subject}`,
        mutate: () => store.insert(s, now),
        after: () => s,
      });
    }
    return over.length ? store.active() : [];
  };
  return {
    limits: () => store.limits(),
    async setLimits(l, actor) {
      await changes.change({
        actor,
        action: 'update',
        id: 'spend-guard',
        before: store.limits(),
        config: false,
        mutate: () => store.setLimits(l, Date.now()),
        after: () => l,
      });
      return store.limits();
    },
    suspensions: () => store.active(),
    async lift(id, actor) {
      const s = store.active().find((x) => x.id === id);
      if (!s) throw notFound('suspension');
      await changes.change({
        actor,
        action: 'lift',
        id: `${s.kind}:${s.subject}`,
        before: s,
        mutate: () => store.lift(id, actor.principal.username, Date.now()),
      });
    },
    check(now = Date.now()) {
      // one check at a time: two CDR batches must not suspend a seat twice
      const run = (checking ?? Promise.resolve([])).then(() => check(now));
      checking = run.catch(() => []);
      return run;
    },
  };
}
