import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../audit/index.js';
import type { Bus } from '../bus.js';
import { AppError, validation } from '../errors.js';
import { sanitizeSolution } from '../kb/sanitize.js';
import type { Change } from '../kit/change.js';
import { mapPage } from '../kit/list.js';
import { patched } from '../kit/patch.js';
import { mustFind } from '../kit/resource.js';
import { checkedWrites, resourceChanges } from '../kit/resource-changes.js';
import { oneLine } from '../kit/text.js';
import { iso, withIsoTimes } from '../kit/view.js';
import type { Logger } from '../log.js';
import { placeholders, render } from './render.js';
import {
  type BounceReport,
  emailAddress,
  type MailSettingsPut,
  MailVars,
  type OutboxListQuery,
  type TemplateCreate,
  type TemplateListQuery,
  type TemplateUpdate,
} from './schema.js';
import type { Attachment, SendMail } from './smtp.js';
import type { MailSettings, MailStore, MailTemplate, OutboxMessage } from './store.js';

/** A message's files in all: most relays refuse a message much larger (base64 adds a third). */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

/**
 * What another domain asks to send: a stored template by name (or id) with
 * its variables, or a subject and text of its own. `reason` says why
 * (`voicemail`, `notification`, `report`...), for the outbox list.
 */
export const SendRequest = z
  .strictObject({
    to: emailAddress('to'),
    template: z.union([z.string().min(1).max(64), z.number().int().positive()]).optional(),
    subject: oneLine('subject').min(1).max(255).optional(),
    text: z.string().max(65_536).optional(),
    html: z.string().max(131_072).nullable().optional(),
    vars: MailVars.default({}),
    reason: oneLine('reason').min(1, 'reason is required').max(64),
    /** Files kept with the message until it is sent (a voicemail's recording). */
    attachments: z
      .array(
        z.strictObject({
          filename: oneLine('attachments.filename').min(1).max(200),
          contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]{1,64}$/, 'contentType is a media type'),
          content: z.custom<Buffer>((b) => Buffer.isBuffer(b), 'content must be bytes'),
        }),
      )
      .max(10)
      .refine(
        (a) => a.reduce((n, x) => n + x.content.length, 0) <= MAX_ATTACHMENT_BYTES,
        `attachments are at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB in all`,
      )
      .default([]),
  })
  .refine((r) => r.template !== undefined || (r.subject !== undefined && r.text !== undefined), {
    message: 'a template, or a subject and a text, is required',
    path: ['template'],
  });
export type SendRequest = z.input<typeof SendRequest>;

/** Minutes before each retry after a transient failure; after the last, the message has failed. */
export const RETRY_MINUTES = [1, 5, 15, 60, 240] as const;

export interface MailDeps {
  store: MailStore;
  change: Change;
  bus: Bus;
  log: Logger;
  sendMail: SendMail;
}

const configured = (s: MailSettings) => s.host !== '' && s.fromAddress !== '';

export function createMailService(deps: MailDeps) {
  const { store, change, bus, log, sendMail } = deps;
  const templateChanges = resourceChanges(change, {
    entity: 'mail_template',
    event: 'mail.changed',
    config: false,
  });
  const getTemplate = mustFind(store.templates.get, (id) => `mail template ${id}`);
  const getMessage = mustFind(store.outbox.get, (id) => `outbox message ${id}`);
  const templateWrites = checkedWrites(
    templateChanges,
    {
      insert: (f: Omit<MailTemplate, 'id' | 'createdAt' | 'updatedAt'>, now: number) =>
        store.templates.insert(f, now),
      update: (id: number, f: Omit<MailTemplate, 'id' | 'createdAt' | 'updatedAt'>, now: number) =>
        store.templates.update(id, f, now),
      remove: store.templates.remove,
    },
    {
      get: getTemplate,
      check(f, selfId) {
        const other = store.templates.findBy('name', f.name);
        if (other && other.id !== selfId)
          throw new AppError('conflict', `a template named ${f.name} exists`, { field: 'name' });
      },
    },
  );

  const templateView = (t: MailTemplate) => ({
    ...withIsoTimes(t),
    variables: placeholders(t.subject, t.textBody, t.htmlBody),
  });
  const outboxView = (m: OutboxMessage) => ({
    ...m,
    attachments: store.attachments.list(m.id),
    nextAttemptAt: m.status === 'queued' ? iso(m.nextAttemptAt) : null,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    sentAt: m.sentAt === null ? null : iso(m.sentAt),
  });
  const settingsView = () => {
    const { password, updatedAt, ...rest } = store.settings();
    return {
      ...rest,
      passwordSet: password !== '',
      configured: configured(store.settings()),
      updatedAt: updatedAt ? iso(updatedAt) : null,
    };
  };
  const announce = (id: number, action: string) => bus.emit('mail.outbox.changed', { action, id });

  const fromDomain = () => store.settings().fromAddress.split('@')[1] || 'hotline.invalid';
  const newMessageId = () => `<${randomUUID()}@${fromDomain()}>`;

  /** One delivery attempt of a queued message. */
  async function attempt(id: number, at: number): Promise<void> {
    const m = store.outbox.get(id);
    if (m?.status !== 'queued') return;
    const settings = store.settings();
    const r = await sendMail(settings, {
      to: m.to,
      subject: m.subject,
      text: m.textBody,
      html: m.htmlBody,
      messageId: m.messageId,
      attachments: store.attachments.of(id),
    });
    const now = Math.max(at, Date.now());
    if (r.outcome === 'sent') {
      store.settle(id, { status: 'sent', tried: 1, nextAttemptAt: now, lastError: null, sentAt: now }, now);
    } else if (r.outcome === 'permanent') {
      store.settle(
        id,
        { status: 'bounced', tried: 1, nextAttemptAt: now, lastError: r.error, sentAt: null },
        now,
      );
    } else {
      const delay = RETRY_MINUTES[m.attempts];
      const status = delay === undefined ? 'failed' : 'queued';
      const next = now + (delay ?? 0) * 60_000;
      store.settle(id, { status, tried: 1, nextAttemptAt: next, lastError: r.error, sentAt: null }, now);
    }
    const after = store.outbox.get(id)!;
    log.info(
      { outbox: id, status: after.status, attempts: after.attempts, error: after.lastError },
      'mail attempt',
    );
    announce(id, after.status);
  }

  let running: Promise<void> = Promise.resolve();
  /**
   * Sends every queued message due at `at` (default now), one at a time.
   * Runs never overlap: a call during a run waits for it, then runs again.
   */
  function deliverDue(at?: number): Promise<void> {
    running = running.then(async () => {
      if (!configured(store.settings())) return; // queued messages wait for a server
      const now = at ?? Date.now();
      for (const id of store.due(now)) {
        try {
          await attempt(id, now);
        } catch (err) {
          log.error({ err, outbox: id }, 'mail delivery failed');
        }
      }
    });
    return running;
  }

  return {
    settings: settingsView,

    async saveSettings(body: MailSettingsPut, actor: Actor) {
      const before = store.settings();
      const password = body.password === undefined ? before.password : (body.password ?? '');
      const next: MailSettings = { ...body, password, updatedAt: Date.now() };
      const { password: _was, ...seenBefore } = before;
      const { password: _now, ...seenAfter } = next;
      await change({
        actor,
        entity: 'mail_settings',
        action: 'update',
        id: 1,
        config: false,
        event: 'mail.changed',
        // the audit row says whether the password changed, never what it is
        before: { ...seenBefore, passwordSet: before.password !== '' },
        after: () => ({
          ...seenAfter,
          passwordSet: password !== '',
          passwordChanged: password !== before.password,
        }),
        mutate: () => store.saveSettings(next),
      });
      // nothing connects on a save: messages queued meanwhile go with the next poll
      return settingsView();
    },

    /** Sends one message now, outside the outbox, and answers what the server said. */
    async testSend(to: string) {
      const settings = store.settings();
      if (!configured(settings))
        throw new AppError('conflict', 'set the SMTP server and from address first', { field: 'host' });
      const messageId = newMessageId();
      const r = await sendMail(settings, {
        to,
        subject: 'Hotline 测试邮件 / test message',
        text: '这是一封来自 Hotline 呼叫中心的测试邮件。\nThis is a test message from the Hotline call center.\n',
        html: null,
        messageId,
      });
      return r.outcome === 'sent'
        ? { ok: true, messageId, response: r.response }
        : { ok: false, messageId, permanent: r.outcome === 'permanent', error: r.error };
    },

    /**
     * Sends one message with attachments now, outside the outbox (whose rows
     * hold no files): a scheduled report records the answer itself and is
     * built again on its next run. One message to all `to`.
     */
    async sendNow(m: { to: string[]; subject: string; text: string; attachments: Attachment[] }) {
      const settings = store.settings();
      if (!configured(settings))
        throw new AppError('conflict', 'set the SMTP server and from address first', { field: 'host' });
      return sendMail(settings, {
        to: m.to.join(', '),
        subject: m.subject,
        text: m.text,
        html: null,
        messageId: newMessageId(),
        attachments: m.attachments,
      });
    },

    templates: {
      list: (q: z.output<typeof TemplateListQuery>) => mapPage(store.templates.page(q), templateView),
      get: (id: number) => templateView(getTemplate(id)),
      async create(input: TemplateCreate, actor: Actor) {
        const t = await templateWrites.create(actor, cleanTemplate(input));
        return templateView(t);
      },
      async update(id: number, patch: TemplateUpdate, actor: Actor) {
        const t = await templateWrites.update(actor, id, (before) => {
          const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = before;
          return cleanTemplate(patched(fields, patch));
        });
        return templateView(t);
      },
      remove: (id: number, actor: Actor) => templateWrites.remove(actor, id),
    },

    outbox: (q: z.output<typeof OutboxListQuery>) => {
      const { status, template, reason, ...page } = q;
      return mapPage(store.outbox.page(page, { status, template, reason }), outboxView);
    },
    message: (id: number) => outboxView(getMessage(id)),

    /**
     * Queues a message and answers its outbox id; it leaves at once when the
     * server is set (retries with backoff on a transient refusal). A template
     * placeholder without a value is refused here (400 naming `vars.<name>`).
     */
    send(input: SendRequest): number {
      const r = SendRequest.parse(input);
      let texts: { subject: string; text: string; html: string | null };
      let template: string | null = null;
      if (r.template !== undefined) {
        const t =
          typeof r.template === 'number'
            ? store.templates.get(r.template)
            : store.templates.findBy('name', r.template);
        if (!t) throw validation('template', `no mail template ${r.template}`);
        template = t.name;
        texts = { subject: t.subject, text: t.textBody, html: t.htmlBody };
      } else {
        texts = {
          subject: r.subject!,
          text: r.text!,
          html: r.html == null ? null : sanitizeSolution(r.html),
        };
      }
      const filled = render(texts, r.vars);
      // values are escaped, but one can still be a URL (`href="{{link}}"`): sanitised again once filled
      const rendered = { ...filled, html: filled.html === null ? null : sanitizeSolution(filled.html) };
      const now = Date.now();
      const id = store.enqueue(
        {
          attachments: r.attachments,
          to: r.to,
          template,
          vars: r.vars,
          reason: r.reason,
          subject: rendered.subject,
          textBody: rendered.text,
          htmlBody: rendered.html,
          messageId: newMessageId(),
        },
        now,
      );
      announce(id, 'queued');
      void deliverDue();
      return id;
    },

    deliverDue,

    /** Marks a message bounced by its Message-ID, given or read from a delivery status notification. */
    async bounce(report: BounceReport, actor: Actor) {
      const found =
        report.messageId !== undefined ? byMessageId(report.messageId) : fromDsn(report.dsn ?? '');
      // an unknown id is a bad reference in the body, like an unknown template: 400 naming it
      if (!found)
        throw report.messageId !== undefined
          ? validation('messageId', 'no outbox message has this Message-ID')
          : validation('dsn', 'the report names no Message-ID of an outbox message');
      const reason = (
        report.reason ??
        (report.dsn ? dsnReason(report.dsn) : null) ??
        'bounce reported'
      ).slice(0, 1000);
      await change({
        actor,
        entity: 'mail_outbox',
        action: 'bounce',
        id: found.id,
        config: false,
        before: { status: found.status, messageId: found.messageId },
        after: () => ({ status: 'bounced', reason }),
        mutate: () => store.markBounced(found.id, reason, Date.now()),
      });
      announce(found.id, 'bounced');
      return outboxView(getMessage(found.id));
    },
  };

  function byMessageId(raw: string): OutboxMessage | undefined {
    const id = raw.trim().replace(/^<?/, '<').replace(/>?$/, '>');
    return store.outbox.findBy('message_id', id);
  }

  /** The first Message-ID in the DSN's returned headers that is one of ours. */
  function fromDsn(dsn: string): OutboxMessage | undefined {
    for (const m of dsn.matchAll(/^Message-ID:\s*(<[^<>\s]{1,250}>)/gim)) {
      const found = byMessageId(m[1]!);
      if (found) return found;
    }
    return undefined;
  }
}

/** RFC 3464's Diagnostic-Code, else its Status. */
function dsnReason(dsn: string): string | null {
  const diag = /^Diagnostic-Code:\s*(.+)$/im.exec(dsn)?.[1];
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(dsn)?.[1];
  return diag?.trim() ?? (status ? `status ${status}` : null);
}

/** A template as stored: its HTML sanitised like a knowledge-base solution (empty HTML is none). */
function cleanTemplate<T extends { htmlBody: string | null }>(t: T): T {
  if (t.htmlBody === null) return t;
  const html = sanitizeSolution(t.htmlBody);
  return { ...t, htmlBody: html === '' ? null : html };
}

export type MailService = ReturnType<typeof createMailService>;
