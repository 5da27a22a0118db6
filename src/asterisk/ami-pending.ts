/**
 * Correlation of AMI answers with our requests, by ActionID. Each request has
 * its own timer and settles exactly once; settling removes its map entry and
 * timer, so nothing grows with the number of actions (no listener per
 * ActionID). List actions collect their events until the `...Complete` one.
 */
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import type { AmiMessage } from './ami-frame.js';

export interface Reply {
  /** The Response frame; for a list that never sent one, its Complete event. */
  response: AmiMessage;
  /** List items in arrival order, without the Complete event; [] for single actions. */
  items: AmiMessage[];
}

export interface ReplyCallbacks {
  ok(reply: Reply): void;
  fail(err: Error): void;
}

export type RequestKind = 'single' | 'list';

interface Pending extends ReplyCallbacks {
  readonly id: string;
  readonly name: string;
  readonly kind: RequestKind;
  response?: AmiMessage;
  readonly items: AmiMessage[];
  timer?: NodeJS.Timeout;
}

const EXPIRED_LISTS_MAX = 256;

export const isErrorResponse = (m: AmiMessage) => m['Response']?.toLowerCase() === 'error';
const isListEnd = (m: AmiMessage) =>
  m['EventList']?.toLowerCase() === 'complete' || (m['Event'] ?? '').endsWith('Complete');

export class PendingActions {
  private seq = 0;
  private readonly pending = new Map<string, Pending>();
  /** Lists that timed out: their late items must not surface as live events. Insertion-ordered. */
  private readonly expiredLists = new Set<string>();

  constructor(private readonly log: Logger) {}

  get size(): number {
    return this.pending.size;
  }

  get expiredListCount(): number {
    return this.expiredLists.size;
  }

  /** Unique for the life of the process, so an answer from an old session never matches. */
  nextId(): string {
    return `hl-${++this.seq}`;
  }

  add(id: string, name: string, kind: RequestKind, timeoutMs: number, cb: ReplyCallbacks): void {
    const p: Pending = { id, name, kind, items: [], ok: cb.ok, fail: cb.fail };
    p.timer = setTimeout(() => this.expire(p, timeoutMs), timeoutMs);
    this.pending.set(id, p);
  }

  fail(id: string, err: Error): void {
    const p = this.pending.get(id);
    if (p) this.settle(p, err);
  }

  failAll(err: Error): void {
    for (const p of [...this.pending.values()]) this.settle(p, err);
  }

  /** A new session: ActionIDs of the old one can no longer be answered. */
  forgetExpired(): void {
    this.expiredLists.clear();
  }

  /**
   * Offers an incoming message. True when it belonged to a request (an answer,
   * a list item, or a late item of a list that timed out); false when it is
   * someone else's: a live event, or an answer nobody waits for any more.
   */
  take(msg: AmiMessage): boolean {
    const id = msg['ActionID'];
    if (id === undefined) return false;
    const p = this.pending.get(id);
    if (p && msg['Response'] !== undefined) {
      // A list answer without "EventList: start" has nothing to follow: VoicemailUsersList with no
      // mailboxes says "There are no voicemail users currently defined." as a plain Success.
      const noListFollows = p.kind === 'list' && msg['EventList'] === undefined;
      if (p.kind === 'single' || isErrorResponse(msg) || noListFollows) {
        this.settle(p, { response: msg, items: p.items });
      } else p.response ??= msg; // "EventList: start"; the items follow
      return true;
    }
    if (msg['Event'] === undefined) return false;
    if (p?.kind === 'list') {
      if (isListEnd(msg)) this.settle(p, { response: p.response ?? msg, items: p.items });
      else p.items.push(msg);
      return true;
    }
    // Events of a pending single action (OriginateResponse after Originate's Response) are live events.
    if (!this.expiredLists.has(id)) return false;
    if (isListEnd(msg)) this.expiredLists.delete(id);
    return true;
  }

  private expire(p: Pending, timeoutMs: number): void {
    if (this.pending.get(p.id) !== p) return;
    if (p.kind === 'list') {
      this.expiredLists.add(p.id);
      for (const old of this.expiredLists) {
        if (this.expiredLists.size <= EXPIRED_LISTS_MAX) break;
        this.expiredLists.delete(old);
      }
    }
    const message = `ami: action ${p.name} timed out after ${timeoutMs} ms`;
    this.log.warn({ actionId: p.id }, message);
    this.settle(p, new AppError('timeout', message, { details: { action: p.name } }));
  }

  /** The only place a request leaves the map. */
  private settle(p: Pending, outcome: Reply | Error): void {
    if (this.pending.get(p.id) !== p) return;
    this.pending.delete(p.id);
    clearTimeout(p.timer);
    if (outcome instanceof Error) p.fail(outcome);
    else p.ok(outcome);
  }
}
