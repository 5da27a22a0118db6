import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Ami, AmiMessage } from '../asterisk/ami.js';
import type { Bus } from '../bus.js';
import type { Logger } from '../log.js';
import { type Alarm, alarmFromText, sortAlarms } from './alarms.js';
import type { SpanLayout } from './confgen.js';
import { NO_DAHDI, parsePriShowSpans, parseShowStatus } from './parse-ami.js';
import { parseMfcr2Channels, parseProcSpan, type R2ChannelLine } from './parse-cli.js';
import type { HardwareStore } from './store.js';

/**
 * Live health of each span: alarms (from SpanAlarm/SpanAlarmClear events and
 * DAHDIShowStatus polls), D-channel state (PRIShowSpans: no AMI event exists
 * for it), MFC/R2 line states (`mfcr2 show channels`), counters turned into
 * rates, and the "check clock source" warning when slips rise with no alarm.
 * Alarm raise/clear are bus events and rows in the alarm history.
 */

/** Pure: which alarms a new reading raises and which it clears. */
export function alarmTransition(prev: readonly Alarm[], next: readonly Alarm[]) {
  return {
    raised: sortAlarms(next.filter((a) => !prev.includes(a))),
    cleared: sortAlarms(prev.filter((a) => !next.includes(a))),
  };
}

export interface Counters {
  crc4: number | null;
  bpv: number | null;
  irqMisses: number | null;
  slips: number | null;
}
type Rates = { [K in keyof Counters]: number | null };

/** Per minute between two samples; null when a counter is unsupported or went backwards (driver reload, reset). */
export function counterRates(a: { at: number; c: Counters }, b: { at: number; c: Counters }): Rates {
  const minutes = (b.at - a.at) / 60_000;
  const rate = (k: keyof Counters) => {
    const x = a.c[k];
    const y = b.c[k];
    if (x === null || y === null || y < x || minutes <= 0) return null;
    return Math.round(((y - x) / minutes) * 100) / 100;
  };
  return { crc4: rate('crc4'), bpv: rate('bpv'), irqMisses: rate('irqMisses'), slips: rate('slips') };
}

export const CLOCK_WARNING = 'check clock source: timing slips are rising while the span has no alarm';

/** Rising slips without an alarm point at clock source priorities, not at the line (docs/e1.md). */
export function warningsFor(alarms: readonly Alarm[], rates: Rates | null): string[] {
  const out: string[] = [];
  if (rates?.slips && rates.slips > 0 && alarms.length === 0) out.push(CLOCK_WARNING);
  return out;
}

export interface SpanHealth {
  span: number;
  location: string | null;
  port: number | null;
  trunkId: number | null;
  alarms: Alarm[];
  since: string | null;
  dchannel: { up: boolean; active: boolean; inAlarm: boolean } | null;
  r2: { idle: number; blocked: number; busy: number; other: number } | null;
  counters: Counters | null;
  rates: Rates | null;
  warnings: string[];
}

interface State {
  alarms: Alarm[];
  since: number | null;
  dchannel: SpanHealth['dchannel'];
  r2: SpanHealth['r2'];
  samples: { at: number; c: Counters }[];
  rates: Rates | null;
  warnings: string[];
}

export function summarizeR2(lines: R2ChannelLine[]): NonNullable<SpanHealth['r2']> {
  const s = { idle: 0, blocked: 0, busy: 0, other: 0 };
  for (const l of lines) {
    if (l.rxCas === 'IDLE') s.idle++;
    else if (l.rxCas === 'BLOCK') s.blocked++;
    else if (/^(SEIZE|SEIZE ACK|ANSWER|CLEAR BACK|CLEAR FORWARD)$/.test(l.rxCas)) s.busy++;
    else s.other++;
  }
  return s;
}

export function createHealth(deps: {
  ami: Ami;
  bus: Bus;
  store: HardwareStore;
  log: Logger;
  /** Spans of the current plan, with which trunk is on each. */
  layout(): (SpanLayout & { trunkId: number | null })[];
  procRoot?: string;
  pollMs?: number;
  now?: () => number;
}) {
  const { ami, bus, store, log } = deps;
  const now = deps.now ?? Date.now;
  const states = new Map<number, State>();
  let dahdiPresent: boolean | null = null;
  // alarms still open from before a restart: a poll that finds the span clear closes them
  for (const row of store.openAlarms()) {
    const s = states.get(row.span) ?? {
      alarms: [],
      since: row.raisedAt,
      dchannel: null,
      r2: null,
      samples: [],
      rates: null,
      warnings: [],
    };
    s.alarms = sortAlarms([...s.alarms, row.alarm]);
    states.set(row.span, s);
  }

  const where = (span: number) => {
    const l = deps.layout().find((x) => x.span === span);
    return { location: l?.location ?? null, port: l?.port ?? null, trunkId: l?.trunkId ?? null };
  };
  const state = (span: number): State => {
    let s = states.get(span);
    if (!s) {
      s = { alarms: [], since: null, dchannel: null, r2: null, samples: [], rates: null, warnings: [] };
      states.set(span, s);
    }
    return s;
  };
  const publishStatus = (span: number, s: State) =>
    bus.emit('span.status', {
      span,
      ...where(span),
      alarms: s.alarms,
      dchannelUp: s.dchannel ? s.dchannel.up : null,
      warnings: s.warnings,
    });

  /** Applies a full reading of a span's alarms: history rows and bus events for what changed. */
  const setAlarms = (span: number, next: Alarm[]) => {
    const s = state(span);
    const { raised, cleared } = alarmTransition(s.alarms, next);
    if (!raised.length && !cleared.length) return;
    const at = now();
    const w = where(span);
    for (const alarm of raised) {
      const historyId = store.raiseAlarm({ span, location: w.location, port: w.port, alarm, at });
      bus.emit('span.alarm', { span, ...w, alarm, raisedAt: new Date(at).toISOString(), historyId });
    }
    const open = store.openAlarms();
    for (const alarm of cleared) {
      const row = open.find((r) => r.span === span && r.alarm === alarm);
      store.clearAlarm(span, alarm, at);
      bus.emit('span.alarm.cleared', {
        span,
        ...w,
        alarm,
        raisedAt: new Date(row?.raisedAt ?? at).toISOString(),
        historyId: row?.id ?? 0,
        clearedAt: new Date(at).toISOString(),
      });
    }
    s.alarms = sortAlarms(next);
    s.since = next.length ? (s.since ?? at) : null;
    publishStatus(span, s);
  };

  /** SpanAlarm carries only the highest-priority alarm: merge it, a poll fills in the rest. */
  const onEvent = (e: AmiMessage) => {
    const span = Number(e.Span);
    if (e.Event === 'SpanAlarm' && Number.isInteger(span) && span > 0) {
      const r = alarmFromText(e.Alarm ?? '');
      const s = state(span);
      setAlarms(span, r.unknown ? s.alarms : sortAlarms([...s.alarms, ...r.alarms]));
      pollSoon();
    } else if (e.Event === 'SpanAlarmClear' && Number.isInteger(span) && span > 0) {
      setAlarms(span, []);
      pollSoon();
    } else if (e.Event === 'Alarm' || e.Event === 'AlarmClear') {
      // per-channel events (about 30 per E1 failure): the debounced poll reads the spans once
      if (e.DAHDIChannel !== undefined) pollSoon();
    }
  };

  const readSlips = (span: number): number | null => {
    try {
      return parseProcSpan(readFileSync(path.join(deps.procRoot ?? '/proc', 'dahdi', String(span)), 'utf8'))
        .timingSlips;
    } catch {
      return null;
    }
  };

  const poll = async () => {
    if (ami.state !== 'connected') return;
    let statuses: ReturnType<typeof parseShowStatus>;
    try {
      statuses = parseShowStatus(await ami.list('DAHDIShowStatus'));
      dahdiPresent = true;
    } catch (err) {
      if (NO_DAHDI.test((err as Error).message)) dahdiPresent = false;
      else log.warn({ err }, 'DAHDIShowStatus failed');
      return;
    }
    const at = now();
    for (const st of statuses) {
      const s = state(st.span);
      setAlarms(st.span, st.alarms.alarms);
      const c: Counters = { ...st.counters, slips: readSlips(st.span) };
      const prev = s.samples.at(-1);
      s.samples = [...s.samples.slice(-9), { at, c }];
      s.rates = prev ? counterRates(prev, { at, c }) : null;
      const warnings = warningsFor(s.alarms, s.rates);
      if (warnings.join() !== s.warnings.join()) {
        s.warnings = warnings;
        publishStatus(st.span, s);
      }
    }
    const dchans = await ami.list('PRIShowSpans').catch(() => []);
    for (const d of parsePriShowSpans(dchans)) {
      const s = state(d.span);
      const was = s.dchannel?.up;
      s.dchannel = { up: d.up, active: d.active, inAlarm: d.inAlarm };
      if (was !== d.up) publishStatus(d.span, s);
    }
    const r2Spans = deps.layout().filter((l) => l.settings?.signalling.kind === 'mfcr2');
    if (r2Spans.length) {
      const text = await ami.command('mfcr2 show channels').catch(() => '');
      const lines = parseMfcr2Channels(text).channels;
      for (const l of r2Spans) {
        const mine = lines.filter((x) => x.channel >= l.basechan && x.channel < l.basechan + l.channels);
        state(l.span).r2 = mine.length ? summarizeR2(mine) : null;
      }
    }
  };

  let pending: NodeJS.Timeout | undefined;
  const pollSoon = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      poll().catch((err) => log.warn({ err }, 'span poll failed'));
    }, 1000);
    pending.unref();
  };

  const offEvent = ami.onEvent(onEvent);
  const offState = ami.onState((s) => {
    if (s === 'connected') pollSoon();
  });
  const timer = setInterval(
    () => poll().catch((err) => log.warn({ err }, 'span poll failed')),
    deps.pollMs ?? 30_000,
  );
  timer.unref();

  return {
    poll,
    dahdiPresent: () => dahdiPresent,
    spans(): SpanHealth[] {
      const spans = new Set([
        ...states.keys(),
        ...deps
          .layout()
          .filter((l) => l.settings)
          .map((l) => l.span),
      ]);
      return [...spans]
        .sort((a, b) => a - b)
        .map((span) => {
          const s = state(span);
          return {
            span,
            ...where(span),
            alarms: s.alarms,
            since: s.since === null ? null : new Date(s.since).toISOString(),
            dchannel: s.dchannel,
            r2: s.r2,
            counters: s.samples.at(-1)?.c ?? null,
            rates: s.rates,
            warnings: s.warnings,
          };
        });
    },
    stop() {
      offEvent();
      offState();
      clearInterval(timer);
      if (pending) clearTimeout(pending);
    },
  };
}

export type Health = ReturnType<typeof createHealth>;
