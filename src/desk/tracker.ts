import type { Bus, ChannelInfo, LiveEvents } from '../bus.js';
import type { AgentView } from '../live/types.js';
import type { Logger } from '../log.js';
import { buildContext, type ContextSources, type RingFacts } from './context.js';
import type { DeskContext } from './schema.js';
import { ALL_SEATS, type DeskEventName, type DeskStreams } from './streams.js';

/** How many calls, channels and IVR paths the desk remembers (oldest forgotten first). */
const KEEP = 5000;

/** A seat's own channel: `PJSIP/1001-0000002a` (the seat is the endpoint name). */
const SEAT_CHANNEL = /^PJSIP\/([0-9]{2,8})-[0-9a-f]+$/;

export const seatOfChannel = (channel: string): string | null => SEAT_CHANNEL.exec(channel)?.[1] ?? null;

interface SeatChannel {
  seat: string;
  linkedid: string;
  answered: boolean;
  /** A call to the seat (this channel dials it): popped once. */
  rang: boolean;
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > KEEP) map.delete(map.keys().next().value as K);
}

/**
 * Turns bus events into each seat's desk events: `ringing` with the
 * screen-pop when app_queue offers a caller (AgentCalled) or when a call
 * straight to the seat (a DID or IVR route to the seat, an internal call)
 * dials its phone (the seat's channel created as a callee), `answered` and
 * `hungup` from the seat's own channels (queue calls, click-to-call and
 * direct calls alike), and `state` whenever the live model's view of the
 * agent changes. Listeners are added after the live model's, so the model
 * has already taken each event in when the desk reads it.
 */
export class DeskTracker {
  private readonly channels = new Map<string, SeatChannel>();
  private readonly ivrPaths = new Map<string, { ivrId: number; path: string[] }>();
  /** Calls by linkedid: what rang (or rings) at which seat. */
  private readonly rings = new Map<string, RingFacts>();
  /** Which seat answered a call (linkedid), for wrap-up before the calls row exists. */
  private readonly takenBy = new Map<string, string>();
  private readonly lastState = new Map<string, string>();
  /** Per seat, the send in progress: a pop still reading history must go out before the answer after it. */
  private readonly sending = new Map<string, Promise<void>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly bus: Bus,
    private readonly owner: string,
    private readonly streams: DeskStreams,
    private readonly sources: Omit<ContextSources, 'ivrPathOf'>,
    private readonly log: Logger,
  ) {
    const on = <K extends keyof LiveEvents>(name: K, fn: (e: LiveEvents[K]) => void) =>
      bus.on(owner, name, fn);
    on('ivr.path', (e) => remember(this.ivrPaths, e.channelId, { ivrId: e.ivrId, path: e.path }));
    on('queue.agent.called', (e) => {
      this.ring({ uniqueid: e.uniqueid, agent: e.member, queue: e.queue, at: e.at });
      this.checkState(e.member);
    });
    for (const name of [
      'queue.agent.connected',
      'queue.agent.completed',
      'queue.agent.ringnoanswer',
      'queue.agent.dump',
    ] as const)
      on(name, (e) => this.checkState(e.member));
    on('queue.member', (e) => this.checkState(e.member.name));
    // a caller who leaves stops ringing every phone; the model settled those agents already
    on('queue.caller.left', () => this.checkAll());
    on('channel.created', (c) => this.channel(c));
    on('channel.state', (c) => this.channel(c));
    on('channel.hungup', (e) => this.hungup(e));
    // wrap-up ends with time, and a resync replaces everything: look again every second
    this.timer = setInterval(() => this.checkAll(), 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.bus.off(this.owner);
  }

  /** The seat that answered a call, if the desk saw it. */
  seatThatTook(callId: string): string | undefined {
    return this.takenBy.get(callId);
  }

  /** The last call that rang this seat, if the desk saw it. */
  ringOf(callId: string): RingFacts | undefined {
    return this.rings.get(callId);
  }

  /** The screen-pop of a call as it stands now (the history read again). */
  context(facts: RingFacts): Promise<DeskContext> {
    return buildContext({ ...this.sources, ivrPathOf: (u) => this.ivrPaths.get(u) }, facts);
  }

  /** What a desk shows first: the agent's state and the call ringing or on, with its screen-pop. */
  async hello(seat: string): Promise<{ state: AgentView | null; call: DeskContext | null }> {
    if (seat === ALL_SEATS) {
      for (const ext of this.sources.live.agents.keys())
        this.lastState.set(ext, JSON.stringify(this.sources.live.agentView(ext)));
      return { state: null, call: null };
    }
    const state = this.sources.live.agentView(seat);
    const current = [...this.rings.values()].reverse().find((r) => {
      if (r.agent !== seat) return false;
      const a = this.sources.live.agents.get(seat);
      if (a?.ringing.has(r.uniqueid) || a?.talking?.uniqueid === r.uniqueid) return true;
      // a direct call: the seat's channel of it is still up
      const callId = this.sources.live.calls.callIdOf(r.uniqueid) ?? r.uniqueid;
      return [...this.channels.values()].some((c) => c.seat === seat && c.linkedid === callId);
    });
    this.lastState.set(seat, JSON.stringify(state));
    return { state, call: current ? await this.context(current) : null };
  }

  private ring(f: RingFacts): void {
    const callId = this.sources.live.calls.callIdOf(f.uniqueid) ?? f.uniqueid;
    remember(this.rings, callId, f);
    if (!this.streams.has(f.agent)) return;
    this.post(f.agent, 'ringing', this.context(f));
  }

  /**
   * A call ringing the seat's phone outside app_queue. A queue call rings
   * the phone too: its caller is waiting in the queue, and AgentCalled pops it.
   */
  private directRing(seat: string, linkedid: string, at: number): void {
    if (this.rings.get(linkedid)?.agent === seat) return;
    const { live } = this.sources;
    for (const q of live.queues.values())
      for (const u of q.waiting.keys()) if (u === linkedid || live.calls.callIdOf(u) === linkedid) return;
    // the caller's channel is the call's first (linkedid): its number, DID and IVR path are known by it
    this.ring({ uniqueid: linkedid, agent: seat, queue: null, at });
  }

  /** Sends in order per seat, whether the data is at hand or still being read. */
  private post(seat: string, event: DeskEventName, data: unknown): void {
    const before = this.sending.get(seat);
    if (!before && !(data instanceof Promise)) {
      this.streams.send(seat, event, data);
      return;
    }
    const next = (before ?? Promise.resolve())
      .then(() => data)
      .then((d) => this.streams.send(seat, event, d))
      .catch((err) => this.log.warn({ err, seat, event }, 'desk: event not sent'))
      .finally(() => {
        if (this.sending.get(seat) === next) this.sending.delete(seat);
      });
    this.sending.set(seat, next);
  }

  private channel(c: ChannelInfo): void {
    const seat = seatOfChannel(c.channel);
    if (!seat || !c.uniqueid) return;
    let ch = this.channels.get(c.uniqueid);
    if (!ch) {
      ch = { seat, linkedid: c.linkedid || c.uniqueid, answered: false, rang: false };
      remember(this.channels, c.uniqueid, ch);
    }
    // Asterisk made the seat's channel to dial it (Newchannel comes before the INVITE, so the pop
    // shows even on a phone that answers without a 180); a channel that is its call's first is
    // the seat calling out (click-to-call), not a call to it
    if (c.state !== 'Up' && !ch.rang && !ch.answered && ch.linkedid !== c.uniqueid) {
      ch.rang = true;
      this.directRing(seat, ch.linkedid, c.at);
    }
    if (c.state !== 'Up' || ch.answered) return;
    ch.answered = true;
    remember(this.takenBy, ch.linkedid, seat);
    this.post(seat, 'answered', {
      callId: ch.linkedid,
      uniqueid: c.uniqueid,
      channel: c.channel,
      queue: this.rings.get(ch.linkedid)?.queue ?? null,
      at: new Date(c.at).toISOString(),
    });
  }

  private hungup(e: LiveEvents['channel.hungup']): void {
    const ch = this.channels.get(e.uniqueid);
    if (!ch) return;
    this.channels.delete(e.uniqueid);
    this.post(ch.seat, 'hungup', {
      callId: ch.linkedid,
      uniqueid: e.uniqueid,
      answered: ch.answered,
      cause: e.cause,
      at: new Date(e.at).toISOString(),
    });
    this.checkState(ch.seat);
  }

  /** Sends the agent's state when what the desk would show changed. */
  private checkState(seat: string): void {
    if (!this.streams.has(seat)) return;
    const view = this.sources.live.agentView(seat);
    const json = JSON.stringify(view);
    if (this.lastState.get(seat) === json) return;
    this.lastState.set(seat, json);
    this.post(seat, 'state', view);
  }

  private checkAll(): void {
    const seats = this.streams.seats();
    for (const seat of seats.includes(ALL_SEATS) ? this.sources.live.agents.keys() : seats)
      this.checkState(seat);
  }
}
