import { z } from 'zod';
import { UNSAFE_MULTILINE, UNSAFE_TEXT } from '../kit/text.js';
import { emailAddress } from '../mail/schema.js';

export const CHANNELS = ['voice', 'sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];
export const channel = z.enum(CHANNELS, { error: `channel must be one of ${CHANNELS.join(', ')}` });

/** What an action ends as, per channel (results count these). */
export const ACTION_STATUSES = [
  'calling',
  'no-answer',
  'answered',
  'confirmed',
  'handed-over',
  'sent',
  'failed',
  'created',
  'skipped',
  /** Voice or SMS in quiet hours: waits for `dueAt`, the end of the window. */
  'delayed',
  /** A webhook delivery waiting for its first attempt or its next one at `dueAt`. */
  'pending',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Event types: dotted lower-case words, as the box's own (call.abandoned, voicemail.left). */
export const eventType = z
  .string({ error: 'type must be a string' })
  .regex(
    /^[a-z][a-z0-9_-]{0,31}(\.[a-z][a-z0-9_-]{0,31}){0,3}$/,
    'type is dotted lower-case words, e.g. card.limit',
  );

const varName = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** An event's variables: names a template can use, values on one line. */
export const EventVars = z
  .record(
    z.string().regex(varName, 'variable names are letters, digits and _'),
    z.union([
      z
        .string()
        .max(500, 'a variable is at most 500 characters')
        .refine((s) => !UNSAFE_TEXT.test(s), 'a variable must not contain control characters'),
      z.number().finite(),
    ]),
    { error: 'vars must be an object of names to strings or numbers' },
  )
  .refine((v) => Object.keys(v).length <= 50, 'at most 50 variables')
  .default({});

/** The body a business system posts to /api/v1/events (signed; see routes.ts). */
export const EventPost = z.strictObject({
  type: eventType,
  /** The idempotency key: the same key from the same integration is one event. */
  key: z
    .string({ error: 'key is required' })
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'key is 1 to 128 letters, digits or . _ : -'),
  customerId: z.number().int().positive().optional(),
  number: z
    .string()
    .regex(/^\+?[0-9]{3,20}$/, 'number is 3 to 20 digits with an optional leading +')
    .optional(),
  vars: EventVars,
});
export type EventPost = z.output<typeof EventPost>;

const oneLineText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max, `${field} must be at most ${max} characters`)
    .refine((s) => !UNSAFE_TEXT.test(s), `${field} must not contain control characters or line breaks`);

const multiLineText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .max(max, `${field} must be at most ${max} characters`)
    .refine((s) => !UNSAFE_MULTILINE.test(s), `${field} must not contain control characters`);

const clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'a time is HH:MM');

/**
 * json-rules-engine conditions (`all` / `any` / `not` of `{ fact, operator,
 * value, path }`), checked here for shape and size; the engine itself
 * refuses unknown operators when the rule is saved.
 */
const Condition: z.ZodType<unknown> = z.lazy(() =>
  // one object with every key optional, not a union: a refusal then names the inner field
  // (conditions.all.0.fact), where a union could only name `conditions`
  z
    .strictObject({
      all: z.array(Condition).max(20).optional(),
      any: z.array(Condition).max(20).optional(),
      not: Condition.optional(),
      fact: z
        .enum(['event', 'customer', 'vars'], { error: 'fact must be event, customer or vars' })
        .optional(),
      operator: z
        .string()
        .regex(/^[A-Za-z]{1,32}$/, 'operator is a word')
        .optional(),
      value: z
        .union([
          z.string().max(500),
          z.number(),
          z.boolean(),
          z.null(),
          z.array(z.union([z.string().max(500), z.number()])).max(100),
        ])
        .optional(),
      path: z
        .string()
        .regex(/^\$(\.[A-Za-z_][A-Za-z0-9_]{0,63}){1,3}$/, 'path is $.name (at most three names)')
        .optional(),
    })
    .superRefine((c, ctx) => {
      const groups = (['all', 'any', 'not'] as const).filter((k) => c[k] !== undefined);
      const leaf =
        c.fact !== undefined || c.operator !== undefined || c.value !== undefined || c.path !== undefined;
      if (groups.length + (leaf ? 1 : 0) !== 1)
        ctx.addIssue({
          code: 'custom',
          message: 'a condition is one of all, any, not, or fact + operator + value',
        });
      else if (leaf)
        for (const k of ['fact', 'operator', 'value'] as const)
          if (!(k in c)) ctx.addIssue({ code: 'custom', path: [k], message: `${k} is required` });
    }),
);

/**
 * Where a rule's webhook posts: http or https only, no user:password in it
 * (a secret in a URL ends up in logs), at most 1000 characters. Addresses
 * only this box should reach (link-local and the metadata service, loopback,
 * its own) are refused by the service unless the settings allow them.
 */
export const webhookUrl = z
  .string({ error: 'webhook.url must be a string' })
  .max(1000, 'webhook.url must be at most 1000 characters')
  .refine((s) => !UNSAFE_TEXT.test(s), 'webhook.url must not contain control characters')
  .superRefine((s, ctx) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'webhook.url is not a URL' });
      return;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      ctx.addIssue({ code: 'custom', message: 'webhook.url must be an http or https URL' });
    else if (u.username !== '' || u.password !== '')
      ctx.addIssue({ code: 'custom', message: 'webhook.url must not contain a user name or password' });
  });

export const WebhookAction = z.strictObject({
  url: webhookUrl,
  /** One attempt waits this long for the answer. */
  timeoutMs: z.number().int().min(500).max(30_000).default(5000),
  /** Attempts in all (the first and its retries with exponential backoff). */
  maxAttempts: z.number().int().min(1).max(10).default(6),
});

export const RuleBody = z.strictObject({
  name: oneLineText('name', 64).pipe(z.string().trim().min(1, 'name is required')),
  enabled: z.boolean().default(true),
  eventType,
  conditions: Condition.default({ all: [] }),
  /** The channels tried in turn: voice not answered → the next; a customer's preference reorders them. */
  chain: z
    .array(channel)
    .min(0)
    .max(3)
    .refine((a) => new Set(a).size === a.length, 'chain must not repeat a channel')
    .default([]),
  /** Spoken (with the variables in words) and texted; `{{name}}` or `{{name|money}}`. */
  message: multiLineText('message', 1000).pipe(z.string().min(1, 'message is required')),
  subject: oneLineText('subject', 200).default('通知'),
  /** Key 0 in the voice confirmation hands over to this queue (none: key 0 is not offered). */
  queueId: z.number().int().positive().nullable().default(null),
  /** A callback ticket for the agents of this queue. */
  taskQueueId: z.number().int().positive().nullable().default(null),
  /** Voice and SMS wait for the end of these hours (e-mail and the webhook go at once). */
  quietHours: z.strictObject({ from: clock, to: clock }).nullable().default(null),
  /** At most this many actions per channel per hour for this rule (0: no limit). */
  perHourLimit: z.number().int().min(0).max(100_000).default(0),
  /** Also POST the event, the customer and the actions so far here, signed (the secret is answered once). */
  webhook: WebhookAction.nullable().default(null),
});
export type RuleBody = z.output<typeof RuleBody>;
/**
 * A change: the fields given. Not `RuleBody.partial()`, whose defaults would
 * fill every field left out and so reset it (a PATCH of the message would
 * drop the rule's webhook and chain).
 */
export const RulePatch = z.strictObject(
  Object.fromEntries(
    Object.entries(RuleBody.shape).map(([k, v]) => [
      k,
      (v instanceof z.ZodDefault ? v.unwrap() : v).optional(),
    ]),
  ),
) as unknown as ReturnType<typeof RuleBody.partial>;

export const IntegrationCreate = z.strictObject({
  name: oneLineText('name', 64).pipe(z.string().trim().min(1, 'name is required')),
});

export const PreferencePut = z.strictObject({
  channels: z
    .array(channel)
    .max(3)
    .refine((a) => new Set(a).size === a.length, 'channels must not repeat'),
  email: emailAddress('email').nullable().default(null),
});
export type PreferencePut = z.output<typeof PreferencePut>;

export const ResultsQuery = z.strictObject({
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});
