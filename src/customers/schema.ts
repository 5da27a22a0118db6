import { z } from 'zod';
import { listQuery, searchText } from '../kit/list.js';
import { UNSAFE_TEXT as UNSAFE_LINE, UNSAFE_MULTILINE as UNSAFE_NOTES } from '../kit/text.js';

export const NUMBER_RE = /^\+?[0-9]{3,20}$/;
export const MAX_NUMBERS = 5;
export const MAX_NAME = 64;
export const MAX_COMPANY = 100;
export const MAX_NOTES = 2000;

/**
 * Names are free text on one line (张三, "Smith; Jones & Co." are fine):
 * customer names never reach an Asterisk config file (the IVR reads them
 * through hotlined), so `;`, `,`, `[`, quotes are stored as given. Controls,
 * line/paragraph separators and bidi controls are refused (the kit's rule).
 */
export const customerName = z
  .string({ error: 'name must be a string' })
  .max(1024, `name must be at most ${MAX_NAME} characters`)
  .refine((s) => !UNSAFE_LINE.test(s), 'name must not contain control characters or line breaks')
  .trim()
  .min(1, 'name is required')
  .max(MAX_NAME, `name must be at most ${MAX_NAME} characters`);

/** The customer's company (公司): one line like the name, '' for none. */
export const company = z
  .string({ error: 'company must be a string' })
  .max(1024, `company must be at most ${MAX_COMPANY} characters`)
  .refine((s) => !UNSAFE_LINE.test(s), 'company must not contain control characters or line breaks')
  .trim()
  .max(MAX_COMPANY, `company must be at most ${MAX_COMPANY} characters`);

export const phoneNumber = z
  .string({ error: 'number must be a string' })
  .regex(NUMBER_RE, 'a number is 3 to 20 digits with an optional leading +');

export const numberList = z
  .array(phoneNumber, { error: 'numbers must be a list' })
  .min(1, 'at least one number is required')
  .max(MAX_NUMBERS, `at most ${MAX_NUMBERS} numbers`)
  .refine((a) => new Set(a).size === a.length, 'numbers must not repeat');

export const vipLevel = z
  .number({ error: 'vip must be an integer 0 to 9' })
  .int('vip must be an integer 0 to 9')
  .min(0, 'vip must be 0 to 9')
  .max(9, 'vip must be 0 to 9');

/** A seat extension (checked against the seats when saved) or null for none. */
export const boundAgent = z
  .string({ error: 'boundAgent must be a seat extension or null' })
  .regex(/^[0-9]{2,8}$/, 'boundAgent must be a seat extension (2 to 8 digits)')
  .nullable();

export const notes = z
  .string({ error: 'notes must be a string' })
  .max(MAX_NOTES, `notes must be at most ${MAX_NOTES} characters`)
  .refine((s) => !UNSAFE_NOTES.test(s), 'notes must not contain control characters');

export const CustomerCreate = z.strictObject({
  name: customerName,
  company: company.default(''),
  numbers: numberList,
  vip: vipLevel.default(0),
  boundAgent: boundAgent.default(null),
  notes: notes.default(''),
});
export type CustomerCreate = z.infer<typeof CustomerCreate>;

export const CustomerUpdate = z.strictObject({
  name: customerName.optional(),
  company: company.optional(),
  numbers: numberList.optional(),
  vip: vipLevel.optional(),
  boundAgent: boundAgent.optional(),
  notes: notes.optional(),
});
export type CustomerUpdate = z.infer<typeof CustomerUpdate>;

/** `q` matches the name, the company or any of the numbers. */
export const CustomerListQuery = listQuery(['name', 'vip', 'createdAt'], {
  q: searchText.refine(
    (s) => s === undefined || !UNSAFE_LINE.test(s),
    'q must not contain control characters',
  ),
});
export type CustomerListQuery = z.output<typeof CustomerListQuery>;

export const LookupQuery = z.strictObject({ number: phoneNumber });

export const WebhookSettings = z.strictObject({
  url: z
    .string({ error: 'url must be a string' })
    .max(2048, 'url must be at most 2048 characters')
    .refine((s) => !UNSAFE_LINE.test(s), 'url must not contain control characters')
    .refine((s) => {
      try {
        const u = new URL(s);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'url must be an http or https URL')
    .nullable(),
  timeoutMs: z
    .number({ error: 'timeoutMs must be a number' })
    .int('timeoutMs must be an integer')
    .min(100, 'timeoutMs must be 100 to 3000')
    .max(3000, 'timeoutMs must be 100 to 3000'),
  enabled: z.boolean({ error: 'enabled must be true or false' }),
});
export type WebhookSettings = z.infer<typeof WebhookSettings>;

export interface Customer {
  id: number;
  name: string;
  /** '' for none. */
  company: string;
  numbers: string[];
  vip: number;
  boundAgent: string | null;
  notes: string;
  createdAt: number;
  updatedAt: number;
}

/** What a caller lookup yields: from the external CRM or the local record. */
export interface CallerInfo {
  source: 'webhook' | 'local';
  /** The local record's id; null when the webhook answered. */
  id: number | null;
  name: string;
  vip: number;
  boundAgent: string | null;
}
