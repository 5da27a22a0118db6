import type { ConfigApplier, ConfigSection } from '../asterisk/apply.js';
import type { Actor, Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dryRun } from '../kit/dry-run.js';
import './events.js';
import type { Logger } from '../log.js';
import { e1InboundContext } from '../trunks/confgen.js';
import type { E1Support, NewE1Trunk } from '../trunks/e1.js';
import type { TrunkService } from '../trunks/index.js';

/** What the hardware domain needs of the trunks domain. */
export type E1Trunks = Pick<TrunkService, 'e1Trunks' | 'attachE1'>;

import type { E1Trunk } from '../trunks/schema.js';
import { type Classification, classifyChange } from './classify.js';
import { chanDahdiConf, type SpanLayout, spanLayout, systemConf } from './confgen.js';
import type { DahdiApply } from './dahdi-apply.js';
import { type Detection, detectHardware } from './detect.js';
import { lineDiff } from './diff.js';
import type { SpanHealth } from './health.js';
import { buildPlan, type PlanSources } from './plan.js';
import type { CardInput, DahdiSettings, SpanSettings } from './schema.js';
import type { HardwarePlan } from './span-schema.js';
import type { AlarmRow, CardRow, HardwareStore } from './store.js';
import type { HardwarePaths, ToolRunner } from './tools.js';

export type { Actor };

export interface ApplyReport {
  change: Classification;
  notes: string[];
  at: string;
}

/** A card of the plan as GET /hardware shows it. */
export interface ConfiguredCard extends Omit<CardRow, 'createdAt' | 'updatedAt'> {
  createdAt: string;
  updatedAt: string;
  /** Whether detection found a card at its location. */
  detected: boolean;
}

/** A port of the plan with its span numbers, settings and the E1 trunk on it. */
export interface ConfiguredSpan {
  span: number;
  location: string;
  port: number;
  /** `<location>#<port>`, as detection keys its ports. */
  key: string;
  basechan: number;
  channels: number;
  settings: SpanSettings | null;
  /** The enabled E1 trunk on the port, or null. */
  trunkId: number | null;
}

/** GET /hardware: what is in the box beside what is configured, and how the last apply went. */
export interface HardwareOverview extends Detection {
  configured: { toneZone: string; cards: ConfiguredCard[]; spans: ConfiguredSpan[] };
  lastApply: ApplyReport | null;
}

/**
 * Changes go through DAHDI (files, dahdi_cfg, chan_dahdi) one at a time; a
 * change that would drop live E1 calls answers 409 unless `confirm`.
 */
export interface HardwareService {
  /** What the trunks domain asks of hardware for its E1 trunks. */
  e1: E1Support;
  currentPlan(): HardwarePlan;
  /** The plan's inputs from the database, with some replaced. */
  sources(override?: Partial<PlanSources>): PlanSources;
  lastApply(): ApplyReport | null;
  configSection(): ConfigSection;
  detect(): Promise<HardwareOverview>;
  putCard(location: string, input: CardInput, actor: Actor, confirm: boolean): Promise<void>;
  /** 409 while an E1 trunk is on the card. */
  removeCard(location: string, actor: Actor, confirm: boolean): Promise<void>;
  putPort(location: string, port: number, s: SpanSettings, actor: Actor, confirm: boolean): Promise<void>;
  /** System-wide settings (the tone zone). */
  putSettings(s: DahdiSettings, actor: Actor, confirm: boolean): Promise<void>;
  /** Span alarms, newest first. */
  history(
    f: { span?: number; open?: boolean },
    limit: number,
    offset: number,
  ): { items: AlarmRow[]; total: number };
  /** For the trunk view and health: which span an E1 trunk is on right now. */
  spanOf(t: E1Trunk, plan: HardwarePlan): SpanLayout | null;
  /** The dialplan context an E1 trunk's inbound calls enter. */
  inboundContext(trunkId: number): string;
}

export function createHardwareService(deps: {
  db: Db;
  store: HardwareStore;
  applier: ConfigApplier;
  audit: Audit;
  change: Change;
  trunks: E1Trunks;
  dahdi: DahdiApply;
  paths: HardwarePaths;
  run: ToolRunner;
  log: Logger;
  spanState: (t: E1Trunk, plan: HardwarePlan) => SpanHealth | null;
}): HardwareService {
  const { db, store, applier, audit, trunks, dahdi, log } = deps;
  let queue: Promise<unknown> = Promise.resolve();
  let lastApply: ApplyReport | null = null;

  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  const sources = (override?: Partial<PlanSources>): PlanSources => ({
    cards: store.cards(),
    ports: store.ports(),
    trunks: trunks.e1Trunks(),
    toneZone: store.toneZone(),
    ...override,
  });
  const currentPlan = () => buildPlan(sources());

  /** The plan as it would be after `mutate`, computed in a transaction that is rolled back. */
  const planAfter = (mutate: () => unknown): HardwarePlan =>
    dryRun(db, () => {
      mutate();
      return currentPlan();
    });

  /**
   * One apply, serialised: plan, classify, refuse to drop live calls unless
   * confirmed, DAHDI files and dahdi_cfg, chan_dahdi.conf through the
   * ConfigApplier (DAHDI files restored if that fails), then restart or
   * create channels; the audit row carries the diff of both files.
   */
  const change = <T>(
    mutate: () => T,
    onCommit: (result: T) => void,
    opts: { confirm: boolean; actor: Actor | null },
  ): Promise<T> =>
    serial(async () => {
      const before = currentPlan();
      const after = planAfter(mutate);
      const cls = classifyChange(before, after);
      if (cls.drops !== 'none' && !opts.confirm) {
        const calls = await dahdi.liveCalls(after, cls.drops === 'all' ? 'all' : cls.spans);
        if (calls > 0)
          throw new AppError(
            'conflict',
            `this change drops ${calls} live E1 call${calls === 1 ? '' : 's'}; repeat with ?confirm=true to apply`,
            { details: { calls, change: cls } },
          );
      }
      const step = await dahdi.writeAndConfigure(after, cls);
      const diff = {
        'system.conf': lineDiff(systemConf(before), systemConf(after)),
        'chan_dahdi.conf': lineDiff(chanDahdiConf(before), chanDahdiConf(after)),
      };
      let result: T;
      try {
        result = await applier.change(mutate, (r) => {
          onCommit(r);
          if (cls.kind !== 'none')
            audit.record({
              principal: opts.actor?.principal ?? null,
              ip: opts.actor?.ip,
              action: 'apply',
              entity: 'dahdi',
              before: { change: cls.kind, reasons: cls.reasons },
              after: { diff, notes: step.notes },
            });
        });
      } catch (err) {
        await step.restore().catch((e) => log.error({ err: e }, 'restoring DAHDI files failed'));
        throw err;
      }
      const notes = [...step.notes, ...(await dahdi.asteriskStep(after, cls))];
      lastApply = { change: cls, notes, at: new Date().toISOString() };
      log.info({ change: cls.kind, notes }, 'DAHDI configuration applied');
      return result;
    });

  /** A hardware change: audit row and `hardware.changed` through the kit, applied through DAHDI. */
  const dahdiChange = <T>(spec: {
    actor: Actor;
    entity: string;
    action: string;
    id?: string;
    before: unknown;
    after: unknown;
    mutate: () => T;
    confirm: boolean;
  }) =>
    deps.change({
      actor: spec.actor,
      entity: spec.entity,
      action: spec.action,
      id: spec.id,
      before: spec.before,
      after: () => spec.after,
      mutate: spec.mutate,
      event: 'hardware.changed',
      apply: (m, record) => change(m, record, { confirm: spec.confirm, actor: spec.actor }),
    });

  const mustCard = (location: string) => {
    const c = store.card(location);
    if (!c) throw notFound('card');
    return c;
  };

  /** One port per clock priority on a card, counting ports without a trunk too (wct4xxp's per-card list). */
  const checkClock = (location: string, port: number, s: SpanSettings) => {
    if (s.clockPriority === 0) return;
    const card = mustCard(location);
    if (s.clockPriority > card.portCount)
      throw validation('clockPriority', `clockPriority is at most ${card.portCount} on this card`);
    const other = store
      .ports()
      .find(
        (p) => p.location === location && p.port !== port && p.settings.clockPriority === s.clockPriority,
      );
    if (other)
      throw validation('clockPriority', `port ${other.port} already has clock priority ${s.clockPriority}`);
  };

  const e1: E1Support = {
    check(t: NewE1Trunk, selfId: number | null) {
      const card = store.card(t.location);
      if (!card) throw validation('location', `no card at ${t.location} in the hardware plan`);
      if (t.port > card.portCount) throw validation('port', `the card has ${card.portCount} ports`);
      const others = trunks.e1Trunks().filter((x) => x.id !== selfId);
      const onPort = others.find((x) => x.location === t.location && x.port === t.port);
      if (onPort) throw validation('port', `port ${t.port} already carries trunk ${onPort.name}`);
      const sameGroup = others.find((x) => x.group === t.group);
      if (sameGroup) throw validation('group', `group ${t.group} is already trunk ${sameGroup.name}'s`);
      const candidate: E1Trunk = { ...t, id: selfId ?? 0, createdAt: 0, updatedAt: 0 };
      buildPlan(sources({ trunks: [...others, candidate] }));
    },
    change: (mutate, onCommit, opts) =>
      change(mutate, onCommit, { confirm: opts.confirm, actor: opts.actor ?? null }),
    spanState: (t) => {
      try {
        return deps.spanState(t, currentPlan());
      } catch {
        return null;
      }
    },
    reachability: (t) => {
      const s = e1.spanState(t) as SpanHealth | null;
      if (!s || !t.enabled) return 'unknown';
      if (s.alarms.length > 0 || s.dchannel?.up === false || (s.r2 && s.r2.idle + s.r2.busy === 0))
        return 'unreachable';
      if (s.dchannel?.up || (s.r2 && s.r2.idle > 0)) return 'reachable';
      return 'unknown';
    },
  };

  return {
    e1,
    currentPlan,
    sources,
    lastApply: () => lastApply,

    configSection() {
      return {
        name: 'dahdi',
        generate: () => ({
          files: [{ name: 'chan_dahdi.conf', text: chanDahdiConf(currentPlan()), reload: 'chan_dahdi.so' }],
        }),
      };
    },

    async detect() {
      const detection = await detectHardware(deps.paths, deps.run);
      const plan = currentPlan();
      return {
        ...detection,
        configured: {
          toneZone: plan.toneZone,
          cards: store.cards().map((c) => ({
            ...c,
            createdAt: new Date(c.createdAt).toISOString(),
            updatedAt: new Date(c.updatedAt).toISOString(),
            detected: detection.cards.some((d) => d.location === c.location),
          })),
          spans: spanLayout(plan).map((l) => ({
            span: l.span,
            location: l.location,
            port: l.port,
            key: `${l.location}#${l.port}`,
            basechan: l.basechan,
            channels: l.channels,
            settings:
              store.ports().find((p) => p.location === l.location && p.port === l.port)?.settings ?? null,
            trunkId:
              trunks.e1Trunks().find((t) => t.enabled && t.location === l.location && t.port === l.port)
                ?.id ?? null,
          })),
        },
        lastApply,
      };
    },

    putCard: (location, input, actor, confirm) => {
      const before = store.card(location) ?? null;
      const now = Date.now();
      return dahdiChange({
        actor,
        entity: 'dahdi_card',
        action: before ? 'update' : 'create',
        id: location,
        before,
        after: input,
        mutate: () => store.upsertCard(location, input, now),
        confirm,
      });
    },

    removeCard: (location, actor, confirm) => {
      const before = mustCard(location);
      const used = trunks.e1Trunks().filter((t) => t.location === location);
      if (used.length)
        throw new AppError('conflict', `card carries trunk ${used.map((t) => t.name).join(', ')}`, {
          details: { usedBy: used.map((t) => t.id) },
        });
      return dahdiChange({
        actor,
        entity: 'dahdi_card',
        action: 'delete',
        id: location,
        before,
        after: undefined,
        mutate: () => {
          store.removeCard(location);
        },
        confirm,
      });
    },

    putPort: (location, port, s, actor, confirm) => {
      const card = mustCard(location);
      if (port > card.portCount) throw validation('port', `the card has ${card.portCount} ports`);
      checkClock(location, port, s);
      const before = store.ports().find((p) => p.location === location && p.port === port)?.settings ?? null;
      // contradictions with the trunk on the port (PRI on cas framing, ...) surface as 400s here
      planAfter(() => store.upsertPort(location, port, s, Date.now()));
      const now = Date.now();
      return dahdiChange({
        actor,
        entity: 'dahdi_port',
        action: 'update',
        id: `${location}#${port}`,
        before,
        after: s,
        mutate: () => {
          store.upsertPort(location, port, s, now);
        },
        confirm,
      });
    },

    putSettings: (s, actor, confirm) => {
      const before = { toneZone: store.toneZone() };
      return dahdiChange({
        actor,
        entity: 'dahdi_settings',
        action: 'update',
        before,
        after: s,
        mutate: () => {
          store.setToneZone(s.toneZone);
        },
        confirm,
      });
    },

    history: store.history,
    spanOf(t, plan) {
      return spanLayout(plan).find((l) => l.location === t.location && l.port === t.port) ?? null;
    },
    inboundContext: e1InboundContext,
  };
}
