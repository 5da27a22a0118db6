import type { Db } from '../db/index.js';
import { defineTable } from '../kit/table.js';
import type { SmsListParams, SmsMessage, SmsSettings } from './schema.js';

interface MessageRow {
  id: number;
  direction: 'out' | 'in';
  number: string;
  text: string;
  encoding: 'gsm7' | 'ucs2';
  parts: number;
  status: SmsMessage['status'];
  customer_id: number | null;
  error: string | null;
  sent_by: number | null;
  created_at: number;
  sent_at: number | null;
  delivered_at: number | null;
}

export type SmsStore = ReturnType<typeof createSmsStore>;

export function createSmsStore(db: Db) {
  const messages = defineTable<MessageRow, SmsMessage, 'createdAt' | 'number'>(db, {
    table: 'sms_messages',
    columns: [
      'id',
      'direction',
      'number',
      'text',
      'encoding',
      'parts',
      'status',
      'customer_id',
      'error',
      'sent_by',
      'created_at',
      'sent_at',
      'delivered_at',
    ],
    toModel: (r) => ({
      id: r.id,
      direction: r.direction,
      number: r.number,
      text: r.text,
      encoding: r.encoding,
      parts: r.parts,
      status: r.status,
      customerId: r.customer_id,
      error: r.error,
      sentBy: r.sent_by,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      deliveredAt: r.delivered_at,
    }),
    orderBy: 'id DESC',
    search: ['number', 'text'],
    sort: { createdAt: 'created_at', number: 'number' },
    filters: { direction: 'direction = @direction', status: 'status = @status', number: 'number = @number' },
  });
  const insert = db.prepare(
    `INSERT INTO sms_messages (direction, number, text, encoding, parts, status, customer_id, sent_by, created_at)
     VALUES (@direction, @number, @text, @encoding, @parts, @status, @customerId, @sentBy, @now)`,
  );
  const insertPart = db.prepare("INSERT INTO sms_parts (message_id, seq, status) VALUES (?, ?, 'queued')");
  const queued = db.prepare<[], { id: number }>(
    "SELECT id FROM sms_messages WHERE status = 'queued' ORDER BY id",
  );
  const partSent = db.prepare(
    "UPDATE sms_parts SET reference = ?, status = 'sent', sent_at = ? WHERE message_id = ? AND seq = ?",
  );
  const setStatus = db.prepare(
    `UPDATE sms_messages SET status = @status, error = @error,
       sent_at = COALESCE(sent_at, @sentAt), delivered_at = COALESCE(delivered_at, @deliveredAt) WHERE id = @id`,
  );
  // Message references wrap at 256: the latest part sent with it is the one reported on.
  const partByReference = db.prepare<[number], { message_id: number; seq: number }>(
    "SELECT message_id, seq FROM sms_parts WHERE reference = ? AND status = 'sent' ORDER BY sent_at DESC LIMIT 1",
  );
  const reportPart = db.prepare(
    'UPDATE sms_parts SET status = ?, reported_at = ? WHERE message_id = ? AND seq = ?',
  );
  const partStatuses = db
    .prepare<[number], string>('SELECT status FROM sms_parts WHERE message_id = ? ORDER BY seq')
    .pluck();
  const optOut = db.prepare(
    'INSERT OR IGNORE INTO sms_opt_outs (number, source, message_id, created_at) VALUES (?, ?, ?, ?)',
  );
  const optedOut = db.prepare<[string], number>('SELECT 1 FROM sms_opt_outs WHERE number = ?').pluck();
  const getSettings = db.prepare<[], { device_path: string | null; baud: number; smsc: string | null }>(
    'SELECT device_path, baud, smsc FROM sms_settings WHERE id = 1',
  );
  const setSettings = db.prepare(
    'UPDATE sms_settings SET device_path = @devicePath, baud = @baud, smsc = @smsc, updated_at = @now WHERE id = 1',
  );

  return {
    get: messages.get,
    page: (q: SmsListParams) =>
      messages.page(q, { direction: q.direction, status: q.status, number: q.number }),
    insert(
      m: Pick<
        SmsMessage,
        'direction' | 'number' | 'text' | 'encoding' | 'parts' | 'status' | 'customerId' | 'sentBy'
      >,
      now: number,
    ): number {
      const id = Number(insert.run({ ...m, now }).lastInsertRowid);
      if (m.direction === 'out') for (let seq = 1; seq <= m.parts; seq++) insertPart.run(id, seq);
      return id;
    },
    queued: () => queued.all().map((r) => r.id),
    partSent: (id: number, seq: number, reference: number, now: number) =>
      partSent.run(reference, now, id, seq),
    setStatus: (
      id: number,
      status: SmsMessage['status'],
      at: { error?: string | null; sentAt?: number; deliveredAt?: number } = {},
    ) =>
      setStatus.run({
        id,
        status,
        error: at.error ?? null,
        sentAt: at.sentAt ?? null,
        deliveredAt: at.deliveredAt ?? null,
      }),
    partByReference: (reference: number) => partByReference.get(reference),
    reportPart: (id: number, seq: number, status: 'delivered' | 'failed', now: number) =>
      reportPart.run(status, now, id, seq),
    partStatuses: (id: number) => partStatuses.all(id),
    optOut: (number: string, source: string, messageId: number | null, now: number) =>
      optOut.run(number, source, messageId, now).changes > 0,
    isOptedOut: (number: string) => optedOut.get(number) === 1,
    settings(): SmsSettings {
      const r = getSettings.get()!;
      return { devicePath: r.device_path, baud: r.baud, smsc: r.smsc };
    },
    setSettings: (s: SmsSettings, now: number) => setSettings.run({ ...s, now }),
  };
}
