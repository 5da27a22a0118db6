import type { ChannelInfo } from '../bus.js';
import type { CallView } from './types.js';

/**
 * Active calls: channels grouped by linkedid (Asterisk's id for everything
 * that descends from one originating channel). A call is up once any of its
 * channels is Up; it is gone when its last channel hangs up.
 */
interface CallRecord {
  id: string;
  from: string;
  to: string;
  startedAt: number;
  answeredAt: number | null;
  channels: Set<string>;
  queue: string | null;
  agent: string | null;
}

export class ActiveCalls {
  private readonly calls = new Map<string, CallRecord>();
  /** uniqueid → linkedid, for hangups and queue events that name a channel. */
  private readonly channelCall = new Map<string, string>();

  /** Returns the linkedid of the call that changed. */
  channel(c: ChannelInfo): string | null {
    if (!c.uniqueid) return null;
    const id = c.linkedid || c.uniqueid;
    let call = this.calls.get(id);
    if (!call) {
      call = {
        id,
        from: c.callerIdNum,
        to: c.exten,
        startedAt: c.at,
        answeredAt: null,
        channels: new Set(),
        queue: null,
        agent: null,
      };
      this.calls.set(id, call);
    }
    call.channels.add(c.uniqueid);
    this.channelCall.set(c.uniqueid, id);
    if (c.state === 'Up' && call.answeredAt === null) call.answeredAt = c.at;
    return id;
  }

  hangup(uniqueid: string): string | null {
    const id = this.channelCall.get(uniqueid);
    if (id === undefined) return null;
    this.channelCall.delete(uniqueid);
    const call = this.calls.get(id);
    if (!call) return null;
    call.channels.delete(uniqueid);
    if (call.channels.size === 0) this.calls.delete(id);
    return id;
  }

  /** Marks the call a queue caller belongs to; returns its id when it changed. */
  tag(uniqueid: string, patch: { queue?: string; agent?: string }): string | null {
    const id = this.channelCall.get(uniqueid);
    const call = id === undefined ? undefined : this.calls.get(id);
    if (!call) return null;
    if (patch.queue !== undefined) call.queue = patch.queue;
    if (patch.agent !== undefined) call.agent = patch.agent;
    return call.id;
  }

  /** The call (linkedid) a channel belongs to, while it is up. */
  callIdOf(uniqueid: string): string | undefined {
    return this.channelCall.get(uniqueid);
  }

  callerIdOf(uniqueid: string): string {
    const id = this.channelCall.get(uniqueid);
    return (id !== undefined && this.calls.get(id)?.from) || '';
  }

  /** Replaces everything with a CoreShowChannels listing; returns every id that changed. */
  replace(channels: ChannelInfo[]): string[] {
    const before = new Set(this.calls.keys());
    const kept = new Map<string, Pick<CallRecord, 'queue' | 'agent'>>();
    for (const [id, c] of this.calls) kept.set(id, { queue: c.queue, agent: c.agent });
    this.calls.clear();
    this.channelCall.clear();
    // oldest first, so a call's first channel gives its from/to
    for (const c of [...channels].sort((a, b) => a.at - b.at)) this.channel(c);
    for (const [id, tags] of kept) {
      const call = this.calls.get(id);
      if (call) Object.assign(call, tags);
    }
    return [...new Set([...before, ...this.calls.keys()])];
  }

  view(id: string): CallView | null {
    const c = this.calls.get(id);
    if (!c) return null;
    return {
      id: c.id,
      from: c.from,
      to: c.to,
      startedAt: new Date(c.startedAt).toISOString(),
      answeredAt: c.answeredAt === null ? null : new Date(c.answeredAt).toISOString(),
      channels: c.channels.size,
      queue: c.queue,
      agent: c.agent,
    };
  }

  ids(): string[] {
    return [...this.calls.keys()];
  }
}
