import type { Db } from '../db/index.js';
import { defineRecords, defineTable } from '../kit/table.js';
import type { OutboxStatus, Security } from './schema.js';
import type { Attachment } from './smtp.js';

export interface MailSettings {
  host: string;
  port: number;
  security: Security;
  verifyCertificate: boolean;
  username: string;
  password: string;
  fromAddress: string;
  fromName: string;
  updatedAt: number;
}

export interface MailTemplate {
  id: number;
  name: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface OutboxMessage {
  id: number;
  to: string;
  template: string | null;
  vars: Record<string, string | number>;
  reason: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  messageId: string;
  createdAt: number;
  sentAt: number | null;
  updatedAt: number;
}

type SettingsRow = Omit<MailSettings, 'verifyCertificate'> & { verifyCertificate: number };
type TemplateRow = Omit<MailTemplate, 'textBody' | 'htmlBody' | 'createdAt' | 'updatedAt'> & {
  text_body: string;
  html_body: string | null;
  created_at: number;
  updated_at: number;
};
type OutboxRow = Record<string, unknown>;

export type NewOutbox = Pick<
  OutboxMessage,
  'to' | 'template' | 'vars' | 'reason' | 'subject' | 'textBody' | 'htmlBody' | 'messageId'
>;

export function createMailStore(db: Db) {
  const readSettings = db.prepare<[], SettingsRow>(
    `SELECT host, port, security, verify_certificate AS verifyCertificate, username, password,
       from_address AS fromAddress, from_name AS fromName, updated_at AS updatedAt
     FROM mail_settings WHERE id = 1`,
  );
  const writeSettings = db.prepare(
    `UPDATE mail_settings SET host = @host, port = @port, security = @security,
       verify_certificate = @verifyCertificate, username = @username, password = @password,
       from_address = @fromAddress, from_name = @fromName, updated_at = @updatedAt
     WHERE id = 1`,
  );

  const templates = defineRecords<TemplateRow, MailTemplate, 'name' | 'updatedAt'>(db, {
    table: 'mail_templates',
    fields: ['name', 'subject', 'text_body', 'html_body'],
    orderBy: 'name, id',
    search: ['name', 'subject'],
    sort: { name: 'name', updatedAt: 'updated_at' },
    toModel: (r) => ({
      id: r.id,
      name: r.name,
      subject: r.subject,
      textBody: r.text_body,
      htmlBody: r.html_body,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
  });

  const outbox = defineTable<OutboxRow, OutboxMessage, 'createdAt' | 'status' | 'to'>(db, {
    table: 'mail_outbox',
    columns: [
      'id',
      'to_address',
      'template',
      'vars',
      'reason',
      'subject',
      'text_body',
      'html_body',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'message_id',
      'created_at',
      'sent_at',
      'updated_at',
    ],
    orderBy: 'id DESC',
    search: ['to_address', 'subject'],
    sort: { createdAt: 'created_at', status: 'status', to: 'to_address' },
    filters: {
      status: `instr(',' || @status || ',', ',' || status || ',') > 0`,
      template: 'template = @template',
      reason: 'reason = @reason',
    },
    toModel: (r) => ({
      id: r.id as number,
      to: r.to_address as string,
      template: r.template as string | null,
      vars: JSON.parse(r.vars as string),
      reason: r.reason as string,
      subject: r.subject as string,
      textBody: r.text_body as string,
      htmlBody: r.html_body as string | null,
      status: r.status as OutboxStatus,
      attempts: r.attempts as number,
      nextAttemptAt: r.next_attempt_at as number,
      lastError: r.last_error as string | null,
      messageId: r.message_id as string,
      createdAt: r.created_at as number,
      sentAt: r.sent_at as number | null,
      updatedAt: r.updated_at as number,
    }),
  });
  const insertAttachment = db.prepare(
    'INSERT INTO mail_attachments (outbox_id, filename, content_type, content) VALUES (?, ?, ?, ?)',
  );
  const attachmentsOf = db.prepare<[number], { filename: string; contentType: string; content: Buffer }>(
    'SELECT filename, content_type AS contentType, content FROM mail_attachments WHERE outbox_id = ? ORDER BY id',
  );
  const attachmentList = db.prepare<[number], { filename: string; contentType: string; size: number }>(
    'SELECT filename, content_type AS contentType, length(content) AS size FROM mail_attachments WHERE outbox_id = ? ORDER BY id',
  );
  const enqueue = db.prepare(
    `INSERT INTO mail_outbox (to_address, template, vars, reason, subject, text_body, html_body, message_id,
       next_attempt_at, created_at, updated_at)
     VALUES (@to, @template, @vars, @reason, @subject, @textBody, @htmlBody, @messageId, @now, @now, @now)`,
  );
  const due = db
    .prepare<[number], number>(
      `SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 50`,
    )
    .pluck();
  const settle = db.prepare(
    `UPDATE mail_outbox SET status = @status, attempts = attempts + @tried, next_attempt_at = @nextAttemptAt,
       last_error = @lastError, sent_at = COALESCE(@sentAt, sent_at), updated_at = @now
     WHERE id = @id`,
  );
  const bounce = db.prepare(
    `UPDATE mail_outbox SET status = 'bounced', last_error = @reason, updated_at = @now WHERE id = @id`,
  );

  return {
    settings(): MailSettings {
      const r = readSettings.get()!;
      return { ...r, verifyCertificate: r.verifyCertificate === 1 };
    },
    saveSettings(s: MailSettings): void {
      writeSettings.run({ ...s, verifyCertificate: s.verifyCertificate ? 1 : 0 });
    },
    templates,
    outbox,
    /** A message and its files, in one transaction. */
    enqueue: db.transaction(
      ({ attachments, ...m }: NewOutbox & { attachments: Attachment[] }, now: number) => {
        const id = Number(enqueue.run({ ...m, vars: JSON.stringify(m.vars), now }).lastInsertRowid);
        for (const a of attachments) insertAttachment.run(id, a.filename, a.contentType, a.content);
        return id;
      },
    ),
    attachments: {
      /** The files to send with a message. */
      of: (outboxId: number): Attachment[] => attachmentsOf.all(outboxId),
      /** What the outbox shows of them: names, types and sizes. */
      list: (outboxId: number) => attachmentList.all(outboxId),
    },
    due: (now: number) => due.all(now),
    /** One delivery attempt's outcome (`tried` 0 for a change that was not an attempt). */
    settle(
      id: number,
      o: {
        status: OutboxStatus;
        tried: 0 | 1;
        nextAttemptAt: number;
        lastError: string | null;
        sentAt: number | null;
      },
      now: number,
    ): void {
      settle.run({ id, ...o, now });
    },
    markBounced(id: number, reason: string, now: number): void {
      bounce.run({ id, reason, now });
    },
  };
}
export type MailStore = ReturnType<typeof createMailStore>;
