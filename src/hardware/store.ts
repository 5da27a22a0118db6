import type { Db } from '../db/index.js';
import type { Alarm } from './alarms.js';
import type { CardInput, SpanSettings } from './schema.js';
import type { DahdiDriver } from './span-schema.js';

export interface CardRow {
  location: string;
  driver: DahdiDriver;
  portCount: number;
  position: number;
  createdAt: number;
  updatedAt: number;
}

export interface PortRow {
  location: string;
  port: number;
  settings: SpanSettings;
  updatedAt: number;
}

export interface AlarmRow {
  id: number;
  span: number;
  location: string | null;
  port: number | null;
  alarm: Alarm;
  raisedAt: number;
  clearedAt: number | null;
}

interface RawCard {
  location: string;
  driver: string;
  port_count: number;
  position: number;
  created_at: number;
  updated_at: number;
}
interface RawAlarm {
  id: number;
  span: number;
  location: string | null;
  port: number | null;
  alarm: string;
  raised_at: number;
  cleared_at: number | null;
}

const card = (r: RawCard): CardRow => ({
  location: r.location,
  driver: r.driver as DahdiDriver,
  portCount: r.port_count,
  position: r.position,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const alarm = (r: RawAlarm): AlarmRow => ({
  id: r.id,
  span: r.span,
  location: r.location,
  port: r.port,
  alarm: r.alarm as Alarm,
  raisedAt: r.raised_at,
  clearedAt: r.cleared_at,
});

export type HardwareStore = ReturnType<typeof createHardwareStore>;

/** The only SQL for dahdi_cards, dahdi_ports, dahdi_settings and span_alarms. */
export function createHardwareStore(db: Db) {
  const CARD = 'location, driver, port_count, position, created_at, updated_at';
  const ALARM = 'id, span, location, port, alarm, raised_at, cleared_at';
  const s = {
    cards: db.prepare<[], RawCard>(`SELECT ${CARD} FROM dahdi_cards ORDER BY position, location`),
    card: db.prepare<[string], RawCard>(`SELECT ${CARD} FROM dahdi_cards WHERE location = ?`),
    upsertCard: db.prepare(
      `INSERT INTO dahdi_cards (location, driver, port_count, position, created_at, updated_at)
       VALUES (@location, @driver, @portCount, @position, @now, @now)
       ON CONFLICT(location) DO UPDATE SET driver = @driver, port_count = @portCount,
         position = @position, updated_at = @now`,
    ),
    removeCard: db.prepare('DELETE FROM dahdi_cards WHERE location = ?'),
    dropPortsAbove: db.prepare('DELETE FROM dahdi_ports WHERE location = ? AND port > ?'),
    ports: db.prepare<[], { location: string; port: number; settings: string; updated_at: number }>(
      'SELECT location, port, settings, updated_at FROM dahdi_ports ORDER BY location, port',
    ),
    upsertPort: db.prepare(
      `INSERT INTO dahdi_ports (location, port, settings, updated_at) VALUES (@location, @port, @settings, @now)
       ON CONFLICT(location, port) DO UPDATE SET settings = @settings, updated_at = @now`,
    ),
    removePort: db.prepare('DELETE FROM dahdi_ports WHERE location = ? AND port = ?'),
    setting: db.prepare<[string], string>('SELECT value FROM dahdi_settings WHERE key = ?').pluck(),
    putSetting: db.prepare(
      'INSERT INTO dahdi_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ),
    raise: db.prepare(
      'INSERT INTO span_alarms (span, location, port, alarm, raised_at) VALUES (@span, @location, @port, @alarm, @at)',
    ),
    clear: db.prepare(
      'UPDATE span_alarms SET cleared_at = @at WHERE span = @span AND alarm = @alarm AND cleared_at IS NULL',
    ),
    open: db.prepare<[], RawAlarm>(`SELECT ${ALARM} FROM span_alarms WHERE cleared_at IS NULL ORDER BY id`),
    history: db.prepare<
      { span: number | null; open: number | null; limit: number; offset: number },
      RawAlarm
    >(
      `SELECT ${ALARM} FROM span_alarms
       WHERE (@span IS NULL OR span = @span) AND (@open IS NULL OR (cleared_at IS NULL) = @open)
       ORDER BY id DESC LIMIT @limit OFFSET @offset`,
    ),
    historyCount: db
      .prepare<{ span: number | null; open: number | null }, number>(
        `SELECT COUNT(*) FROM span_alarms
         WHERE (@span IS NULL OR span = @span) AND (@open IS NULL OR (cleared_at IS NULL) = @open)`,
      )
      .pluck(),
  };
  return {
    cards: () => s.cards.all().map(card),
    card: (location: string) => {
      const r = s.card.get(location);
      return r ? card(r) : undefined;
    },
    upsertCard: (location: string, c: CardInput, now: number) => {
      s.upsertCard.run({ location, ...c, now });
      s.dropPortsAbove.run(location, c.portCount);
    },
    removeCard: (location: string) => s.removeCard.run(location).changes,
    ports: (): PortRow[] =>
      s.ports.all().map((r) => ({
        location: r.location,
        port: r.port,
        settings: JSON.parse(r.settings) as SpanSettings,
        updatedAt: r.updated_at,
      })),
    upsertPort: (location: string, port: number, settings: SpanSettings, now: number) =>
      s.upsertPort.run({ location, port, settings: JSON.stringify(settings), now }),
    removePort: (location: string, port: number) => s.removePort.run(location, port).changes,
    toneZone: () => s.setting.get('toneZone') ?? 'cn',
    setToneZone: (zone: string) => s.putSetting.run('toneZone', zone),
    raiseAlarm: (a: {
      span: number;
      location: string | null;
      port: number | null;
      alarm: Alarm;
      at: number;
    }) => Number(s.raise.run(a).lastInsertRowid),
    clearAlarm: (span: number, alarm: Alarm, at: number) => s.clear.run({ span, alarm, at }).changes,
    openAlarms: () => s.open.all().map(alarm),
    history: (f: { span?: number; open?: boolean }, limit: number, offset: number) => {
      const where = { span: f.span ?? null, open: f.open === undefined ? null : f.open ? 1 : 0 };
      return {
        items: s.history.all({ ...where, limit, offset }).map(alarm),
        total: s.historyCount.get(where) ?? 0,
      };
    },
  };
}
