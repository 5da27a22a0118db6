import { randomBytes } from 'node:crypto';
import type { Actor, Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import { AppError, notFound } from '../errors.js';
import type { Principal } from '../http/principal.js';
import { iso } from '../kit/view.js';
import type { Logger } from '../log.js';
import type { SuperviseBody, SuperviseSession, SuperviseView } from './schema.js';
import type { NewSession, SuperviseStore } from './store.js';
import { RING_MS, type SpyTelephony } from './telephony.js';

/** An agent as this domain needs it: their seat, name and the queues they take calls from. */
export interface SupervisedAgent {
  id: number;
  extension: string;
  name: string;
  skills: { queueId: number }[];
}

export interface SuperviseService {
  /** Calls the supervisor's own phone into the agent's call (201 with the session). */
  start(body: SuperviseBody, actor: Actor): Promise<SuperviseView>;
  /** Sessions not yet ended, oldest first. */
  active(): SuperviseView[];
  get(id: number): SuperviseView;
  /** Hangs up the spy channel (its hang-up ends the session). */
  end(id: number, actor: Actor): Promise<void>;
  /** The spy channel answered (channel.state Up). */
  answered(uniqueid: string, at: number): void;
  /** A channel hung up: ends the session whose spy channel it was. */
  hungup(uniqueid: string, at: number): void;
  /** After every (re)connect: ends sessions whose spy channel Asterisk no longer has. */
  resync(): Promise<void>;
  stop(): void;
}

/** Time left for a silent Originate (no channel ever created) to show itself before the session is closed. */
const GRACE_MS = 5000;

const view = (s: SuperviseSession): SuperviseView => {
  const { supervisorRole: _r, spyUniqueid: _u, startedAt, answeredAt, endedAt, ...rest } = s;
  return {
    ...rest,
    state: endedAt !== null ? 'ended' : answeredAt !== null ? 'active' : 'calling',
    startedAt: iso(startedAt),
    answeredAt: answeredAt === null ? null : iso(answeredAt),
    endedAt: endedAt === null ? null : iso(endedAt),
  };
};

/**
 * Who may supervise whom, and every use from request to hang-up, audited
 * (`supervise` start and end rows). Rule: admins may supervise any agent; a
 * supervisor only an agent who takes calls from a queue the supervisor
 * supervises (the user's supervised queues, set by an admin); agents never
 * (the route's roles).
 */
export function createSuperviseService(deps: {
  db: Db;
  store: SuperviseStore;
  audit: Audit;
  telephony: SpyTelephony;
  agents: { get(id: number): SupervisedAgent; byExtension(ext: string): SupervisedAgent | undefined };
  seatOfUser(userId: number): string | null;
  /** The queues a user supervises (set by an admin on the user). */
  supervisedQueues(userId: number): number[];
  log: Logger;
  now?: () => number;
}): SuperviseService {
  const { db, store, audit, telephony, agents, seatOfUser, supervisedQueues, log } = deps;
  const now = deps.now ?? Date.now;
  const timers = new Map<number, NodeJS.Timeout>();

  const mustGet = (id: number) => {
    const s = store.get(id);
    if (!s) throw notFound('supervise session');
    return s;
  };
  const agentOf = (body: SuperviseBody): SupervisedAgent => {
    if (body.agentId !== undefined) return agents.get(body.agentId);
    const a = agents.byExtension(body.agentExtension ?? '');
    if (!a) throw notFound('agent');
    return a;
  };
  const mayWatch = (p: Principal, agent: SupervisedAgent) => {
    if (p.role === 'admin') return;
    const mine = new Set(p.role === 'supervisor' ? supervisedQueues(p.userId) : []);
    if (!agent.skills.some((s) => mine.has(s.queueId)))
      throw new AppError(
        'forbidden',
        `only admins and supervisors of agent ${agent.extension}'s queues may supervise them`,
      );
  };

  /** The session's supervisor as the principal of its end row (the hang-up is their act). */
  const supervisorOf = (s: SuperviseSession): Principal => ({
    userId: s.supervisorId,
    username: s.supervisor,
    role: s.supervisorRole as Principal['role'],
    via: 'session',
  });
  /** DELETEs waiting for their hang-up: who asked, for the end row. */
  const ending = new Map<number, Actor>();
  const finish = (s: SuperviseSession, reason: string, by: Actor | null = null, at = now()) => {
    ending.delete(s.id);
    db.transaction(() => {
      if (!store.end(s.id, at, reason)) return;
      audit.record({
        principal: by?.principal ?? supervisorOf(s),
        ip: by?.ip,
        action: 'end',
        entity: 'supervise',
        entityId: s.id,
        after: {
          agent: s.agentExtension,
          mode: s.mode,
          startedAt: iso(s.startedAt),
          answeredAt: s.answeredAt === null ? null : iso(s.answeredAt),
          endedAt: iso(at),
          reason,
        },
      });
    })();
    clearTimeout(timers.get(s.id));
    timers.delete(s.id);
  };
  /** Closes a session that never got an answer and whose channel is gone (or never came). */
  const check = async (id: number) => {
    timers.delete(id);
    const s = store.get(id);
    if (!s || s.endedAt !== null) return;
    try {
      if (!(await telephony.channelIds()).has(s.spyUniqueid))
        finish(s, s.answeredAt === null ? 'unanswered' : 'gone');
    } catch (err) {
      log.warn({ err, session: id }, 'could not check a supervise session; kept open until the next resync');
    }
  };
  const checkLater = (s: SuperviseSession) => {
    const due = s.startedAt + RING_MS + GRACE_MS - now();
    timers.set(
      s.id,
      setTimeout(() => void check(s.id), Math.max(0, due)),
    );
  };

  return {
    async start(body, actor) {
      const p = actor.principal;
      const agent = agentOf(body);
      mayWatch(p, agent);
      const seat = seatOfUser(p.userId);
      if (!seat)
        throw new AppError('conflict', 'you have no seat: the box calls your own phone to supervise', {
          field: 'seat',
        });
      if (seat === agent.extension) throw new AppError('conflict', 'you cannot supervise your own seat');
      const busy = store.open().find((s) => s.supervisorId === p.userId);
      if (busy)
        throw new AppError('conflict', `you are already supervising agent ${busy.agentExtension}`, {
          details: { sessionId: busy.id },
        });
      if (!(await telephony.registered(seat)))
        throw new AppError('conflict', `your seat ${seat} has no registered phone`, { field: 'seat' });
      const call = await telephony.agentCall(agent.extension);
      if (!call) throw new AppError('conflict', `agent ${agent.extension} is not on a call`);

      const session: NewSession = {
        supervisorId: p.userId,
        supervisor: p.username,
        supervisorRole: p.role,
        supervisorSeat: seat,
        agentExtension: agent.extension,
        agentName: agent.name,
        mode: body.mode,
        targetChannel: call.channel,
        callId: call.callId,
        spyUniqueid: `hotline-spy-${randomBytes(8).toString('hex')}`,
        startedAt: now(),
      };
      const id = db.transaction(() => {
        const id = store.insert(session);
        audit.record({
          principal: p,
          ip: actor.ip,
          action: 'start',
          entity: 'supervise',
          entityId: id,
          after: {
            agent: agent.extension,
            mode: body.mode,
            seat,
            callId: call.callId,
            startedAt: iso(session.startedAt),
          },
        });
        return id;
      })();
      const created = mustGet(id);
      try {
        await telephony.originate({
          seat,
          target: call.channel,
          mode: body.mode,
          spyId: session.spyUniqueid,
          agent: agent.extension,
        });
      } catch (err) {
        finish(created, 'failed');
        throw err;
      }
      checkLater(created);
      return view(mustGet(id));
    },

    active: () => store.open().map(view),
    get: (id) => view(mustGet(id)),

    async end(id, actor) {
      const s = mustGet(id);
      if (s.endedAt !== null) return;
      ending.set(id, actor);
      // gone already (its hang-up event still on its way, or missed): end it here
      if (!(await telephony.hangup(s.spyUniqueid))) finish(s, 'ended', actor);
    },

    answered(uniqueid, at) {
      store.answered(uniqueid, at);
    },

    hungup(uniqueid, at) {
      const s = store.bySpy(uniqueid);
      if (!s || s.endedAt !== null) return;
      const by = ending.get(s.id);
      finish(s, by ? 'ended' : 'hangup', by, at);
    },

    async resync() {
      const open = store.open();
      if (open.length === 0) return;
      const ids = await telephony.channelIds();
      for (const s of open) {
        if (ids.has(s.spyUniqueid)) continue;
        if (s.answeredAt !== null || s.startedAt + RING_MS + GRACE_MS <= now()) finish(s, 'gone');
        else if (!timers.has(s.id)) checkLater(s);
      }
    },

    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      ending.clear();
    },
  };
}
