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
