import { z } from 'zod';
import { NUMBER_RE } from '../customers/schema.js';
import { listQuery } from '../kit/list.js';
import { UNSAFE_MULTILINE } from '../kit/text.js';
import { splitText } from './pdu.js';

/** A message is at most this many parts (a longer one is refused, not cut). */
export const MAX_PARTS = 10;

const number = (field: string) =>
  z
    .string({ error: `${field} must be a string` })
    .regex(NUMBER_RE, `${field} is 3 to 20 digits with an optional leading +`);

export const SendBody = z.strictObject({
  to: number('to'),
  text: z
    .string({ error: 'text must be a string' })
    .min(1, 'text is required')
    .max(2000, 'text is too long')
    .refine((s) => !UNSAFE_MULTILINE.test(s), 'text must not contain control characters')
    .refine((s) => splitText(s).parts.length <= MAX_PARTS, `text must fit in ${MAX_PARTS} SMS parts`),
});
export type SendInput = z.output<typeof SendBody>;

export const SMS_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'received'] as const;

export const SmsListQuery = listQuery(['createdAt', 'number'], {
  direction: z.enum(['out', 'in'], { error: 'direction must be out or in' }).optional(),
  status: z.enum(SMS_STATUSES, { error: `status must be one of ${SMS_STATUSES.join(', ')}` }).optional(),
  number: number('number').optional(),
});
export type SmsListParams = z.output<typeof SmsListQuery>;

/** Standard serial rates a modem's port runs at. */
export const BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600] as const;

export const SmsSettingsBody = z.strictObject({
  /** The modem's serial device (/dev/ttyUSB2, /dev/serial/by-id/...); null turns SMS off. */
  devicePath: z
    .string({ error: 'devicePath must be a string' })
    .regex(/^\/[A-Za-z0-9._:+/-]{1,200}$/, 'devicePath must be an absolute device path such as /dev/ttyUSB2')
    .refine((s) => !s.split('/').includes('..'), 'devicePath must not contain ..')
    .nullable(),
  baud: z
    .number({ error: 'baud must be a number' })
    .refine(
      (n) => (BAUD_RATES as readonly number[]).includes(n),
      `baud must be one of ${BAUD_RATES.join(', ')}`,
    )
    .default(115200),
  /** The service centre's number; null: the one stored on the SIM. */
  smsc: number('smsc').nullable().default(null),
});
export type SmsSettings = z.output<typeof SmsSettingsBody>;

export interface SmsMessage {
  id: number;
  direction: 'out' | 'in';
  number: string;
  text: string;
  encoding: 'gsm7' | 'ucs2';
  parts: number;
  status: (typeof SMS_STATUSES)[number];
  customerId: number | null;
  error: string | null;
  sentBy: number | null;
  createdAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
}
