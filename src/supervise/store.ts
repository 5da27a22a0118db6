import type { Db } from '../db/index.js';
import { defineTable } from '../kit/table.js';
import type { SpyMode } from './confgen.js';
import type { SuperviseSession } from './schema.js';

interface Row {
  id: number;
  supervisor_id: number;
  supervisor: string;
  supervisor_role: string;
  supervisor_seat: string;
  agent_ext: string;
  agent_name: string;
  mode: string;
  target_channel: string;
  call_id: string;
  spy_uniqueid: string;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
}

const toModel = (r: Row): SuperviseSession => ({
  id: r.id,
  supervisorId: r.supervisor_id,
  supervisor: r.supervisor,
  supervisorRole: r.supervisor_role,
  supervisorSeat: r.supervisor_seat,
  agentExtension: r.agent_ext,
  agentName: r.agent_name,
  mode: r.mode as SpyMode,
  targetChannel: r.target_channel,
  callId: r.call_id,
  spyUniqueid: r.spy_uniqueid,
  startedAt: r.started_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
});

export type NewSession = Omit<SuperviseSession, 'id' | 'answeredAt' | 'endedAt' | 'endReason'>;

export function createSuperviseStore(db: Db) {
  const table = defineTable<Row, SuperviseSession>(db, {
    table: 'supervise_sessions',
    columns: [
      'id',
      'supervisor_id',
      'supervisor',
      'supervisor_role',
      'supervisor_seat',
      'agent_ext',
      'agent_name',
      'mode',
      'target_channel',
      'call_id',
      'spy_uniqueid',
      'started_at',
      'answered_at',
      'ended_at',
      'end_reason',
    ],
    toModel,
    orderBy: 'id',
  });
  const open = db.prepare<[], Row>(
    `SELECT ${table.columns} FROM supervise_sessions WHERE ended_at IS NULL ORDER BY id`,
  );
  const insert = db.prepare(
    `INSERT INTO supervise_sessions (supervisor_id, supervisor, supervisor_role, supervisor_seat, agent_ext,
       agent_name, mode, target_channel, call_id, spy_uniqueid, started_at)
     VALUES (@supervisorId, @supervisor, @supervisorRole, @supervisorSeat, @agentExtension,
       @agentName, @mode, @targetChannel, @callId, @spyUniqueid, @startedAt)`,
  );
  const answered = db.prepare(
    'UPDATE supervise_sessions SET answered_at = ? WHERE spy_uniqueid = ? AND answered_at IS NULL AND ended_at IS NULL',
  );
  const end = db.prepare(
    'UPDATE supervise_sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL',
  );
  return {
    get: table.get,
    bySpy: (uniqueid: string) => table.findBy('spy_uniqueid', uniqueid),
    open: () => open.all().map(toModel),
    insert: (s: NewSession) => Number(insert.run(s).lastInsertRowid),
    answered: (uniqueid: string, at: number) => answered.run(at, uniqueid).changes > 0,
    /** True when this call ended it (a session ends once). */
    end: (id: number, at: number, reason: string) => end.run(at, reason, id).changes > 0,
  };
}
export type SuperviseStore = ReturnType<typeof createSuperviseStore>;
