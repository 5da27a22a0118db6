import type { Db } from '../db/index.js';
import { defineTable } from '../kit/table.js';
import type {
  Agent,
  AgentEvent,
  AgentSortKey,
  AgentState,
  PauseReason,
  Skill,
  StateSource,
} from './schema.js';

interface Row {
  id: number;
  extension: string;
  name: string;
  created_at: number;
  updated_at: number;
  skills: string;
  logged_in: number | null;
  paused: number | null;
  pause_reason: string | null;
  since: number | null;
}

/** An agent with its skills and state: one row per agent (the table kit reads from it as from a table). */
const AGENTS = `(SELECT a.id, a.extension, a.name, a.created_at, a.updated_at,
  (SELECT json_group_array(json_object('queueId', queue_id, 'level', level))
     FROM (SELECT queue_id, level FROM agent_skills k WHERE k.agent_id = a.id ORDER BY queue_id)) AS skills,
  s.logged_in, s.paused, s.pause_reason, s.since
  FROM agents a LEFT JOIN agent_state s ON s.agent_id = a.id)`;

const toAgent = (r: Row): Agent => ({
  id: r.id,
  extension: r.extension,
  name: r.name,
  skills: JSON.parse(r.skills) as Skill[],
  state: {
    loggedIn: r.logged_in === 1,
    paused: r.paused === 1,
    pauseReason: r.pause_reason,
    since: r.since ?? r.created_at,
  },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type AgentStore = ReturnType<typeof createAgentStore>;

export function createAgentStore(db: Db) {
  const table = defineTable<Row, Agent, AgentSortKey>(db, {
    table: AGENTS,
    columns: [
      'id',
      'extension',
      'name',
      'created_at',
      'updated_at',
      'skills',
      'logged_in',
      'paused',
      'pause_reason',
      'since',
    ],
    toModel: toAgent,
    orderBy: 'extension',
    search: ['name', 'extension'],
    sort: { extension: 'extension', name: 'name', id: 'id' },
  });
  const insert = db.prepare(
    'INSERT INTO agents (extension, name, created_at, updated_at) VALUES (@extension, @name, @now, @now)',
  );
  const rename = db.prepare('UPDATE agents SET name = ?, updated_at = ? WHERE id = ?');
  const clearSkills = db.prepare('DELETE FROM agent_skills WHERE agent_id = ?');
  const addSkill = db.prepare('INSERT INTO agent_skills (agent_id, queue_id, level) VALUES (?, ?, ?)');
  const upsertState = db.prepare(
    `INSERT INTO agent_state (agent_id, logged_in, paused, pause_reason, since)
     VALUES (@id, @loggedIn, @paused, @pauseReason, @since)
     ON CONFLICT(agent_id) DO UPDATE SET logged_in = excluded.logged_in, paused = excluded.paused,
       pause_reason = excluded.pause_reason, since = excluded.since`,
  );
  const addEvent = db.prepare(
    `INSERT INTO agent_events (agent_id, extension, event, reason, source, at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const events = db.prepare<[number, number, number, number, number], Record<string, unknown>>(
    `SELECT id, agent_id AS agentId, extension, event, reason, source, at FROM agent_events
     WHERE (? = 0 OR agent_id = ?) AND at >= ? AND at < ? ORDER BY at, id LIMIT ?`,
  );
  const remove = db.prepare('DELETE FROM agents WHERE id = ?');
  const reasons = db.prepare<[], PauseReason>('SELECT id, code, name FROM pause_reasons ORDER BY code');
  const reasonByName = db.prepare<[string], PauseReason>(
    'SELECT id, code, name FROM pause_reasons WHERE name = ?',
  );
  const reasonByCode = db.prepare<[number], PauseReason>(
    'SELECT id, code, name FROM pause_reasons WHERE code = ?',
  );
  const reasonById = db.prepare<[number], PauseReason>(
    'SELECT id, code, name FROM pause_reasons WHERE id = ?',
  );
  const insertReason = db.prepare('INSERT INTO pause_reasons (code, name, created_at) VALUES (?, ?, ?)');
  const removeReason = db.prepare('DELETE FROM pause_reasons WHERE id = ?');

  const setSkills = (id: number, skills: Skill[]) => {
    clearSkills.run(id);
    for (const s of skills) addSkill.run(id, s.queueId, s.level);
  };

  return {
    page: table.page,
    all: table.all,
    get: table.get,
    byExtension: (ext: string) => table.findBy('extension', ext),
    insert(a: { extension: string; name: string; skills: Skill[] }, now: number): number {
      const id = Number(insert.run({ extension: a.extension, name: a.name, now }).lastInsertRowid);
      setSkills(id, a.skills);
      upsertState.run({ id, loggedIn: 0, paused: 0, pauseReason: null, since: now });
      return id;
    },
    update(id: number, a: { name: string; skills: Skill[] }, now: number) {
      rename.run(a.name, now, id);
      setSkills(id, a.skills);
    },
    setState(id: number, s: AgentState) {
      upsertState.run({
        id,
        loggedIn: s.loggedIn ? 1 : 0,
        paused: s.paused ? 1 : 0,
        pauseReason: s.pauseReason,
        since: s.since,
      });
    },
    recordEvent(a: Agent, event: AgentEvent, reason: string | null, source: StateSource, at: number) {
      addEvent.run(a.id, a.extension, event, reason, source, at);
    },
    events: (agentId: number | null, from: number, to: number, limit: number) =>
      events.all(agentId ?? 0, agentId ?? 0, from, to, limit),
    remove: (id: number) => remove.run(id),
    reasons: () => reasons.all(),
    reasonByName: (name: string) => reasonByName.get(name),
    reasonByCode: (code: number) => reasonByCode.get(code),
    reasonById: (id: number) => reasonById.get(id),
    insertReason: (code: number, name: string, now: number) =>
      Number(insertReason.run(code, name, now).lastInsertRowid),
    removeReason: (id: number) => removeReason.run(id),
  };
}

/** The Asterisk run (its start time) whose queue members hotlined last reconciled. */
export function createSyncStore(db: Db) {
  const get = db
    .prepare<[], number | null>('SELECT asterisk_started_at FROM agent_sync WHERE id = 1')
    .pluck();
  const set = db.prepare(
    `INSERT INTO agent_sync (id, asterisk_started_at) VALUES (1, ?)
     ON CONFLICT(id) DO UPDATE SET asterisk_started_at = excluded.asterisk_started_at`,
  );
  return {
    lastRun: (): number | null => get.get() ?? null,
    setRun: (startedAt: number | null) => set.run(startedAt),
  };
}
