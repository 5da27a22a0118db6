import type { AgentService } from '../agents/index.js';
import type { AgentView, StateChange } from '../agents/service.js';
import type { Actor } from '../audit/index.js';
import type { CallsService } from '../calls/index.js';
import { type CallClass, callClassRank } from '../dialplan/call-class.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Principal } from '../http/principal.js';
import type { Change } from '../kit/change.js';
import { resourceChanges } from '../kit/resource-changes.js';
import type { MatchResult } from '../outbound/service.js';
import type { Queue } from '../queues/schema.js';
import { queueIdOfSection } from '../queues/schema.js';
import './events.js';
import type { DeskContext, TransferTarget, WrapUpBody } from './schema.js';
import { ALL_SEATS } from './streams.js';
import type { DeskTelephony } from './telephony.js';
import type { DeskTracker } from './tracker.js';

export interface DeskService {
  /** The seat whose desk a principal acts on: their own, or (supervisors, admins) the one named. */
  seatFor(p: Principal, named: string | undefined): string;
  /** As seatFor; a supervisor or admin without a seat who names none watches every seat. */
  streamSeat(p: Principal, named: string | undefined): string;
  context(seat: string, callId: string, p: Principal): Promise<DeskContext>;
  login(seat: string): Promise<StateAnswer>;
  logout(seat: string): Promise<StateAnswer>;
  pause(seat: string, reason: string | number): Promise<StateAnswer>;
  unpause(seat: string): Promise<StateAnswer>;
  dial(seat: string, number: string): Promise<{ seat: string; number: string }>;
  transfer(seat: string, mode: 'blind' | 'attended', target: TransferTarget): Promise<{ callId: string }>;
  cancelTransfer(seat: string): Promise<void>;
  hangup(seat: string): Promise<void>;
  conference(seat: string, expert: string): Promise<{ callId: string; room: string }>;
  wrapUp(seat: string | null, body: WrapUpBody, actor: Actor): Promise<WrapUpView>;
}

/** The agent as /api/v1/agents shows it, and whether app_queue took the change now. */
export type StateAnswer = AgentView & { applied: boolean };

export interface WrapUpView {
  callId: string;
  agent: string;
  disposition: string;
  notes: string;
}

export function createDeskService(deps: {
  tracker: DeskTracker;
  telephony: DeskTelephony;
  agents: AgentService;
  calls: CallsService;
  queues: { get(id: number): Queue; exists(id: number): boolean };
  seats: { findByExtension(ext: string): { callClass: CallClass } | undefined };
  /** Which outbound rule takes a number (the same order as the generated dialplan). */
  outbound: { match(number: string): MatchResult };
  seatOfUser(userId: number): string | null;
  change: Change;
}): DeskService {
  const { tracker, telephony, agents, calls, queues } = deps;
  const wrapUps = resourceChanges(deps.change, {
    entity: 'call_wrapup',
    event: 'call.wrapup.changed',
    config: false,
  });

  const agentOf = (seat: string) => {
    const a = agents.byExtension(seat);
    if (!a) throw new AppError('conflict', `seat ${seat} is not an agent`, { field: 'agent' });
    return a;
  };
  /** The seat that answered a call: the built call once its CDR is in, else what the desk saw. */
  const takerOf = (callId: string): { seat: string; queueId: number | null } | null => {
    const built = calls.byLinkedid(callId);
    if (built?.agent) return { seat: built.agent, queueId: built.queue_id };
    const seat = tracker.seatThatTook(callId);
    if (!seat) return null;
    return { seat, queueId: queueIdOfSection(tracker.ringOf(callId)?.queue ?? null) };
  };

  /**
   * Refuses an outside number the dialplan would refuse, before anything
   * happens to the call: the dialplan's refusal (Hangup 21) would hang up
   * the caller of a blind transfer, or the agent's own phone on a
   * click-to-call, with no word to the desk. Seat extensions pass (the
   * seats' dialplan takes them before any outbound rule).
   */
  const checkOutside = (seat: string, number: string, field: string) => {
    if (deps.seats.findByExtension(number) !== undefined) return;
    const m = deps.outbound.match(number);
    if (m.result === 'denied:premium')
      throw new AppError('forbidden', `${number} is on the deny list (${m.pattern})`, { field });
    if (m.result === 'no-route') throw validation(field, `no outbound route takes ${number}`);
    const own = deps.seats.findByExtension(seat)?.callClass ?? 'internal';
    const needed = m.route.requiredClass as CallClass;
    if (callClassRank(own) < callClassRank(needed))
      throw new AppError(
        'forbidden',
        `route ${m.route.name} needs the ${needed} class; seat ${seat} is ${own}`,
        { field },
      );
  };

  const answer = (x: StateChange): StateAnswer => ({ ...agents.view(x.agent), applied: x.applied });

  return {
    streamSeat(p, named) {
      if (p.role !== 'agent' && named === undefined && !deps.seatOfUser(p.userId)) return ALL_SEATS;
      return this.seatFor(p, named);
    },

    seatFor(p, named) {
      const own = deps.seatOfUser(p.userId);
      if (p.role === 'agent') {
        if (!own) throw new AppError('forbidden', 'your user has no seat');
        if (named !== undefined && named !== own)
          throw new AppError('forbidden', 'agents may use only their own desk', { field: 'agent' });
        return own;
      }
      const seat = named ?? own;
      if (!seat) throw validation('agent', 'name the seat (agent) whose desk to use');
      if (deps.seats.findByExtension(seat) === undefined) throw validation('agent', `no seat ${seat}`);
      return seat;
    },

    async context(seat, callId, p) {
      const ring = tracker.ringOf(callId);
      const taker = takerOf(callId);
      const mine = ring?.agent === seat || taker?.seat === seat;
      if (!ring && !taker) throw notFound(`call ${callId}`);
      if (p.role === 'agent' && !mine)
        throw new AppError('forbidden', 'not a call of your seat', { field: 'callId' });
      return tracker.context(
        ring ?? {
          uniqueid: callId,
          agent: taker!.seat,
          queue: taker!.queueId ? `q${taker!.queueId}` : null,
          at: Date.now(),
        },
      );
    },

    login: async (seat) => answer(await agents.login(agentOf(seat).id)),
    logout: async (seat) => answer(await agents.logout(agentOf(seat).id)),
    pause: async (seat, reason) => answer(await agents.pause(agentOf(seat).id, reason)),
    unpause: async (seat) => answer(await agents.unpause(agentOf(seat).id)),

    async dial(seat, number) {
      checkOutside(seat, number, 'number');
      await telephony.dial(seat, number);
      return { seat, number };
    },

    async transfer(seat, mode, target) {
      let queueNumber: string | null | undefined;
      if (target.type === 'queue') {
        if (!queues.exists(target.queueId)) throw validation('target.queueId', `no queue ${target.queueId}`);
        queueNumber = queues.get(target.queueId).number;
      }
      if (target.type === 'seat' && deps.seats.findByExtension(target.extension) === undefined)
        throw validation('target.extension', `no seat ${target.extension}`);
      if (target.type === 'seat' && target.extension === seat)
        throw validation('target.extension', 'a call cannot be transferred to its own seat');
      if (target.type === 'number') checkOutside(seat, target.number, 'target.number');
      const call = await telephony.transfer(seat, mode, { target, queueNumber });
      return { callId: call.mine.linkedid };
    },

    cancelTransfer: (seat) => telephony.cancelTransfer(seat),
    hangup: (seat) => telephony.hangup(seat),

    async conference(seat, expert) {
      if (expert === seat) throw validation('extension', 'the expert must be another seat');
      if (deps.seats.findByExtension(expert) === undefined)
        throw validation('extension', `no seat ${expert}`);
      const r = await telephony.conference(seat, expert);
      return { callId: r.call.mine.linkedid, room: r.room };
    },

    async wrapUp(seat, body, actor) {
      const taker = takerOf(body.callId);
      if (!taker) throw notFound(`call ${body.callId}`);
      if (seat === null || taker.seat !== seat)
        throw new AppError('forbidden', 'only the agent who took the call wraps it up', { field: 'callId' });
      if (taker.queueId !== null && queues.exists(taker.queueId)) {
        const allowed = queues.get(taker.queueId).dispositions;
        if (allowed.length > 0 && !allowed.includes(body.disposition))
          throw validation('disposition', `the queue's dispositions are ${allowed.join(', ')}`);
      }
      const row = { linkedid: body.callId, agent: seat, disposition: body.disposition, notes: body.notes };
      const before = calls.wrapUpOf(body.callId);
      await wrapUps.change({
        actor,
        action: before ? 'update' : 'create',
        id: body.callId,
        before,
        mutate: () => calls.saveWrapUp(row),
        after: () => row,
      });
      return { callId: body.callId, agent: seat, disposition: body.disposition, notes: body.notes };
    },
  };
}
