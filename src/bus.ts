import type { Logger } from './log.js';

/**
 * Every event that crosses domain boundaries, with its payload type.
 * Adapters publish; domains subscribe. Nothing else carries events.
 */
export interface LiveEvents {
  'ami.state': { state: ConnectionState; since: number };
  'ari.state': { state: ConnectionState; since: number };
  /** Asterisk finished booting (or we reconnected to a booted one): time to resync. */
  'asterisk.ready': { version: string; startedAt: number | null };
  /** A PJSIP contact came, went or changed reachability. */
  'pjsip.contact': { endpoint: string; aor: string; uri: string; status: ContactStatus; rttUsec?: number };
  /** An outbound registration (a trunk registering to its carrier) changed state (AMI Registry). */
  'pjsip.registry': { clientUri: string; serverUri: string; status: string; cause: string };
  /** A trunk's live status changed: registration and qualify (for the live stream). */
  'trunk.status': {
    id: number;
    registration: 'registered' | 'rejected' | 'unregistered' | 'none';
    reachability: 'reachable' | 'unreachable' | 'unknown';
    rttMs: number | null;
  };
  /** Device state of an endpoint or other device (PJSIP/1001 → NOT_INUSE, ...). */
  'device.state': { device: string; state: string };
  'audit.recorded': { id: number; action: string; entity: string };
  /** An E1/T1 span raised an alarm (one event per alarm; history row `historyId`). */
  'span.alarm': SpanAlarmEvent;
  /** A span alarm cleared (SpanAlarmClear or a status poll that no longer shows it). */
  'span.alarm.cleared': SpanAlarmEvent & { clearedAt: string };
  /** A span's live status changed: alarms, D-channel, warnings (e.g. check clock source). */
  'span.status': {
    span: number;
    location: string | null;
    port: number | null;
    trunkId: number | null;
    alarms: string[];
    dchannelUp: boolean | null;
    warnings: string[];
  };
  'cdr.ingested': { count: number; lastId: number };
  /** How a call hotlined originated by itself ended up (OriginateResponse): answered or why not. */
  'originate.response': {
    context: string;
    exten: string;
    /** The originated channel's uniqueid (the ChannelId the Originate set, when it set one). */
    uniqueid: string;
    /** The Originate's ActionID. */
    actionId: string;
    answered: boolean;
    /** Asterisk's originate reason: 0 failed, 1 hung up, 3 ringing (no answer), 4 answered, 5 busy, 8 congestion. */
    reason: number;
  };
  /** A step of a voice notification's confirmation (UserEvent HotlineNotify from [hotline-notify]). */
  'notify.call': { action: number; step: 'answered' | 'key' | 'handover'; key: string };
  /** A seat's mailbox got a new message (MessageWaiting with more new messages than before). */
  'voicemail.left': { mailbox: string; newCount: number };
  /** An agent feature code dialled on a phone (UserEvent HotlineAgent from the dialplan). */
  'agent.feature-code': { extension: string; action: string; reason: string };
  /** A queue callback step in the dialplan (UserEvent HotlineCallback, src/callbacks). */
  'callback.dialplan':
    | { action: 'requested'; queueId: string; number: string; queuedAt: string }
    /** The caller keyed in after how many minutes they want the call. */
    | { action: 'scheduled'; queueId: string; number: string; minutes: string }
    | { action: 'confirmed' | 'unconfirmed'; callbackId: string };
  /** A step of a campaign call (UserEvent HotlineDialer from the dialer's dialplan). */
  'dialer.step': DialerStep;
  /** queue_log lines stored as queue_events rows (ids up to lastId). */
  'queue_log.ingested': { count: number; lastId: number };
  /** calls rows (re)built from their CDRs and queue events. */
  /** enteredAt: each rebuilt call's entered time, and its previous one when that moved (report rollups). */
  'calls.updated': { linkedids: string[]; enteredAt: number[] };
  // --- app_queue (AMI queue events; `queue` is the section name, e.g. q1; `at` is epoch ms) ---
  /** A caller entered a queue (QueueCallerJoin). */
  'queue.caller.joined': QueueCallerRef & { callerIdNum: string; callerIdName: string; position: number };
  /** A caller left the waiting list: answered, timed out, exited (QueueCallerLeave). */
  'queue.caller.left': QueueCallerRef & { position: number };
  /** The caller hung up while waiting (QueueCallerAbandon; a queue.caller.left follows). */
  'queue.caller.abandoned': QueueCallerRef & {
    position: number;
    originalPosition: number;
    holdTimeSec: number;
  };
  /** An agent's phone rings for a queue caller (AgentCalled). */
  'queue.agent.called': QueueAgentRef;
  /** The agent answered the queue caller (AgentConnect). */
  'queue.agent.connected': QueueAgentRef & { holdTimeSec: number; ringTimeSec: number };
  /** The queue call the agent took is over (AgentComplete). */
  'queue.agent.completed': QueueAgentRef & { holdTimeSec: number; talkTimeSec: number; reason: string };
  /** The agent did not answer in time (AgentRingNoAnswer). */
  'queue.agent.ringnoanswer': QueueAgentRef & { ringTimeMs: number };
  /** The agent hung up while the caller was being announced to them (AgentDump). */
  'queue.agent.dump': QueueAgentRef;
  /** A queue member was added, removed, paused/unpaused, or its device or penalty changed. */
  'queue.member': {
    change: 'added' | 'removed' | 'status' | 'pause' | 'penalty';
    member: QueueMemberInfo;
    at: number;
  };
  // --- channels (for active calls) ---
  'channel.created': ChannelInfo;
  /** A channel changed state (Newstate: Ring, Ringing, Up, ...). */
  'channel.state': ChannelInfo;
  'channel.hungup': { uniqueid: string; linkedid: string; cause: number; at: number };
  /**
   * A channel's far party put it on hold or took it off (AMI Hold / Unhold:
   * a phone's re-INVITE with sendonly/inactive or back to sendrecv).
   */
  'channel.hold': ChannelHold;
  // --- SMS (the modem on a serial port) ---
  /** The modem opened, closed, or its SIM or registration changed (src/sms). */
  'sms.modem': { state: string; problem: string | null };
  /** An SMS arrived (whole, concatenated parts joined), matched to a customer by number. */
  'sms.received': { id: number; number: string; text: string; customerId: number | null };
  // --- security (the brute-force guard) ---
  /** Asterisk reported a failed authentication or an unknown account (AMI security class). */
  'security.failure': { event: string; service: string; account: string; address: string };
  /** A source was banned or its ban lifted or expired (src/guard). */
  'guard.changed': { action: 'ban' | 'unban' | 'expire' | 'settings'; id: number | string | null };
}

/** Which caller in which queue (uniqueid = the caller channel's UNIQUEID, queue_log's callid). */
export interface QueueCallerRef {
  queue: string;
  uniqueid: string;
  at: number;
}

/** Which member for which queue caller; `member` is the member name (the seat extension). */
export interface QueueAgentRef extends QueueCallerRef {
  member: string;
  interface: string;
}

/** One queue membership as app_queue reports it (QueueMember*, QueueStatus). */
export interface QueueMemberInfo {
  queue: string;
  /** Member name: the seat extension (contract with the queues domain). */
  name: string;
  interface: string;
  paused: boolean;
  pausedReason: string;
  /** Device state number (0 unknown, 1 not in use, 2 in use, 3 busy, 4 invalid, 5 unavailable, 6 ringing, 7 ringinuse, 8 on hold). */
  status: number;
  inCall: boolean;
  penalty: number;
  callsTaken: number;
  /** Member wrap-up seconds when Asterisk reports one (0 = the queue's). */
  wrapUpSec: number;
}

/** A channel as AMI reports it (Newchannel, Newstate, CoreShowChannel). */
export interface ChannelInfo {
  uniqueid: string;
  linkedid: string;
  channel: string;
  /** Asterisk's ChannelStateDesc: Down, Ring, Ringing, Up, Busy, ... */
  state: string;
  callerIdNum: string;
  connectedLineNum: string;
  exten: string;
  context: string;
  at: number;
}

/** One Hold or Unhold of a channel; `at` is epoch ms. */
export interface ChannelHold {
  held: boolean;
  uniqueid: string;
  linkedid: string;
  channel: string;
  at: number;
}

export interface SpanAlarmEvent {
  span: number;
  location: string | null;
  port: number | null;
  trunkId: number | null;
  /** RED, YELLOW, BLUE, LOS, LOF, RECOVERING, NOTOPEN, LOOP. */
  alarm: string;
  raisedAt: string;
  historyId: number;
}

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'closing';
export type ContactStatus = 'Created' | 'Removed' | 'Reachable' | 'Unreachable' | 'Updated' | 'Unknown';

type Handler<K extends keyof LiveEvents> = (payload: LiveEvents[K]) => void;
type AnyHandler = (payload: unknown) => void;

export class Bus {
  private readonly handlers = new Map<keyof LiveEvents, Map<AnyHandler, string>>();

  constructor(private readonly log: Logger) {}

  /** Subscribe; `owner` lets a domain drop all its listeners with off(owner). */
  on<K extends keyof LiveEvents>(owner: string, name: K, fn: Handler<K>): void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Map();
      this.handlers.set(name, set);
    }
    set.set(fn as AnyHandler, owner);
  }

  off(owner: string): void {
    for (const set of this.handlers.values()) {
      for (const [fn, o] of set) if (o === owner) set.delete(fn);
    }
  }

  /** Handlers subscribed, over all events (a count that grows with traffic is a leak). */
  listenerCount(): number {
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }

  /** One listener's bug must not break the others, nor the publisher. */
  emit<K extends keyof LiveEvents>(name: K, payload: LiveEvents[K]): void {
    const set = this.handlers.get(name);
    if (!set) return;
    for (const [fn, owner] of set) {
      try {
        fn(payload);
      } catch (err) {
        this.log.error({ err, event: name, owner }, 'event listener failed');
      }
    }
  }
}

/**
 * What the dialer's dialplan reports of one attempt: `answered`, `amd`
 * (status HUMAN / MACHINE / NOTSURE, cause), `connect` (seat), `agent`
 * (the seat's DIALSTATUS), `abandoned`, `key` (the key pressed, may be
 * empty) and `end` (the customer leg's DIALSTATUS, or FULL).
 */
export interface DialerStep {
  attempt: number;
  step: string;
  status: string;
  cause: string;
  seat: string;
  key: string;
  /** The AMI channel that reported it. */
  channel: string;
}
