import type { Db } from '../db/index.js';

export interface GuardSettings {
  threshold: number;
  windowSec: number;
  banSec: number;
  allowList: string[];
}

export interface Ban {
  id: number;
  address: string;
  bannedAt: number;
  expiresAt: number;
  failures: number;
  lastEvent: string;
  /** What the packet filter said when the ban was applied ('ok' or why not). */
  firewall: string;
  liftedAt: number | null;
  liftedBy: string | null;
}

interface BanRow {
  id: number;
  address: string;
  banned_at: number;
  expires_at: number;
  failures: number;
  last_event: string;
  firewall: string;
  lifted_at: number | null;
  lifted_by: string | null;
}

const toBan = (r: BanRow): Ban => ({
  id: r.id,
  address: r.address,
  bannedAt: r.banned_at,
  expiresAt: r.expires_at,
  failures: r.failures,
  lastEvent: r.last_event,
  firewall: r.firewall,
  liftedAt: r.lifted_at,
  liftedBy: r.lifted_by,
});

const BAN_COLUMNS =
  'id, address, banned_at, expires_at, failures, last_event, firewall, lifted_at, lifted_by';

export function createGuardStore(db: Db) {
  const getSettings = db.prepare(
    'SELECT threshold, window_sec AS windowSec, ban_sec AS banSec, allow_list AS allowList FROM guard_settings WHERE id = 1',
  );
  const putSettings = db.prepare(
    'UPDATE guard_settings SET threshold = ?, window_sec = ?, ban_sec = ?, allow_list = ? WHERE id = 1',
  );
  const active = db.prepare(
    `SELECT ${BAN_COLUMNS} FROM guard_bans WHERE lifted_at IS NULL AND expires_at > ? ORDER BY banned_at DESC, id DESC`,
  );
  const recent = db.prepare(`SELECT ${BAN_COLUMNS} FROM guard_bans ORDER BY id DESC LIMIT ?`);
  const insert = db.prepare(
    'INSERT INTO guard_bans (address, banned_at, expires_at, failures, last_event, firewall) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const lift = db.prepare(
    'UPDATE guard_bans SET lifted_at = ?, lifted_by = ? WHERE address = ? AND lifted_at IS NULL AND expires_at > ?',
  );
  return {
    settings(): GuardSettings {
      const r = getSettings.get() as Omit<GuardSettings, 'allowList'> & { allowList: string };
      return { ...r, allowList: JSON.parse(r.allowList) as string[] };
    },
    saveSettings(s: GuardSettings): void {
      putSettings.run(s.threshold, s.windowSec, s.banSec, JSON.stringify(s.allowList));
    },
    active(now: number): Ban[] {
      return (active.all(now) as BanRow[]).map(toBan);
    },
    recent(limit: number): Ban[] {
      return (recent.all(limit) as BanRow[]).map(toBan);
    },
    insert(b: Omit<Ban, 'id' | 'liftedAt' | 'liftedBy'>): number {
      return Number(
        insert.run(b.address, b.bannedAt, b.expiresAt, b.failures, b.lastEvent, b.firewall).lastInsertRowid,
      );
    },
    /** Lifts the active ban of `address`; how many were lifted (0: it was not banned). */
    lift(address: string, now: number, by: string): number {
      return lift.run(now, by, address, now).changes;
    },
  };
}
export type GuardStore = ReturnType<typeof createGuardStore>;
