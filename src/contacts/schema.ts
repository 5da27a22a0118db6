import { z } from 'zod';
import { recordId } from '../kit/ids.js';
import { listQuery } from '../kit/list.js';
import { displayName, oneLine, UNSAFE_MULTILINE } from '../kit/text.js';
import { TimeZone } from '../schedules/schema.js';

export const PURPOSES = ['marketing', 'notification', 'collection'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const DNC_SOURCES = ['api', 'keypress', 'sms', 'import', 'admin'] as const;
export type DncSource = (typeof DNC_SOURCES)[number];
export const CONSENT_TYPES = ['marketing', 'notification'] as const;
export type ConsentType = (typeof CONSENT_TYPES)[number];

/** A variable's name as a prompt or a TTS template refers to it: `name`, `amount`, `due_date`. */
export const VARIABLE_NAME = /^[a-z][a-zA-Z0-9_]{0,31}$/;
const RESERVED = new Set(['number', 'timeZone']);

/** A CSV column's header as the mapping names it. */
const column = (field: string) =>
  oneLine(field).min(1, `${field} is required`).max(64, `${field} must be at most 64 characters`);

/**
 * Which CSV column holds the phone number, which the callee's time zone (an
 * IANA name), and which ones become the contact's variables (`name` ← 姓名).
 */
export const Mapping = z.strictObject({
  number: column('number'),
  timeZone: column('timeZone').optional(),
  variables: z
    .record(
      z
        .string()
        .regex(VARIABLE_NAME, 'a variable name is a letter then letters, digits or _ (at most 32)')
        .refine((k) => !RESERVED.has(k), 'number and timeZone are not variables'),
      column('column'),
    )
    .refine((v) => Object.keys(v).length <= 32, 'at most 32 variables')
    .default({}),
});
export type Mapping = z.output<typeof Mapping>;

/** A phone number as typed: digits with + * # and the usual separators, at most 32 characters. */
export const PhoneNumber = z
  .string({ error: 'number must be a string' })
  .trim()
  .max(32, 'number must be at most 32 characters')
  .regex(/^\+?[0-9*#][0-9*# ()-]*$/, 'number must be digits (with + * # and - ( ) spaces)')
  .refine((s) => s.replace(/[^0-9*#]/g, '').length >= 3, 'number must have at least 3 digits');

export const ListCreate = z.strictObject({
  name: displayName(),
  purpose: z.enum(PURPOSES, { error: `purpose must be one of ${PURPOSES.join(', ')}` }),
  scheduleId: recordId('scheduleId').nullable().default(null),
  mapping: Mapping.prefault({ number: 'number' }),
});
export type ListCreate = z.output<typeof ListCreate>;
export const ListUpdate = ListCreate.partial();
export type ListUpdate = z.output<typeof ListUpdate>;
export const ListListQuery = listQuery(['name', 'createdAt']);
export type ListListQuery = z.output<typeof ListListQuery>;

export interface ContactList {
  id: number;
  name: string;
  purpose: Purpose;
  scheduleId: number | null;
  mapping: Mapping;
  contacts: number;
  createdAt: number;
  updatedAt: number;
}

/** The import's query: a mapping (JSON) that replaces the list's own for this import and after. */
export const ImportQuery = z.strictObject({
  mapping: z
    .string()
    .max(8192, 'mapping must be at most 8192 characters')
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'mapping must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(Mapping)
    .optional(),
});

export const ContactsQuery = listQuery(['number', 'createdAt']);
export type ContactsQuery = z.output<typeof ContactsQuery>;

export interface Contact {
  id: number;
  listId: number;
  number: string;
  timeZone: string | null;
  variables: Record<string, string>;
  /** The CSV row it came from (the header is row 1). */
  row: number;
  createdAt: number;
}

const reason = oneLine('reason').max(256, 'reason must be at most 256 characters').default('');

export const DncCreate = z.strictObject({
  number: PhoneNumber,
  source: z.enum(DNC_SOURCES, { error: `source must be one of ${DNC_SOURCES.join(', ')}` }).default('admin'),
  reason,
});
export type DncCreate = z.output<typeof DncCreate>;
export const OptOut = z.strictObject({
  number: PhoneNumber,
  source: z
    .enum(['api', 'keypress', 'sms'], { error: 'source must be one of api, keypress, sms' })
    .default('api'),
  reason,
});
export type OptOut = z.output<typeof OptOut>;
export const DncListQuery = listQuery(['number', 'createdAt'], {
  source: z.enum(DNC_SOURCES, { error: `source must be one of ${DNC_SOURCES.join(', ')}` }).optional(),
});
export type DncListQuery = z.output<typeof DncListQuery>;

export interface DncEntry {
  id: number;
  number: string;
  source: DncSource;
  reason: string;
  createdAt: number;
  createdBy: string | null;
}

const instant = (field: string) =>
  z
    .string({ error: `${field} must be an ISO 8601 date-time` })
    .max(40)
    .refine(
      (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)),
      `${field} must be an ISO 8601 date-time`,
    )
    .transform((s) => Date.parse(s));

export const ConsentCreate = z.strictObject({
  number: PhoneNumber,
  type: z.enum(CONSENT_TYPES, { error: `type must be one of ${CONSENT_TYPES.join(', ')}` }),
  grantedAt: instant('grantedAt'),
  /** How it was obtained: a recording id, a web form reference, a signed document's id... */
  evidence: z
    .string({ error: 'evidence must be a string' })
    .trim()
    .min(1, 'evidence is required')
    .max(4000, 'evidence must be at most 4000 characters')
    .refine((s) => !UNSAFE_MULTILINE.test(s), 'evidence must not contain control characters'),
  evidenceRef: oneLine('evidenceRef')
    .max(256, 'evidenceRef must be at most 256 characters')
    .nullable()
    .default(null),
});
export type ConsentCreate = z.output<typeof ConsentCreate>;
export const ConsentRevoke = z.strictObject({ revokedAt: instant('revokedAt').optional() });
export const ConsentListQuery = listQuery(['grantedAt', 'createdAt'], {
  number: PhoneNumber.optional(),
  type: z.enum(CONSENT_TYPES, { error: `type must be one of ${CONSENT_TYPES.join(', ')}` }).optional(),
});
export type ConsentListQuery = z.output<typeof ConsentListQuery>;

export interface Consent {
  id: number;
  number: string;
  type: ConsentType;
  grantedAt: number;
  evidence: string;
  evidenceRef: string | null;
  revokedAt: number | null;
  createdAt: number;
  createdBy: string | null;
}

export const CheckQuery = z.strictObject({
  number: PhoneNumber,
  listId: z.coerce.number({ error: 'listId must be a number' }).int().min(1).max(2_147_483_647).optional(),
  at: instant('at').optional(),
});

export { TimeZone };
