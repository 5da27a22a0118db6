import { isIP } from 'node:net';
import { z } from 'zod';
import { listQuery } from '../kit/list.js';
import { displayName, oneLine, UNSAFE_MULTILINE, UNSAFE_TEXT } from '../kit/text.js';

/** A host name (letters, digits, hyphens, dots) or an IP address: nothing else reaches the SMTP client. */
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * An e-mail address as a header and the SMTP envelope take it: zod's address
 * rule (ASCII, no spaces, quotes, angle brackets or line breaks), 254 at most.
 */
export const emailAddress = (field: string) =>
  z
    .string({ error: `${field} must be an e-mail address` })
    .trim()
    .max(254, `${field} must be at most 254 characters`)
    .pipe(z.email({ error: `${field} must be an e-mail address` }));

export const SECURITY = ['none', 'starttls', 'tls'] as const;
export type Security = (typeof SECURITY)[number];

/**
 * The site's SMTP server. `password` left out keeps the stored one, `null`
 * clears it; it is never answered.
 */
export const MailSettingsPut = z.strictObject({
  host: z
    .string({ error: 'host must be a host name or an IP address' })
    .trim()
    .refine((h) => HOSTNAME.test(h) || isIP(h) !== 0, 'host must be a host name or an IP address'),
  port: z
    .number({ error: 'port must be a number' })
    .int('port must be a whole number')
    .min(1, 'port must be 1 to 65535')
    .max(65_535, 'port must be 1 to 65535'),
  security: z.enum(SECURITY, { error: 'security must be none, starttls or tls' }),
  /** False accepts a self-signed or otherwise unverifiable certificate (a relay on the site's LAN). */
  verifyCertificate: z.boolean({ error: 'verifyCertificate must be true or false' }).default(true),
  username: oneLine('username').max(255, 'username must be at most 255 characters').default(''),
  password: z
    .string({ error: 'password must be a string' })
    .max(255, 'password must be at most 255 characters')
    .refine((s) => !UNSAFE_TEXT.test(s), 'password must not contain control characters')
    .nullable()
    .optional(),
  fromAddress: emailAddress('fromAddress'),
  fromName: oneLine('fromName').max(100, 'fromName must be at most 100 characters').default(''),
});
export type MailSettingsPut = z.infer<typeof MailSettingsPut>;

export const MailTest = z.strictObject({ to: emailAddress('to') });

/** `{{name}}`: letters, digits and underscores, spaces inside the braces allowed. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*\}\}/g;

const multiline = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max, `${field} must be at most ${max / 1024} kB`)
    .refine((s) => !UNSAFE_MULTILINE.test(s), `${field} must not contain control characters`);

const subject = oneLine('subject')
  .min(1, 'subject is required')
  .max(255, 'subject must be at most 255 characters');

const templateFields = {
  /** How other domains and the API name it when sending. */
  name: displayName('name'),
  subject,
  textBody: multiline('textBody', 65_536).refine((s) => s.trim() !== '', 'textBody is required'),
  /** Sanitised on write like a knowledge-base solution; null sends text only. */
  htmlBody: multiline('htmlBody', 131_072).nullable().default(null),
};
export const TemplateCreate = z.strictObject(templateFields);
export type TemplateCreate = z.infer<typeof TemplateCreate>;
export const TemplateUpdate = z.strictObject({
  name: templateFields.name.optional(),
  subject: subject.optional(),
  textBody: templateFields.textBody.optional(),
  htmlBody: multiline('htmlBody', 131_072).nullable().optional(),
});
export type TemplateUpdate = z.infer<typeof TemplateUpdate>;
export const TemplateListQuery = listQuery(['name', 'updatedAt']);

export const OUTBOX_STATUS = ['queued', 'sent', 'failed', 'bounced'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUS)[number];
export const OutboxListQuery = listQuery(['createdAt', 'status', 'to'], {
  /** One status or a comma list (`sent,bounced`). */
  status: z
    .string({ error: 'status must be text' })
    .max(64)
    .refine(
      (s) => s.split(',').every((x) => (OUTBOX_STATUS as readonly string[]).includes(x)),
      'status must be queued, sent, failed or bounced (or a comma list of them)',
    )
    .optional(),
  template: oneLine('template').max(64).optional(),
  reason: oneLine('reason').max(64).optional(),
});

/** A variable's value: text or a number, one value per `{{name}}`. */
const varValue = z.union([z.string().max(16_384, 'a variable is at most 16 kB'), z.number()], {
  error: 'a variable must be text or a number',
});
export const MailVars = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are letters, digits and _'),
  varValue,
);
export type MailVars = z.infer<typeof MailVars>;

/**
 * A bounce report: the Message-ID hotlined gave the message, or a delivery
 * status notification (RFC 3464) as text, whose returned headers name it.
 */
export const BounceReport = z
  .strictObject({
    messageId: oneLine('messageId').min(3).max(255).optional(),
    reason: oneLine('reason').max(1000, 'reason must be at most 1000 characters').optional(),
    dsn: z
      .string({ error: 'dsn must be text' })
      .max(262_144, 'dsn must be at most 256 kB')
      .refine((s) => !/\u0000/.test(s), 'dsn must not contain NUL')
      .optional(),
  })
  .refine((b) => b.messageId !== undefined || b.dsn !== undefined, {
    message: 'messageId or dsn is required',
    path: ['messageId'],
  });
export type BounceReport = z.infer<typeof BounceReport>;
