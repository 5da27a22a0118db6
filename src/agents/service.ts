import type { Ami } from '../asterisk/ami.js';
import type { ConfigSection } from '../asterisk/apply.js';
import type { Actor } from '../audit/index.js';
import type { Db } from '../db/index.js';
import { AppError, notFound, validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanFile } from '../kit/dialplan-section.js';
import { mapPage } from '../kit/list.js';
import { mustFind, type ResourceService, type ViewedList } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { iso, type WithIsoTimes, withIsoTimes } from '../kit/view.js';
import type { Logger } from '../log.js';
import { queueIdOfSection, queueSection } from '../queues/schema.js';
import type { SeatLookup } from '../seats/index.js';
import { agentsDialplan } from './confgen.js';
import './events.js';
import { applyMemberActions, readMembers } from './members.js';
import { desiredMembers, observedState, planReconcile } from './reconcile.js';
import {
  type Agent,
  type AgentCreate,
  type AgentEvent,
  type AgentListQuery,
  type AgentState,
  type AgentUpdate,
  MISSED_REASON_CODE,
  type PauseReason,
  type PauseReasonCreate,
  type StateSource,
} from './schema.js';
import type { AgentStore, createSyncStore } from './store.js';

export interface QueueLookup {
  exists(id: number): boolean;
  all(): { id: number; settings: { autoPauseAfterMissed: number } }[];
}

/** Only hotlined's own queue sections are reconciled. */
const isOurSection = (q: string) => queueIdOfSection(q) !== null;

export type AgentView = Omit<WithIsoTimes<Agent>, 'state'> & {
  state: Omit<AgentState, 'since'> & { since: string };
};

/** A state change's answer: the agent, and whether app_queue took it now (false: on reconnect). */
export interface StateChange {
  agent: Agent;
  applied: boolean;
}

export interface AgentService
  extends ResourceService<Agent, AgentCreate, AgentUpdate>,
    ViewedList<Agent, AgentView, AgentListQuery> {
  byExtension(ext: string): Agent | undefined;
  extensions(): string[];
  login(id: number, source?: StateSource): Promise<StateChange>;
  logout(id: number, source?: StateSource): Promise<StateChange>;
  pause(id: number, reason: string | number, source?: StateSource): Promise<StateChange>;
  unpause(id: number, source?: StateSource): Promise<StateChange>;
  events(agentId: number | null, from: number, to: number, limit: number): Record<string, unknown>[];
  reasons(): PauseReason[];
  addReason(input: PauseReasonCreate, actor: Actor): Promise<PauseReason>;
  removeReason(id: number, actor: Actor): Promise<void>;
  /**
   * After every (re)connect. The same Asterisk run as last time means
   * members changed while hotlined was away (feature codes) are adopted;
   * a new run (Asterisk restarted: members are gone) gets the database's
   * state re-applied. Either way app_queue ends up matching the database.
   */
  reconcile(startedAt: number | null): Promise<number>;
  /** A feature code dialled on a seat's phone (UserEvent HotlineAgent). */
  onFeatureCode(e: { extension: string; action: string; reason: string }): Promise<void>;
  /** An offer the agent did not answer; N in a row (the queue's setting) pauses the agent. */
  onMissedOffer(queue: string, extension: string): Promise<void>;
  onAnswered(extension: string): void;
  configSection(): ConfigSection;
}

export function createAgentService(deps: {
  db: Db;
  store: AgentStore;
  sync: ReturnType<typeof createSyncStore>;
  ami: Ami;
  change: Change;
  seats: SeatLookup;
  queues: QueueLookup;
  log: Logger;
}): AgentService {
  const { db, store, sync, ami, seats, queues } = deps;
  const changes = resourceChanges(deps.change, { entity: 'agent', event: 'agent.changed' });
  const reasonChanges = resourceChanges(deps.change, { entity: 'pause_reason' });
  const log = deps.log.child({ component: 'agents' });
  /** Offers in a row each agent did not answer (auto-pause), by extension. */
  const missed = new Map<string, number>();

  const view = (a: Agent): AgentView => ({
    ...withIsoTimes(a),
    state: { ...a.state, since: iso(a.state.since) },
  });
  const mustGet = mustFind(store.get, (id) => `agent ${id}`);
  const checkSkills = (skills: { queueId: number }[]) => {
    skills.forEach((s, i) => {
      if (!queues.exists(s.queueId)) throw validation(`skills.${i}.queueId`, `no queue ${s.queueId}`);
    });
  };
  const reasonOf = (r: string | number): PauseReason => {
    const found = typeof r === 'number' ? store.reasonByCode(r) : store.reasonByName(r);
    if (!found) throw validation('reason', `no pause reason ${r}; configure it first`);
    return found;
  };

  /** The one way an agent's state changes: stored with its history, then told to app_queue. */
  const transition = async (
    a: Agent,
    next: Omit<AgentState, 'since'>,
    source: StateSource,
  ): Promise<StateChange> => {
    const now = Date.now();
    const s = a.state;
    const events: [AgentEvent, string | null][] = [];
    if (next.loggedIn !== s.loggedIn) events.push([next.loggedIn ? 'login' : 'logout', null]);
    if (next.loggedIn && (next.paused !== s.paused || (next.paused && next.pauseReason !== s.pauseReason)))
      events.push(next.paused ? ['pause', next.pauseReason] : ['unpause', null]);
    // nothing new to store, but Asterisk may still lack it (told while it was away): tell it again
    if (!events.length) return { agent: a, applied: source === 'phone' ? true : await applyAgent(a) };
    db.transaction(() => {
      store.setState(a.id, { ...next, since: now });
      for (const [e, reason] of events) store.recordEvent(a, e, reason, source, now);
    })();
    if (!next.loggedIn || !next.paused) missed.delete(a.extension);
    const agent = mustGet(a.id);
    // the dialplan already did it when the change came from the phone
    const applied = source === 'phone' ? true : await applyAgent(agent);
    return { agent, applied };
  };

  /** Brings one agent's memberships in line; false when Asterisk could not be told (reconcile later). */
  const applyAgent = async (a: Agent): Promise<boolean> => {
    try {
      const actual = (await readMembers(ami)).filter((m) => m.extension === a.extension);
      const actions = planReconcile(desiredMembers([a], queueSection), actual, isOurSection);
      await applyMemberActions(ami, actions);
      return true;
    } catch (err) {
      log.warn({ err, agent: a.extension }, 'agent state stored; Asterisk will get it on reconnect');
      return false;
    }
  };

  return {
    view,
    list: (q) => mapPage(store.page(q), view),
    get: mustGet,
    byExtension: (ext: string) => store.byExtension(ext),
    extensions: () => store.all().map((a) => a.extension),

    async create(input, actor) {
      const now = Date.now();
      const id = await changes.create(actor, input, () => {
        if (seats.findByExtension(input.extension) === undefined)
          throw validation('extension', `no seat ${input.extension}`);
        if (store.byExtension(input.extension))
          throw new AppError('conflict', `seat ${input.extension} is already an agent`, {
            field: 'extension',
          });
        checkSkills(input.skills);
        return store.insert(input, now);
      });
      return mustGet(id);
    },

    async update(id, patch, actor) {
      const before = mustGet(id);
      const after = { name: patch.name ?? before.name, skills: patch.skills ?? before.skills };
      const now = Date.now();
      await changes.update(actor, before, after, () => {
        mustGet(id);
        checkSkills(after.skills);
        store.update(id, after, now);
      });
      const agent = mustGet(id);
      // a logged-in agent's new skills take effect now
      if (agent.state.loggedIn) await applyAgent(agent);
      return agent;
    },

    async remove(id, actor) {
      const before = mustGet(id);
      await changes.remove(actor, before, () => store.remove(id));
      await applyAgent({ ...before, state: { ...before.state, loggedIn: false } });
    },

    login: (id, source = 'api') =>
      transition(mustGet(id), { loggedIn: true, paused: false, pauseReason: null }, source),
    logout: (id, source = 'api') =>
      transition(mustGet(id), { loggedIn: false, paused: false, pauseReason: null }, source),
    async pause(id, reason, source = 'api') {
      const a = mustGet(id);
      if (!a.state.loggedIn) throw new AppError('conflict', 'the agent is not logged in', { field: 'id' });
      return transition(a, { loggedIn: true, paused: true, pauseReason: reasonOf(reason).name }, source);
    },
    async unpause(id, source = 'api') {
      const a = mustGet(id);
      if (!a.state.loggedIn) throw new AppError('conflict', 'the agent is not logged in', { field: 'id' });
      return transition(a, { loggedIn: true, paused: false, pauseReason: null }, source);
    },

    events(agentId, from, to, limit) {
      return store.events(agentId, from, to, limit).map((e) => ({ ...e, at: iso(e.at as number) }));
    },

    reasons: () => store.reasons(),
    async addReason(input, actor) {
      const now = Date.now();
      const id = await reasonChanges.create(actor, input, () => {
        if (store.reasonByCode(input.code))
          throw new AppError('conflict', `code ${input.code} is taken`, { field: 'code' });
        if (store.reasonByName(input.name))
          throw new AppError('conflict', `reason ${input.name} exists`, { field: 'name' });
        return store.insertReason(input.code, input.name, now);
      });
      return store.reasonById(id)!;
    },
    async removeReason(id, actor) {
      const before = store.reasonById(id);
      if (!before) throw notFound(`pause reason ${id}`);
      // auto-pause needs it, and the API cannot create code 99 again
      if (before.code === MISSED_REASON_CODE)
        throw new AppError('conflict', `reason ${MISSED_REASON_CODE} is used by auto-pause`, {
          field: 'code',
        });
      await reasonChanges.remove(actor, before, () => store.removeReason(id));
    },

    async reconcile(startedAt) {
      const actual = await readMembers(ami);
      const sameRun = startedAt !== null && sync.lastRun() === startedAt;
      if (sameRun) {
        for (const a of store.all()) {
          const seen = observedState(
            a,
            actual.filter((m) => isOurSection(m.queue)),
          );
          const s = a.state;
          if (
            seen.loggedIn !== s.loggedIn ||
            seen.paused !== s.paused ||
            seen.pauseReason !== s.pauseReason
          ) {
            await transition(a, seen, 'asterisk');
          }
        }
      }
      const actions = planReconcile(desiredMembers(store.all(), queueSection), actual, isOurSection);
      await applyMemberActions(ami, actions);
      sync.setRun(startedAt);
      log.info({ actions: actions.length, adopted: sameRun }, 'queue members reconciled');
      return actions.length;
    },

    async onFeatureCode(e) {
      const a = store.byExtension(e.extension);
      if (!a) return;
      const next = { ...a.state } as Omit<AgentState, 'since'>;
      if (e.action === 'login') Object.assign(next, { loggedIn: true, paused: false, pauseReason: null });
      else if (e.action === 'logout')
        Object.assign(next, { loggedIn: false, paused: false, pauseReason: null });
      else if (e.action === 'pause' && a.state.loggedIn)
        Object.assign(next, { paused: true, pauseReason: e.reason || null });
      else if (e.action === 'unpause') Object.assign(next, { paused: false, pauseReason: null });
      else return;
      await transition(a, next, 'phone');
    },

    async onMissedOffer(queue, extension) {
      const limit = queues.all().find((q) => `q${q.id}` === queue)?.settings.autoPauseAfterMissed ?? 0;
      const count = (missed.get(extension) ?? 0) + 1;
      missed.set(extension, count);
      const a = store.byExtension(extension);
      // auto-pause never logs an agent in (a late event after logout, a member added by hand)
      if (!a || limit === 0 || count < limit || !a.state.loggedIn || a.state.paused) return;
      const reason = store.reasonByCode(MISSED_REASON_CODE) ?? store.reasons()[0];
      log.info({ agent: extension, missed: count }, 'auto-pausing after missed offers');
      await transition(a, { loggedIn: true, paused: true, pauseReason: reason?.name ?? null }, 'auto');
    },
    onAnswered(extension) {
      missed.delete(extension);
    },

    configSection: () => ({
      name: 'agents',
      generate: () => ({
        files: [dialplanFile('agents', agentsDialplan(store.all(), store.reasons(), queueSection))],
      }),
    }),
  };
}
