import type { Bus, ChannelInfo, QueueAgentRef, QueueMemberInfo } from '../bus.js';
import type { Ami, AmiMessage } from './ami.js';

/**
 * app_queue and channel events (state, hangup, hold) → typed bus events, and the status actions
 * (QueueStatus, CoreShowChannels) the live state resyncs from. Field names are
 * Asterisk 22's; where older releases used other names (QueueStatus's
 * QueueMember has `Name`/`Location`, events have `MemberName`/`Interface`;
 * QueueMemberPause had `Reason` before `PausedReason`), both are read.
 */

/** Returns true when the event was one of ours. */
export function translateQueueEvent(e: AmiMessage, bus: Bus): boolean {
  const at = eventTime(e);
  switch (e.Event) {
    case 'QueueCallerJoin':
      bus.emit('queue.caller.joined', {
        ...caller(e, at),
        callerIdNum: e.CallerIDNum ?? '',
        callerIdName: e.CallerIDName ?? '',
        position: int(e.Position),
      });
      return true;
    case 'QueueCallerLeave':
      bus.emit('queue.caller.left', { ...caller(e, at), position: int(e.Position) });
      return true;
    case 'QueueCallerAbandon':
      bus.emit('queue.caller.abandoned', {
        ...caller(e, at),
        position: int(e.Position),
        originalPosition: int(e.OriginalPosition),
        holdTimeSec: int(e.HoldTime),
      });
      return true;
    case 'AgentCalled':
      bus.emit('queue.agent.called', agent(e, at));
      return true;
    case 'AgentConnect':
      bus.emit('queue.agent.connected', {
        ...agent(e, at),
        holdTimeSec: int(e.HoldTime),
        ringTimeSec: int(e.RingTime),
      });
      return true;
    case 'AgentComplete':
      bus.emit('queue.agent.completed', {
        ...agent(e, at),
        holdTimeSec: int(e.HoldTime),
        talkTimeSec: int(e.TalkTime),
        reason: e.Reason ?? '',
      });
      return true;
    case 'AgentRingNoAnswer':
      bus.emit('queue.agent.ringnoanswer', { ...agent(e, at), ringTimeMs: int(e.RingTime) });
      return true;
    case 'AgentDump':
      bus.emit('queue.agent.dump', agent(e, at));
      return true;
    case 'QueueMemberAdded':
    case 'QueueMemberRemoved':
    case 'QueueMemberStatus':
    case 'QueueMemberPause':
    case 'QueueMemberPenalty':
      bus.emit('queue.member', { change: MEMBER_CHANGE[e.Event], member: queueMember(e), at });
      return true;
    case 'Newchannel':
      bus.emit('channel.created', channelInfo(e, at));
      return true;
    case 'Newstate':
      bus.emit('channel.state', channelInfo(e, at));
      return true;
    case 'Hangup':
      bus.emit('channel.hungup', {
        uniqueid: e.Uniqueid ?? '',
        linkedid: e.Linkedid ?? e.Uniqueid ?? '',
        cause: int(e.Cause),
        at,
      });
      return true;
    case 'Hold':
    case 'Unhold':
      // raised on the channel whose far party holds (chan_pjsip: ast_queue_hold on a sendonly/inactive re-INVITE)
      if (e.Uniqueid)
        bus.emit('channel.hold', {
          held: e.Event === 'Hold',
          uniqueid: e.Uniqueid,
          linkedid: e.Linkedid ?? e.Uniqueid,
          channel: e.Channel ?? '',
          at,
        });
      return true;
    default:
      return false;
  }
}

const MEMBER_CHANGE = {
  QueueMemberAdded: 'added',
  QueueMemberRemoved: 'removed',
  QueueMemberStatus: 'status',
  QueueMemberPause: 'pause',
  QueueMemberPenalty: 'penalty',
} as const;

export interface QueueStatusParams {
  queue: string;
  /** The queue's servicelevel setting in seconds (0 when unset). */
  serviceLevelSec: number;
  strategy: string;
}

export interface QueueStatusEntry {
  queue: string;
  uniqueid: string;
  callerIdNum: string;
  callerIdName: string;
  position: number;
  /** Seconds the caller has waited so far. */
  waitSec: number;
}

export interface QueueStatusReport {
  queues: QueueStatusParams[];
  members: QueueMemberInfo[];
  callers: QueueStatusEntry[];
}

/** Action QueueStatus: QueueParams, QueueMember and QueueEntry items (QueueStatusComplete ends the list). */
export async function readQueueStatus(ami: Ami): Promise<QueueStatusReport> {
  const items = await ami.list('QueueStatus');
  const report: QueueStatusReport = { queues: [], members: [], callers: [] };
  for (const e of items) {
    if (e.Event === 'QueueParams') {
      report.queues.push({
        queue: e.Queue ?? '',
        serviceLevelSec: int(e.ServiceLevel),
        strategy: e.Strategy ?? '',
      });
    } else if (e.Event === 'QueueMember') {
      report.members.push(queueMember(e));
    } else if (e.Event === 'QueueEntry') {
      report.callers.push({
        queue: e.Queue ?? '',
        uniqueid: e.Uniqueid ?? '',
        callerIdNum: e.CallerIDNum ?? '',
        callerIdName: e.CallerIDName ?? '',
        position: int(e.Position),
        waitSec: int(e.Wait),
      });
    }
  }
  return report;
}

/** Action CoreShowChannels: every channel up now (for active calls after a reconnect). */
export async function readChannels(ami: Ami): Promise<ChannelInfo[]> {
  const items = await ami.list('CoreShowChannels');
  const now = Date.now();
  return items
    .filter((e) => e.Event === 'CoreShowChannel')
    .map((e) => {
      const c = channelInfo(e, now);
      // Duration is HH:MM:SS since the channel was created
      const m = /^(\d+):(\d{2}):(\d{2})$/.exec(e.Duration ?? '');
      return m ? { ...c, at: now - (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 } : c;
    });
}

function caller(e: AmiMessage, at: number) {
  return { queue: e.Queue ?? '', uniqueid: e.Uniqueid ?? '', at };
}

function agent(e: AmiMessage, at: number): QueueAgentRef {
  return { ...caller(e, at), member: e.MemberName ?? '', interface: e.Interface ?? '' };
}

function queueMember(e: AmiMessage): QueueMemberInfo {
  return {
    queue: e.Queue ?? '',
    name: e.MemberName ?? e.Name ?? '',
    interface: e.Interface ?? e.Location ?? '',
    paused: e.Paused === '1',
    pausedReason: e.PausedReason ?? e.Reason ?? '',
    status: int(e.Status),
    inCall: e.InCall === '1',
    penalty: int(e.Penalty),
    callsTaken: int(e.CallsTaken),
    wrapUpSec: int(e.Wrapuptime),
  };
}

function channelInfo(e: AmiMessage, at: number): ChannelInfo {
  return {
    uniqueid: e.Uniqueid ?? '',
    linkedid: e.Linkedid ?? e.Uniqueid ?? '',
    channel: e.Channel ?? '',
    state: e.ChannelStateDesc ?? '',
    callerIdNum: e.CallerIDNum ?? '',
    connectedLineNum: e.ConnectedLineNum ?? '',
    exten: e.Exten ?? '',
    context: e.Context ?? '',
    at,
  };
}

/** manager.conf has timestampevents = yes: `Timestamp: 1763894687.123456` (epoch seconds). */
function eventTime(e: AmiMessage): number {
  const ts = Number(e.Timestamp);
  return Number.isFinite(ts) && ts > 0 ? Math.round(ts * 1000) : Date.now();
}

function int(v: string | undefined): number {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}
