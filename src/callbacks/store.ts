import type { Db } from '../db/index.js';
import { type Callback, type CallbackListQuery, type CallbackStatus, IN_CALL, OPEN } from './schema.js';

const COLUMNS = `id, queue_id AS queueId, number, queued_at AS queuedAt, requested_at AS requestedAt, status,
  attempts, max_attempts AS maxAttempts, retry_seconds AS retrySeconds, next_attempt_at AS nextAttemptAt,
  channel_id AS channelId, agent, result, updated_at AS updatedAt`;

const list = (statuses: readonly CallbackStatus[]) => statuses.map((s) => `'${s}'`).join(', ');

export type CallbackStore = ReturnType<typeof createCallbackStore>;

/** A new callback; `place` is when the caller first joined the queue. */
export interface CallbackRequest {
  queueId: number;
  number: string;
  queuedAt: number;
  maxAttempts: number;
  retrySeconds: number;
}

/** The only SQL for callbacks. */
export function createCallbackStore(db: Db) {
  const insert = db.prepare(
    `INSERT INTO callbacks (queue_id, number, queued_at, requested_at, status, max_attempts, retry_seconds,
       next_attempt_at, updated_at)
     VALUES (@queueId, @number, @queuedAt, @now, 'waiting', @maxAttempts, @retrySeconds, @now, @now)
     ON CONFLICT DO NOTHING`,
  );
  const get = db.prepare<[number], Callback>(`SELECT ${COLUMNS} FROM callbacks WHERE id = ?`);
  const byChannel = db.prepare<[string], Callback>(`SELECT ${COLUMNS} FROM callbacks WHERE channel_id = ?`);
  const open = db.prepare<[], Callback>(
    `SELECT ${COLUMNS} FROM callbacks WHERE status IN (${list(OPEN)}) ORDER BY queue_id, queued_at, id`,
  );
  const inCall = db.prepare<[], Callback>(
    `SELECT ${COLUMNS} FROM callbacks WHERE status IN (${list(IN_CALL)}) ORDER BY id`,
  );
  const update = db.prepare(
    `UPDATE callbacks SET status = @status, attempts = @attempts, next_attempt_at = @nextAttemptAt,
       channel_id = @channelId, agent = @agent, result = @result, updated_at = @updatedAt
     WHERE id = @id`,
  );
  const page = (q: CallbackListQuery) => {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    if (q.queueId !== undefined) {
      where.push('queue_id = @queueId');
      args.queueId = q.queueId;
    }
    if (q.status !== undefined) {
      where.push('status = @status');
      args.status = q.status;
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const items = db
      .prepare(`SELECT ${COLUMNS} FROM callbacks ${filter} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all(args) as Callback[];
    const { total } = db.prepare(`SELECT count(*) AS total FROM callbacks ${filter}`).get(args) as {
      total: number;
    };
    return { items, total };
  };
  return {
    /** The new callback's id, or null when this number already holds a place in this queue. */
    insert(r: CallbackRequest, now: number): number | null {
      const res = insert.run({ ...r, now });
      return res.changes ? Number(res.lastInsertRowid) : null;
    },
    get: (id: number) => get.get(id),
    byChannel: (channelId: string) => byChannel.get(channelId),
    /** Every callback still holding a place, by queue and place. */
    open: () => open.all(),
    inCall: () => inCall.all(),
    save(c: Callback): void {
      update.run(c);
    },
    page,
  };
}
