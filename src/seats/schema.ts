import { z } from 'zod';
import { CALL_CLASSES, type CallClass, callClassRank } from '../dialplan/call-class.js';
import { refuseEmergencyNumber } from '../dialplan/emergency.js';
import { RECORDING_POLICIES, type RecordingPolicy } from '../dialplan/recording.js';
import { listQuery } from '../kit/list.js';
import { unsafeTextAnd } from '../kit/text.js';

export { CALL_CLASSES, type CallClass, callClassRank };

/**
 * Characters that would let a display name escape its quoted place in
 * pjsip.conf (`callerid = "name" <ext>`) or look like dialplan syntax.
 * Chinese and other printable text is welcome.
 */
const UNSAFE_NAME = unsafeTextAnd('"\\;<>$');

/**
 * How the seat's phone reaches the box: a desk or soft phone over UDP or
 * TCP, or a browser phone (the agent's desk) over a secure websocket, which
 * makes the seat a WebRTC endpoint (DTLS-SRTP, ICE, Opus).
 */
export const SEAT_TRANSPORTS = ['udp', 'tcp', 'wss'] as const;

export const extension = z
  .string()
  .regex(/^[0-9]{2,8}$/, 'extension must be 2 to 8 digits')
  .superRefine(refuseEmergencyNumber);

export const seatName = z
  .string()
  .trim()
  .min(1, 'name is required')
  .max(64, 'name may be at most 64 characters')
  .refine((s) => !UNSAFE_NAME.test(s), 'name may not contain control characters or any of " \\ ; < > $');

/** SIP secrets: long and alphanumeric-ish, so no config file quoting is ever needed. */
export const seatSecret = z
  .string()
  .regex(/^[A-Za-z0-9._~+=-]{16,64}$/, 'secret must be 16 to 64 characters of A-Z a-z 0-9 . _ ~ + = -');

export const SeatCreate = z.strictObject({
  extension,
  name: seatName,
  secret: seatSecret.optional(),
  transport: z.enum(SEAT_TRANSPORTS).default('udp'),
  maxContacts: z.number().int().min(1).max(10).default(1),
  enabled: z.boolean().default(true),
  callClass: z.enum(CALL_CLASSES).default('national'),
  /** A mailbox for unanswered calls, with message-waiting on the phone. */
  voicemail: z.boolean().default(true),
  /** Calls this seat takes: recorded always, never, or when the seat dials *1 (on_demand). */
  recording: z.enum(RECORDING_POLICIES).default('never'),
});
export type SeatCreate = z.infer<typeof SeatCreate>;

export const SeatUpdate = z.strictObject({
  name: seatName.optional(),
  secret: seatSecret.optional(),
  transport: z.enum(SEAT_TRANSPORTS).optional(),
  maxContacts: z.number().int().min(1).max(10).optional(),
  enabled: z.boolean().optional(),
  callClass: z.enum(CALL_CLASSES).optional(),
  voicemail: z.boolean().optional(),
  recording: z.enum(RECORDING_POLICIES).optional(),
});
export type SeatUpdate = z.infer<typeof SeatUpdate>;

/** Search matches the extension or the name. */
export const SeatListQuery = listQuery(['extension', 'name', 'createdAt']);
export type SeatListQuery = z.output<typeof SeatListQuery>;

export interface Seat {
  id: number;
  extension: string;
  name: string;
  secret: string;
  transport: (typeof SEAT_TRANSPORTS)[number];
  maxContacts: number;
  enabled: boolean;
  callClass: CallClass;
  voicemail: boolean;
  recording: RecordingPolicy;
  createdAt: number;
  updatedAt: number;
}
