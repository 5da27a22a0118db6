import { z } from 'zod';
import { emailAddress } from '../mail/schema.js';

export const VoicemailExtension = z.string().regex(/^[0-9]{2,8}$/, 'extension must be 2 to 8 digits');

export const VoicemailListQuery = z.strictObject({ extension: VoicemailExtension.optional() });

/** A message id: Asterisk's msg_id (`<time>-<seq>`) or our `<folder>-<NNNN>` fallback. */
export const MessageId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'msgId must be 1 to 64 of A-Z a-z 0-9 -');

/** Voicemail PINs are digits only: they go into voicemail.conf and are typed on a phone keypad. */
export const PinUpdate = z.strictObject({
  pin: z.string({ error: 'pin must be a string' }).regex(/^[0-9]{4,8}$/, 'pin must be 4 to 8 digits'),
});

/** Voicemail to e-mail: each new message with its recording, to `address` or else the owner's. */
export const VoicemailEmailPut = z.strictObject({
  enabled: z.boolean({ error: 'enabled must be true or false' }),
  /** A mailbox-level address; null sends to the e-mail of the user linked to the seat. */
  address: emailAddress('address').nullable().default(null),
});
export type VoicemailEmailPut = z.output<typeof VoicemailEmailPut>;

export const FOLDERS = ['INBOX', 'Old'] as const;
export type Folder = (typeof FOLDERS)[number];

export interface VoicemailMessage {
  msgId: string;
  extension: string;
  folder: Folder;
  callerName: string;
  callerNumber: string;
  receivedAt: string | null;
  durationSeconds: number;
  /** GET this for the audio (audio/wav). */
  audio: string;
}
