import type { Ami } from '../asterisk/ami.js';
import type { Bus, DialerStep } from '../bus.js';
import type { Callable } from '../contacts/index.js';
import type { Logger } from '../log.js';
import { CONNECT_CONTEXT, campaignContext, HOLD_SECONDS } from './confgen.js';
import type { Originator } from './originate.js';
import { type AttemptFacts, resultOf, retryOf } from './outcome.js';
import {
  callsToPlace,
  DEFAULT_PACING,
  LEVEL_EVERY_MS,
  LOOP_EVERY_MS,
  nextDialLevel,
  PacingTracker,
} from './pacing.js';
import type { Campaign, Lead } from './schema.js';
import type { DialerStore } from './store.js';

/** Ofcom: no new call to a number whose last call was abandoned, for 72 h (unless an agent is reserved). */
export const ABANDON_QUIET_MS = 72 * 3_600_000;
/** A lead outside its calling window is looked at again this much later. */
const WINDOW_RETRY_MS = 15 * 60_000;
/** An answered call still open after this long lost its events (Asterisk restarted): closed as failed. */
const ANSWERED_WATCHDOG_MS = 2 * 3_600_000;
/** Device states in which a seat cannot take a campaign call. */
const NOT_IDLE = new Set(['INUSE', 'BUSY', 'RINGING', 'RINGINUSE', 'ONHOLD', 'UNAVAILABLE', 'INVALID']);
/** Asterisk's Local channel of a campaign call, near half (the one in the campaign's context). */
const CAMPAIGN_CHANNEL = /^Local\/[0-9*#+]{2,32}@hotline-dialer-out-[0-9a-f]{8};1$/;

interface Active {
  attemptId: number;
  campaign: Campaign;
  lead: Lead;
  trunkId: number;
  seat: string | null;
  channel: string | null;
  startedAt: number;
  humanAt: number | null;
  facts: AttemptFacts;
}

interface Runtime {
  tracker: PacingTracker;
  level: number;
  levelAt: number;
}

export interface DialerEngineDeps {
  store: DialerStore;
  originator: Originator;
  contacts: {
    isCallable(number: string, at: Date, listId?: number): Callable;
    optOut(number: string, source: 'keypress'): Promise<unknown>;
  };
  ami: Pick<Ami, 'action' | 'list'>;
  bus: Bus;
  log: Logger;
  now?: () => number;
  /** The box's local midnight before `at` (the abandon cap is per day). */
  dayStart?: (at: number) => number;
}

export interface CampaignLive {
  level: number;
  active: number;
  ringing: number;
  idleAgents: number;
  dayAbandonRate: number;
}

const localMidnight = (at: number) => {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
};

/**
 * Runs the campaigns: every LOOP_EVERY_MS it places the calls the pacing
 * asks for, and it turns each call's UserEvents (bus `dialer.step`) into the
 * attempt's facts, hands a person to an agent (AMI Redirect into
 * [hotline-dialer-connect]) and, when the call ends, stores its result and
 * the contact's retry.
 */
export function createDialerEngine(deps: DialerEngineDeps) {
  const { store, log } = deps;
  const now = deps.now ?? Date.now;
  const dayStart = deps.dayStart ?? localMidnight;
  const active = new Map<number, Active>();
  const runtimes = new Map<number, Runtime>();
  /** Seats the dialer holds (reserved for a ringing call, or on a campaign call). */
  const held = new Set<string>();
  const deviceState = new Map<string, string>();
  /** People waiting for an agent (predictive), oldest first. */
  const waiting: Active[] = [];
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;

  const seatIdle = (s: string) => !held.has(s) && !NOT_IDLE.has(deviceState.get(s) ?? 'NOT_INUSE');
  const trunkUse = (id: number) => [...active.values()].filter((a) => a.trunkId === id).length;
  const ofCampaign = (id: number) => [...active.values()].filter((a) => a.campaign.id === id);

  function runtime(c: Campaign): Runtime {
    let rt = runtimes.get(c.id);
    if (!rt) {
      const opts = {
        ...DEFAULT_PACING,
        abandonTarget: c.settings.abandonTarget,
        maxLevel: c.settings.maxLevel,
      };
      rt = { tracker: new PacingTracker(opts, (at) => String(dayStart(at))), level: 1, levelAt: 0 };
      const t = now();
      const day = store.dayFigures(c.id, dayStart(t));
      rt.tracker.seedDay(t, day.live, day.abandons);
      runtimes.set(c.id, rt);
    }
    return rt;
  }

  async function place(c: Campaign, lead: Lead, seat: string | null): Promise<boolean> {
    const t = now();
    const check = deps.contacts.isCallable(lead.number, new Date(t), c.listId);
    if (!check.callable) {
      const onlyWindow = check.reasons.every((r) => r.code === 'outside-window');
      if (onlyWindow) store.postpone(lead.id, t + WINDOW_RETRY_MS, t);
      else store.settle(lead.id, { status: 'done', result: 'not-callable', nextAt: 0 }, t);
      return false;
    }
    if (c.mode !== 'progressive' && store.abandonedSince(check.number, t - ABANDON_QUIET_MS)) {
      store.postpone(lead.id, t + WINDOW_RETRY_MS, t);
      return false;
    }
    const plan = deps.originator.plan(lead.number, trunkUse);
    if (!plan.ok) {
      if (plan.reason === 'trunks-full') return false;
      log.warn({ campaign: c.id, lead: lead.id, reason: plan.reason }, 'campaign number has no usable route');
      store.settle(lead.id, { status: 'done', result: 'failed', nextAt: 0 }, t);
      return false;
    }
    if (!store.markDialing(lead.id, seat, t)) return false;
    const attemptId = store.addAttempt({
      campaignId: c.id,
      leadId: lead.id,
      number: check.number,
      trunkId: plan.trunkId,
      seat,
      startedAt: t,
    });
    const a: Active = {
      attemptId,
      campaign: c,
      lead,
      trunkId: plan.trunkId,
      seat,
      channel: null,
      startedAt: t,
      humanAt: null,
      facts: {
        mode: c.mode,
        dialStatus: '',
        answered: false,
        amd: null,
        agentAnswered: false,
        abandoned: false,
        key: null,
      },
    };
    active.set(attemptId, a);
    if (seat) held.add(seat);
    runtime(c).tracker.record({ kind: 'dial', at: t });
    try {
      await deps.originator.originate({
        dial: plan.dial,
        trunkId: plan.trunkId,
        context: campaignContext(c.id),
        attempt: attemptId,
        ringSeconds: c.settings.ringSeconds,
        variables: { HOTLINE_CAMPAIGN: String(c.id) },
      });
    } catch (err) {
      log.warn({ err, attempt: attemptId }, 'campaign originate failed');
      a.facts.dialStatus = 'FAILED';
      finish(a);
    }
    return true;
  }

  async function runCampaign(c: Campaign): Promise<void> {
    if (c.mode === 'preview') return;
    const t = now();
    const rt = runtime(c);
    if (c.mode === 'predictive' && t - rt.levelAt >= LEVEL_EVERY_MS) {
      rt.level = nextDialLevel(rt.level, rt.tracker.figures(t), {
        ...DEFAULT_PACING,
        abandonTarget: c.settings.abandonTarget,
        maxLevel: c.settings.maxLevel,
      });
      rt.levelAt = t;
    }
    const mine = ofCampaign(c.id);
    const idle = c.agents.filter(seatIdle);
    const n = callsToPlace({
      mode: c.mode,
      level: rt.level,
      idleAgents: c.mode === 'predictive' ? Math.max(0, idle.length - waiting.length) : idle.length,
      ringing: mine.filter((a) => !a.facts.answered).length,
      channelsLeft: c.settings.maxChannels - mine.length,
    });
    // every contact has its result and no call is up: the campaign is done
    if (mine.length === 0 && store.openLeads(c.id) === 0) {
      store.setState(c.id, 'done', t);
      deps.bus.emit('dialer.campaign.changed', { action: 'done', id: c.id });
      return;
    }
    if (n === 0) return;
    let placed = 0;
    for (const lead of store.dueLeads(c.id, t, n * 3)) {
      if (placed >= n) break;
      const seat = c.mode === 'progressive' ? (idle[placed] ?? null) : null;
      if (c.mode === 'progressive' && !seat) break;
      if (await place(c, lead, seat)) placed++;
    }
  }

  async function tick(): Promise<void> {
    if (ticking) return;
    ticking = true;
    try {
      watchdog();
      connectWaiting();
      for (const c of store.campaigns.all()) {
        if (c.state !== 'running') continue;
        try {
          await runCampaign(c);
        } catch (err) {
          log.error({ err, campaign: c.id }, 'campaign pacing failed');
        }
      }
    } finally {
      ticking = false;
    }
  }

  function watchdog(): void {
    const t = now();
    for (const a of [...active.values()]) {
      const ringLimit = a.startedAt + (a.campaign.settings.ringSeconds + 60) * 1000;
      if ((!a.facts.answered && t > ringLimit) || t > a.startedAt + ANSWERED_WATCHDOG_MS) {
        log.warn({ attempt: a.attemptId }, 'campaign call never reported its end: closed as failed');
        if (!a.facts.dialStatus) a.facts.dialStatus = a.facts.answered ? 'ANSWER' : 'FAILED';
        finish(a);
      }
    }
  }

  function freeSeat(c: Campaign): string | null {
    return c.agents.find(seatIdle) ?? null;
  }

  function redirect(a: Active, seat: string): void {
    if (!a.channel) return;
    held.add(seat);
    a.seat = seat;
    store.updateAttempt(a.attemptId, { seat });
    deps.ami
      .action('Redirect', { Channel: a.channel, Context: CONNECT_CONTEXT, Exten: seat, Priority: '1' })
      .catch((err) => log.warn({ err, attempt: a.attemptId }, 'handing a campaign call to an agent failed'));
  }

  /** Predictive: a person still within the 2 s hold gets the first agent that is free. */
  function connectWaiting(): void {
    const t = now();
    for (let i = 0; i < waiting.length; ) {
      const a = waiting[i]!;
      const late = a.humanAt === null || t > a.humanAt + HOLD_SECONDS * 1000 - 250;
      const seat = late || a.facts.abandoned ? null : freeSeat(a.campaign);
      if (seat) redirect(a, seat);
      if (seat || late || a.facts.abandoned || !active.has(a.attemptId)) waiting.splice(i, 1);
      else i++;
    }
  }

  function finish(a: Active): void {
    if (!active.delete(a.attemptId)) return;
    const t = now();
    const s = a.campaign.settings;
    const result = resultOf(a.facts, s);
    store.updateAttempt(a.attemptId, { endedAt: t, dialStatus: a.facts.dialStatus || 'FAILED', result });
    const retry = retryOf(result, store.resultCount(a.lead.id, result), s, t);
    store.settle(a.lead.id, { ...retry, result }, t);
    if (a.seat) held.delete(a.seat);
    connectWaiting();
    deps.bus.emit('dialer.attempt.ended', { campaignId: a.campaign.id, attemptId: a.attemptId, result });
  }

  function onStep(e: DialerStep): void {
    const a = active.get(e.attempt);
    if (!a) return;
    const t = now();
    switch (e.step) {
      case 'answered':
        a.facts.answered = true;
        store.updateAttempt(a.attemptId, { answeredAt: t });
        return;
      case 'amd': {
        a.facts.answered = true;
        a.facts.amd = e.status || 'NOTSURE';
        if (CAMPAIGN_CHANNEL.test(e.channel)) a.channel = e.channel;
        store.updateAttempt(a.attemptId, { amd: a.facts.amd, amdCause: e.cause });
        if (a.facts.amd === 'MACHINE') return;
        runtime(a.campaign).tracker.record({ kind: 'live', at: t });
        a.humanAt = t;
        if (a.campaign.mode === 'agentless') return;
        const seat = a.seat ?? freeSeat(a.campaign);
        if (seat) redirect(a, seat);
        else {
          waiting.push(a);
          connectWaiting();
        }
        return;
      }
      case 'agent':
        a.facts.agentAnswered = e.status === 'ANSWER';
        return;
      case 'abandoned':
        if (a.facts.abandoned) return;
        a.facts.abandoned = true;
        if (!a.facts.agentAnswered) runtime(a.campaign).tracker.record({ kind: 'abandon', at: t });
        return;
      case 'key':
        if (!e.key) return;
        a.facts.key = e.key;
        store.updateAttempt(a.attemptId, { key: e.key });
        if (e.key === a.campaign.settings.optOutKey) {
          deps.contacts
            .optOut(a.lead.number, 'keypress')
            .catch((err) => log.error({ err, attempt: a.attemptId }, 'a keypress opt-out was not stored'));
        }
        return;
      case 'end':
        a.facts.dialStatus = e.status || 'FAILED';
        finish(a);
        return;
    }
  }

  async function resyncDevices(): Promise<void> {
    const list = await deps.ami.list('DeviceStateList');
    for (const d of list) {
      const m = /^PJSIP\/([0-9]{2,8})$/.exec(d.Device ?? '');
      if (m && d.State) deviceState.set(m[1]!, d.State);
    }
  }

  return {
    start(): void {
      // calls that were up when hotlined stopped sent their events to nobody: closed as failed
      const t = now();
      for (const a of store.openAttempts()) {
        store.updateAttempt(a.id, {
          endedAt: t,
          dialStatus: a.dialStatus ?? 'LOST',
          result: a.result ?? 'failed',
        });
      }
      for (const c of store.campaigns.all()) store.releaseDialing(c.id, t);
      deps.bus.on('dialer', 'dialer.step', onStep);
      deps.bus.on('dialer', 'device.state', (e) => {
        const m = /^PJSIP\/([0-9]{2,8})$/.exec(e.device);
        if (m) deviceState.set(m[1]!, e.state);
      });
      deps.bus.on('dialer', 'asterisk.ready', () => {
        resyncDevices().catch((err) => log.warn({ err }, 'could not read device states'));
      });
      timer = setInterval(() => void tick(), LOOP_EVERY_MS);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
      deps.bus.off('dialer');
    },
    /** One pacing round now (tests, and after a start so the first calls do not wait a loop). */
    tick,
    /** A campaign paused or stopped: its pacing starts afresh next time. */
    forget(id: number): void {
      runtimes.delete(id);
    },
    live(c: Campaign): CampaignLive {
      const rt = runtimes.get(c.id);
      const mine = ofCampaign(c.id);
      return {
        level: rt?.level ?? 1,
        active: mine.length,
        ringing: mine.filter((a) => !a.facts.answered).length,
        idleAgents: c.agents.filter(seatIdle).length,
        dayAbandonRate: rt?.tracker.figures(now()).dayAbandonRate ?? 0,
      };
    },
    /** Preview: the seat is the agent's while it holds a lead. */
    holds: (seat: string) => held.has(seat),
    onStep,
  };
}

export type DialerEngine = ReturnType<typeof createDialerEngine>;
