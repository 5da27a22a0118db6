/**
 * AMI queue events as Asterisk 22's app_queue writes them (field sets taken
 * from a rig session: caller channel snapshot first, Dest* for the member's
 * channel, then the queue fields), for the live-state tests and bench/live.
 */
import type { AmiMessage } from '../../src/asterisk/ami.js';
import { frame, type Pair } from './fake-ami.js';

export interface CallerSpec {
  uniqueid: string;
  number: string;
  name?: string;
  /** Epoch seconds of the event (manager.conf timestampevents = yes). */
  ts: number;
}

function callerChannel(c: CallerSpec): Record<string, string> {
  return {
    Privilege: 'agent,all',
    Timestamp: c.ts.toFixed(6),
    Channel: `PJSIP/trunk-1-${c.uniqueid.replace('.', '')}`,
    ChannelState: '6',
    ChannelStateDesc: 'Up',
    CallerIDNum: c.number,
    CallerIDName: c.name ?? '<unknown>',
    ConnectedLineNum: '<unknown>',
    ConnectedLineName: '<unknown>',
    Language: 'en',
    AccountCode: '',
    Context: 'hotline-queue-1',
    Exten: 's',
    Priority: '4',
    Uniqueid: c.uniqueid,
    Linkedid: c.uniqueid,
  };
}

function destChannel(ext: string, ts: number): Record<string, string> {
  return {
    DestChannel: `PJSIP/${ext}-0000000${Math.floor(ts) % 10}`,
    DestChannelState: '5',
    DestChannelStateDesc: 'Ringing',
    DestCallerIDNum: ext,
    DestCallerIDName: '<unknown>',
    DestConnectedLineNum: '13800138000',
    DestConnectedLineName: '<unknown>',
    DestLanguage: 'en',
    DestAccountCode: '',
    DestContext: 'hotline-seats',
    DestExten: 's',
    DestPriority: '1',
    DestUniqueid: `${Math.floor(ts)}.9${ext}`,
    DestLinkedid: `${Math.floor(ts)}.9`,
  };
}

export const join = (queue: string, c: CallerSpec, position: number, count = position): AmiMessage => ({
  Event: 'QueueCallerJoin',
  ...callerChannel(c),
  Queue: queue,
  Position: String(position),
  Count: String(count),
});

export const leave = (queue: string, c: CallerSpec, position = 1, count = 0): AmiMessage => ({
  Event: 'QueueCallerLeave',
  ...callerChannel(c),
  Queue: queue,
  Count: String(count),
  Position: String(position),
});

export const abandon = (queue: string, c: CallerSpec, holdTime: number, position = 1): AmiMessage => ({
  Event: 'QueueCallerAbandon',
  ...callerChannel(c),
  Queue: queue,
  Position: String(position),
  OriginalPosition: String(position),
  HoldTime: String(holdTime),
});

const agentEvent = (
  event: string,
  queue: string,
  c: CallerSpec,
  ext: string,
  extra: Record<string, string>,
) => ({
  Event: event,
  ...callerChannel(c),
  ...destChannel(ext, c.ts),
  Queue: queue,
  Interface: `PJSIP/${ext}`,
  MemberName: ext,
  ...extra,
});

export const agentCalled = (queue: string, c: CallerSpec, ext: string): AmiMessage =>
  agentEvent('AgentCalled', queue, c, ext, {});
export const agentConnect = (queue: string, c: CallerSpec, ext: string, hold: number, ring = 2) =>
  agentEvent('AgentConnect', queue, c, ext, { HoldTime: String(hold), RingTime: String(ring) }) as AmiMessage;
export const agentComplete = (queue: string, c: CallerSpec, ext: string, hold: number, talk: number) =>
  agentEvent('AgentComplete', queue, c, ext, {
    HoldTime: String(hold),
    TalkTime: String(talk),
    Reason: 'caller',
  }) as AmiMessage;
export const ringNoAnswer = (queue: string, c: CallerSpec, ext: string, ms: number) =>
  agentEvent('AgentRingNoAnswer', queue, c, ext, { RingTime: String(ms) }) as AmiMessage;

export interface MemberSpec {
  queue: string;
  ext: string;
  paused?: boolean;
  reason?: string;
  status?: number;
  inCall?: boolean;
  wrapup?: number;
  ts: number;
}

/** QueueMemberAdded / Status / Pause / Removed as app_queue publishes them (queue_member_blob). */
export const member = (event: string, m: MemberSpec): AmiMessage => ({
  Event: event,
  Privilege: 'agent,all',
  Timestamp: m.ts.toFixed(6),
  Queue: m.queue,
  MemberName: m.ext,
  Interface: `PJSIP/${m.ext}`,
  StateInterface: `PJSIP/${m.ext}`,
  Membership: 'dynamic',
  Penalty: '0',
  CallsTaken: '0',
  LastCall: '0',
  LastPause: '0',
  LoginTime: String(Math.floor(m.ts)),
  InCall: m.inCall ? '1' : '0',
  Status: String(m.status ?? 1),
  Paused: m.paused ? '1' : '0',
  PausedReason: m.reason ?? '',
  Ringinuse: '0',
  Wrapuptime: String(m.wrapup ?? 0),
});

/** A QueueParams item of a QueueStatus answer: a queue's settings and figures since its last reset. */
export function queueParams(
  id: Pair,
  q: {
    queue: string;
    strategy: string;
    serviceLevel: number;
    calls?: number;
    holdtime?: number;
    talkTime?: number;
    completed?: number;
    abandoned?: number;
    /** ServicelevelPerf and ServicelevelPerf2, as app_queue prints them. */
    perf?: [string, string];
  },
): string {
  return frame(
    ['Event', 'QueueParams'],
    id,
    ['Queue', q.queue],
    ['Max', 0],
    ['Strategy', q.strategy],
    ['Calls', q.calls ?? 0],
    ['Holdtime', q.holdtime ?? 0],
    ['TalkTime', q.talkTime ?? 0],
    ['Completed', q.completed ?? 0],
    ['Abandoned', q.abandoned ?? 0],
    ['ServiceLevel', q.serviceLevel],
    ['ServicelevelPerf', q.perf?.[0] ?? '0.0'],
    ['ServicelevelPerf2', q.perf?.[1] ?? '0.0'],
    ['Weight', 0],
  );
}
