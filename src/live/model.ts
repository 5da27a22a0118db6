import type { QueueStatusReport } from '../asterisk/queue-events.js';
import type { ChannelInfo, ConnectionState, LiveEvents, QueueMemberInfo } from '../bus.js';
import { type AgentRecord, deviceOffline, newAgent, settleAgent } from './agent-state.js';
import { ActiveCalls } from './calls.js';
import type { QueueLogFact } from './queue-log.js';
import { applyFact, figures, newQueue, oldestCaller, type QueueRecord, resetDay } from './queue-stats.js';
import type {
  AgentView,
  AsteriskView,
  LiveDelta,
  LiveSnapshot,
  QueueThresholds,
  QueueView,
  SpanView,
  TrunkView,
} from './types.js';

/** Names and settings the live model borrows from the configuration domains. */
export interface LiveDirectory {
  /** The queue behind an app_queue section (qN), or null when it is not (yet) known. */
  queue(section: string): { id: number; name: string; serviceLevelSec?: number; wrapUpSec?: number } | null;
  agentName(extension: string): string | null;
  /** Agents shown even while logged out (the agents domain's list), by extension. */
  agents(): string[];
  /** Queue sections shown even before Asterisk reports them or a call arrives (the queues domain's list). */
  queues(): string[];
  trunkName(id: number): string | null;
}

export const DEFAULT_SERVICE_LEVEL_SEC = 20;
const WAITING_SHOWN = 50;

type Kind = 'queues' | 'agents' | 'calls' | 'trunks' | 'spans';

/**
 * The live state: queues, agents, active calls, trunks, spans and the
 * Asterisk connection, changed by bus events and replaced by a resync after
 * every (re)connect. Handlers mutate in place and mark what changed (a copy
 * of every map per event would be wasted at hundreds of events a second);
 * the state rules themselves are the pure functions in agent-state.ts and
 * queue-stats.ts. takeDelta() hands the changes to the SSE hub.
 */
export class LiveModel {
  readonly queues = new Map<string, QueueRecord>();
  readonly agents = new Map<string, AgentRecord>();
  readonly calls = new ActiveCalls();
  private readonly trunks = new Map<number, TrunkView>();
  private readonly spans = new Map<number, SpanView>();
  private asterisk: AsteriskView;
  private readonly dirty: Record<Kind, Set<string>> = {
    queues: new Set(),
    agents: new Set(),
    calls: new Set(),
    trunks: new Set(),
    spans: new Set(),
  };
  private asteriskDirty = false;
  private dayStart: number;

  constructor(
    private readonly directory: LiveDirectory,
    private readonly thresholds: (queueId: number | null) => QueueThresholds,
    now: number,
  ) {
    const epoch = new Date(now).toISOString();
    this.asterisk = {
      ami: { state: 'disconnected', since: epoch },
      ari: { state: 'disconnected', since: epoch },
      version: null,
      startedAt: null,
    };
    this.dayStart = localMidnight(now);
    this.addListed(now);
  }

  /** Queues and agents the configuration lists appear before any event about them. */
  addListed(now: number): void {
    for (const section of this.directory.queues()) this.queue(section);
    for (const ext of this.directory.agents()) this.agent(ext, now);
  }

  /** Local midnight of today: "today" starts here. */
  get todayStart(): number {
    return this.dayStart;
  }

  // --- queue events --------------------------------------------------------------

  callerJoined(e: LiveEvents['queue.caller.joined']): void {
    const q = this.queue(e.queue);
    q.offered.add(e.uniqueid);
    q.waiting.set(e.uniqueid, {
      uniqueid: e.uniqueid,
      callerIdNum: e.callerIdNum,
      callerIdName: e.callerIdName,
      position: e.position,
      joinedAt: e.at,
    });
    this.mark('queues', e.queue);
    this.markCall(this.calls.tag(e.uniqueid, { queue: e.queue }));
  }

  callerLeft(e: LiveEvents['queue.caller.left']): void {
    const q = this.queue(e.queue);
    if (q.waiting.delete(e.uniqueid)) this.mark('queues', e.queue);
    // positions of the others moved up: app_queue renumbers them without events
    let pos = 1;
    for (const c of [...q.waiting.values()].sort((a, b) => a.position - b.position)) c.position = pos++;
  }

  callerAbandoned(e: LiveEvents['queue.caller.abandoned']): void {
    const q = this.queue(e.queue);
    q.offered.add(e.uniqueid);
    q.abandoned.add(e.uniqueid);
    q.waiting.delete(e.uniqueid);
    this.mark('queues', e.queue);
    this.stopRinging(e.uniqueid, e.at);
  }

  agentCalled(e: LiveEvents['queue.agent.called']): void {
    const a = this.agent(e.member, e.at);
    a.ringing.set(e.uniqueid, e.queue);
    this.settle(a, e.at);
  }

  agentConnected(e: LiveEvents['queue.agent.connected']): void {
    const q = this.queue(e.queue);
    const waiting = q.waiting.get(e.uniqueid);
    q.offered.add(e.uniqueid);
    q.answered.set(e.uniqueid, e.holdTimeSec);
    q.waiting.delete(e.uniqueid);
    this.mark('queues', e.queue);
    // ringall rings several agents; the others stop ringing without an event of their own
    this.stopRinging(e.uniqueid, e.at);
    const a = this.agent(e.member, e.at);
    a.handled.add(e.uniqueid);
    a.wrapUntil = 0;
    a.talking = {
      queue: e.queue,
      uniqueid: e.uniqueid,
      callerIdNum: waiting?.callerIdNum ?? this.calls.callerIdOf(e.uniqueid),
      since: e.at,
    };
    this.settle(a, e.at, true);
    this.markCall(this.calls.tag(e.uniqueid, { queue: e.queue, agent: e.member }));
  }

  agentCompleted(e: LiveEvents['queue.agent.completed']): void {
    const q = this.queue(e.queue);
    q.talk.set(e.uniqueid, e.talkTimeSec);
    this.mark('queues', e.queue);
    const a = this.agent(e.member, e.at);
    if (a.talking?.uniqueid === e.uniqueid || a.talking === null) {
      a.talking = null;
      const m = a.memberships.get(e.queue);
      const wrapSec = m?.wrapUpSec || this.directory.queue(e.queue)?.wrapUpSec || 0;
      a.wrapUntil = wrapSec > 0 ? e.at + wrapSec * 1000 : 0;
    }
    this.settle(a, e.at, true);
  }

  agentNotAnswering(e: LiveEvents['queue.agent.ringnoanswer'] | LiveEvents['queue.agent.dump']): void {
    const a = this.agent(e.member, e.at);
    a.ringing.delete(e.uniqueid);
    this.settle(a, e.at);
  }

  member(e: LiveEvents['queue.member']): void {
    const m = e.member;
    if (!m.name) return;
    const a = this.agent(m.name, e.at);
    if (e.change === 'removed') a.memberships.delete(m.queue);
    else a.memberships.set(m.queue, m);
    this.queue(m.queue);
    this.mark('queues', m.queue);
    this.settle(a, e.at, true);
  }

  // --- channels ------------------------------------------------------------------

  channel(c: ChannelInfo): void {
    this.markCall(this.calls.channel(c));
  }

  hangup(e: LiveEvents['channel.hungup']): void {
    this.markCall(this.calls.hangup(e.uniqueid));
  }

  // --- trunks, spans, connections ------------------------------------------------

  trunk(e: LiveEvents['trunk.status']): void {
    this.trunks.set(e.id, { ...e, name: this.directory.trunkName(e.id) ?? `trunk-${e.id}` });
    this.mark('trunks', String(e.id));
  }

  /** The configured trunks and their status now (at start and after a resync). */
  replaceTrunks(list: LiveEvents['trunk.status'][]): void {
    const ids = new Set(list.map((t) => t.id));
    for (const id of this.trunks.keys()) {
      if (!ids.has(id)) {
        this.trunks.delete(id);
        this.mark('trunks', String(id));
      }
    }
    for (const t of list) this.trunk(t);
  }

  spanAlarm(e: LiveEvents['span.alarm']): void {
    const prev = this.spans.get(e.span);
    this.spans.set(e.span, {
      span: e.span,
      alarm: e.alarm,
      since: prev?.alarm ? prev.since : new Date(e.at).toISOString(),
      description: e.description ?? null,
    });
    this.mark('spans', String(e.span));
  }

  spanCleared(e: LiveEvents['span.alarm.cleared']): void {
    this.spans.set(e.span, {
      span: e.span,
      alarm: null,
      since: new Date(e.at).toISOString(),
      description: null,
    });
    this.mark('spans', String(e.span));
  }

  connection(which: 'ami' | 'ari', state: ConnectionState, since: number): void {
    this.asterisk = { ...this.asterisk, [which]: { state, since: new Date(since).toISOString() } };
    this.asteriskDirty = true;
  }

  asteriskReady(e: LiveEvents['asterisk.ready']): void {
    this.asterisk = {
      ...this.asterisk,
      version: e.version,
      startedAt: e.startedAt === null ? null : new Date(e.startedAt).toISOString(),
    };
    this.asteriskDirty = true;
  }

  // --- resync ----------------------------------------------------------------------

  /** Asterisk's own view after a (re)connect replaces waiting callers and memberships. */
  resync(report: QueueStatusReport, now: number): void {
    const sections = new Set(report.queues.map((q) => q.queue));
    const listed = new Set(this.directory.queues());
    for (const [section, q] of this.queues) {
      if (!sections.has(section) && !listed.has(section) && q.offered.size === 0) this.queues.delete(section);
      this.mark('queues', section);
    }
    for (const p of report.queues) {
      const q = this.queue(p.queue);
      q.asteriskServiceLevelSec = p.serviceLevelSec;
      q.waiting.clear();
    }
    for (const c of report.callers) {
      const q = this.queue(c.queue);
      q.offered.add(c.uniqueid);
      q.waiting.set(c.uniqueid, {
        uniqueid: c.uniqueid,
        callerIdNum: c.callerIdNum,
        callerIdName: c.callerIdName,
        position: c.position,
        joinedAt: now - c.waitSec * 1000,
      });
    }
    const byAgent = new Map<string, QueueMemberInfo[]>();
    for (const m of report.members) byAgent.set(m.name, [...(byAgent.get(m.name) ?? []), m]);
    for (const [ext, a] of this.agents) {
      a.memberships = new Map((byAgent.get(ext) ?? []).map((m) => [m.queue, m]));
      a.ringing.clear();
      // a call the agent was on is still on if the device says so
      if (a.talking && ![...a.memberships.values()].some((m) => m.inCall)) a.talking = null;
      this.settle(a, now, true);
    }
    for (const [ext, members] of byAgent) {
      if (this.agents.has(ext)) continue;
      const a = this.agent(ext, now);
      a.memberships = new Map(members.map((m) => [m.queue, m]));
      this.settle(a, now, true);
    }
    this.addListed(now);
  }

  replaceChannels(channels: ChannelInfo[]): void {
    for (const id of this.calls.replace(channels)) this.mark('calls', id);
  }

  /** Today's counters from queue_log (idempotent: counted by caller uniqueid). */
  seed(facts: QueueLogFact[]): void {
    for (const f of facts) {
      applyFact(this.queue(f.queue), f);
      this.mark('queues', f.queue);
      if (f.kind === 'answered' && f.agent && f.agent !== 'NONE') {
        const a = this.agent(f.agent, Date.now());
        if (!a.handled.has(f.callid)) {
          a.handled.add(f.callid);
          this.mark('agents', a.extension);
        }
      }
    }
  }

  /** Time passing: wrap-ups end, and at local midnight today's figures start again. */
  tick(now: number): void {
    if (localMidnight(now) !== this.dayStart) {
      this.dayStart = localMidnight(now);
      for (const q of this.queues.values()) {
        resetDay(q);
        this.mark('queues', q.section);
      }
      for (const a of this.agents.values()) {
        a.handled.clear();
        this.mark('agents', a.extension);
      }
    }
    for (const a of this.agents.values()) if (a.wrapUntil && a.wrapUntil <= now) this.settle(a, now);
  }

  /** Names or thresholds changed elsewhere: send every queue and agent again. */
  touchAll(): void {
    for (const s of this.queues.keys()) this.mark('queues', s);
    for (const e of this.agents.keys()) this.mark('agents', e);
    for (const id of this.trunks.keys()) this.mark('trunks', String(id));
  }

  // --- views -------------------------------------------------------------------------

  snapshot(now: number): Omit<LiveSnapshot, 'banners'> {
    const all = <T>(keys: Iterable<string>, view: (k: string) => T | null) => {
      const out: Record<string, T> = {};
      for (const k of keys) {
        const v = view(k);
        if (v) out[k] = v;
      }
      return out;
    };
    return {
      serverTime: new Date(now).toISOString(),
      queues: all(this.queues.keys(), (k) => this.queueView(k, now)),
      agents: all(this.agents.keys(), (k) => this.agentView(k)),
      calls: all(this.calls.ids(), (k) => this.calls.view(k)),
      trunks: all([...this.trunks.keys()].map(String), (k) => this.trunks.get(Number(k)) ?? null),
      spans: all([...this.spans.keys()].map(String), (k) => this.spans.get(Number(k)) ?? null),
      asterisk: this.asterisk,
    };
  }

  /** What changed since the last call, or null when nothing did. */
  takeDelta(now: number): Omit<LiveDelta, 'banners'> | null {
    const d: Omit<LiveDelta, 'banners'> = { serverTime: new Date(now).toISOString() };
    let any = false;
    const take = <T>(kind: Kind, view: (k: string) => T | null) => {
      const keys = this.dirty[kind];
      if (keys.size === 0) return undefined;
      any = true;
      const out: Record<string, T | null> = {};
      for (const k of keys) out[k] = view(k);
      keys.clear();
      return out;
    };
    const queues = take('queues', (k) => this.queueView(k, now));
    const agents = take('agents', (k) => this.agentView(k));
    const calls = take('calls', (k) => this.calls.view(k));
    const trunks = take('trunks', (k) => this.trunks.get(Number(k)) ?? null);
    const spans = take('spans', (k) => this.spans.get(Number(k)) ?? null);
    if (queues) d.queues = queues;
    if (agents) d.agents = agents;
    if (calls) d.calls = calls;
    if (trunks) d.trunks = trunks;
    if (spans) d.spans = spans;
    if (this.asteriskDirty) {
      d.asterisk = this.asterisk;
      this.asteriskDirty = false;
      any = true;
    }
    return any ? d : null;
  }

  get hasChanges(): boolean {
    return this.asteriskDirty || Object.values(this.dirty).some((s) => s.size > 0);
  }

  /** For banners: the raw state they are computed from. */
  health() {
    return { asterisk: this.asterisk, trunks: [...this.trunks.values()], spans: [...this.spans.values()] };
  }

  queueView(section: string, now: number): QueueView | null {
    const q = this.queues.get(section);
    if (!q) return null;
    const known = this.directory.queue(section);
    const m = /^q([1-9][0-9]{0,9})$/.exec(section);
    const id = known?.id ?? (m ? Number(m[1]) : null);
    const serviceLevelSec = known?.serviceLevelSec || q.asteriskServiceLevelSec || DEFAULT_SERVICE_LEVEL_SEC;
    const oldest = oldestCaller(q);
    const agents = { loggedIn: 0, available: 0, ringing: 0, talking: 0, wrapUp: 0, paused: 0 };
    for (const a of this.agents.values()) {
      if (!a.memberships.has(section)) continue;
      agents.loggedIn++;
      if (a.state === 'available') agents.available++;
      else if (a.state === 'ringing') agents.ringing++;
      else if (a.state === 'talking') agents.talking++;
      else if (a.state === 'wrap_up') agents.wrapUp++;
      else if (a.state === 'paused') agents.paused++;
    }
    return {
      section,
      id,
      name: known?.name ?? section,
      serviceLevelSec,
      waitingCount: q.waiting.size,
      waiting: [...q.waiting.values()]
        .sort((a, b) => a.position - b.position)
        .slice(0, WAITING_SHOWN)
        .map((c) => ({ ...c, joinedAt: new Date(c.joinedAt).toISOString() })),
      longestWaitSince: oldest ? new Date(oldest.joinedAt).toISOString() : null,
      longestWaitSec: oldest ? Math.max(0, Math.floor((now - oldest.joinedAt) / 1000)) : 0,
      ...figures(q, serviceLevelSec),
      agents,
      thresholds: this.thresholds(id),
    };
  }

  agentView(extension: string): AgentView | null {
    const a = this.agents.get(extension);
    if (!a) return null;
    return {
      extension,
      name: this.directory.agentName(extension) ?? extension,
      state: a.state,
      since: new Date(a.since).toISOString(),
      pausedReason: a.pausedReason,
      queues: [...a.memberships.keys()].sort(),
      handledToday: a.handled.size,
      deviceOffline: deviceOffline(a),
      call: a.talking
        ? { queue: a.talking.queue, uniqueid: a.talking.uniqueid, callerIdNum: a.talking.callerIdNum }
        : null,
    };
  }

  // --- helpers ------------------------------------------------------------------------

  private queue(section: string): QueueRecord {
    let q = this.queues.get(section);
    if (!q) {
      q = newQueue(section);
      this.queues.set(section, q);
      this.mark('queues', section);
    }
    return q;
  }

  private agent(extension: string, now: number): AgentRecord {
    let a = this.agents.get(extension);
    if (!a) {
      a = newAgent(extension, now);
      this.agents.set(extension, a);
      this.mark('agents', extension);
    }
    return a;
  }

  /** Re-derives the agent's state; marks it (and its queues' agent counts) when it changed. */
  private settle(a: AgentRecord, now: number, force = false): void {
    if (!settleAgent(a, now) && !force) return;
    this.mark('agents', a.extension);
    for (const section of a.memberships.keys()) this.mark('queues', section);
  }

  private stopRinging(uniqueid: string, now: number): void {
    for (const a of this.agents.values()) {
      if (a.ringing.delete(uniqueid)) this.settle(a, now);
    }
  }

  private mark(kind: Kind, key: string): void {
    this.dirty[kind].add(key);
  }

  private markCall(id: string | null): void {
    if (id !== null) this.mark('calls', id);
  }
}

export function localMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
