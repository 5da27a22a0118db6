import type { QueueStatusReport } from '../asterisk/queue-events.js';
import type { ChannelInfo, LiveEvents, QueueMemberInfo } from '../bus.js';
import { type AgentRecord, DEVICE, newAgent, settleAgent } from './agent-state.js';
import { ActiveCalls } from './calls.js';
import { InfraState } from './infra-state.js';
import type { QueueLogFact } from './queue-log.js';
import {
  abandon,
  answer,
  applyFact,
  complete,
  newQueue,
  type QueueRecord,
  resetDay,
  type WaitingCaller,
} from './queue-stats.js';
import type { AgentView, LiveDelta, LiveSnapshot, QueueThresholds, QueueView } from './types.js';
import { agentView, type LiveDirectory, queueView } from './views.js';

export type { LiveDirectory } from './views.js';

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
  /** Trunks, spans and the Asterisk connection. */
  readonly infra: InfraState;
  private readonly dirty: Record<Kind, Set<string>> = {
    queues: new Set(),
    agents: new Set(),
    calls: new Set(),
    trunks: new Set(),
    spans: new Set(),
  };
  private dayStart: number;
  /** Until the first resync is done: agents' since comes from the stored state, not the restart. */
  private restoring = true;

  constructor(
    private readonly directory: LiveDirectory,
    private readonly thresholds: (queueId: number | null) => QueueThresholds,
    now: number,
  ) {
    this.infra = new InfraState(directory, (kind, key) => this.mark(kind, key), now);
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
    this.queueCaller(e.queue, e, e.at);
    this.mark('queues', e.queue);
    this.markCall(this.calls.tag(e.uniqueid, { queue: e.queue }));
  }

  callerLeft(e: LiveEvents['queue.caller.left']): void {
    const q = this.queue(e.queue);
    if (q.waiting.delete(e.uniqueid)) this.mark('queues', e.queue);
    // positions of the others moved up: app_queue renumbers them without events
    let pos = 1;
    for (const c of [...q.waiting.values()].sort((a, b) => a.position - b.position)) c.position = pos++;
    // a caller who timed out or pressed a key out of the queue stops ringing phones too
    this.stopRinging(e.uniqueid, e.at);
  }

  callerAbandoned(e: LiveEvents['queue.caller.abandoned']): void {
    const q = this.queue(e.queue);
    abandon(q, e.uniqueid, e.holdTimeSec);
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
    answer(q, e.uniqueid, e.holdTimeSec);
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
    complete(q, e.uniqueid, e.talkTimeSec);
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
    for (const c of report.callers) this.queueCaller(c.queue, c, now - c.waitSec * 1000);
    const byAgent = new Map<string, QueueMemberInfo[]>();
    for (const m of report.members) byAgent.set(m.name, [...(byAgent.get(m.name) ?? []), m]);
    for (const [ext, a] of this.agents) {
      a.memberships = new Map((byAgent.get(ext) ?? []).map((m) => [m.queue, m]));
      a.ringing.clear();
      // a call the agent was on is still on if the device says so
      if (a.talking && ![...a.memberships.values()].some((m) => m.inCall || m.status === DEVICE.inUse))
        a.talking = null;
      this.settle(a, now, true);
    }
    for (const [ext, members] of byAgent) {
      if (this.agents.has(ext)) continue;
      const a = this.agent(ext, now);
      a.memberships = new Map(members.map((m) => [m.queue, m]));
      this.settle(a, now, true);
    }
    this.addListed(now);
    if (this.restoring) {
      this.restoring = false;
      for (const a of this.agents.values()) this.restoreSince(a, now);
    }
  }

  /**
   * After a restart the model first sees each agent at the restart: when the
   * state Asterisk reports is the one the agents domain stored (logged out,
   * paused, available), it began when that was stored. A call in progress
   * keeps the restart time (nothing stored says when it was answered).
   */
  private restoreSince(a: AgentRecord, now: number): void {
    const stored = this.directory.agentState?.(a.extension);
    if (!stored) return;
    const same =
      (a.state === 'logged_out' && !stored.loggedIn) ||
      (a.state === 'paused' && stored.loggedIn && stored.paused) ||
      (a.state === 'available' && stored.loggedIn && !stored.paused);
    if (!same || stored.since > now || stored.since === a.since) return;
    a.since = stored.since;
    this.mark('agents', a.extension);
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
    for (const a of this.agents.values()) {
      if (!a.wrapUntil || a.wrapUntil > now) continue;
      a.wrapUntil = 0;
      this.settle(a, now);
    }
  }

  /** Names or thresholds changed elsewhere: send every queue and agent again. */
  touchAll(): void {
    for (const s of this.queues.keys()) this.mark('queues', s);
    for (const e of this.agents.keys()) this.mark('agents', e);
    this.infra.touchAll();
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
      trunks: all([...this.infra.trunks.keys()].map(String), (k) => this.infra.trunk(k)),
      spans: all([...this.infra.spans.keys()].map(String), (k) => this.infra.span(k)),
      asterisk: this.infra.asterisk,
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
    const trunks = take('trunks', (k) => this.infra.trunk(k));
    const spans = take('spans', (k) => this.infra.span(k));
    if (queues) d.queues = queues;
    if (agents) d.agents = agents;
    if (calls) d.calls = calls;
    if (trunks) d.trunks = trunks;
    if (spans) d.spans = spans;
    if (this.infra.asteriskDirty) {
      d.asterisk = this.infra.asterisk;
      this.infra.asteriskDirty = false;
      any = true;
    }
    return any ? d : null;
  }

  get hasChanges(): boolean {
    return this.infra.asteriskDirty || Object.values(this.dirty).some((s) => s.size > 0);
  }

  /** For banners: the raw state they are computed from. */
  health() {
    const { asterisk, trunks, spans } = this.infra;
    return { asterisk, trunks: [...trunks.values()], spans: [...spans.values()] };
  }

  queueView(section: string, now: number): QueueView | null {
    const q = this.queues.get(section);
    return q ? queueView(q, this.agents.values(), this.directory, this.thresholds, now) : null;
  }

  agentView(extension: string): AgentView | null {
    const a = this.agents.get(extension);
    return a ? agentView(a, this.directory) : null;
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

  /** A caller joins its queue's waiting list (and today's offered calls, once). */
  private queueCaller(section: string, c: Omit<WaitingCaller, 'joinedAt'>, joinedAt: number): void {
    const q = this.queue(section);
    q.offered.add(c.uniqueid);
    q.waiting.set(c.uniqueid, {
      uniqueid: c.uniqueid,
      callerIdNum: c.callerIdNum,
      callerIdName: c.callerIdName,
      position: c.position,
      joinedAt,
    });
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
