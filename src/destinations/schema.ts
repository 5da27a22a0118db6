import { z } from 'zod';

/**
 * Where a call goes: the one definition shared by inbound routes,
 * announcements ("then") and, later, IVR options and queue overflow.
 * A schedule branch chooses between two plain destinations (one level deep).
 */
const seatExtension = z.string().regex(/^[0-9]{2,8}$/, 'extension must be 2 to 8 digits');
const objectId = z.number().int().min(1).max(2_147_483_647);

export const SeatDestination = z.strictObject({ type: z.literal('seat'), extension: seatExtension });
export const VoicemailDestination = z.strictObject({
  type: z.literal('voicemail'),
  extension: seatExtension,
});
export const AnnouncementDestination = z.strictObject({
  type: z.literal('announcement'),
  announcementId: objectId,
});
export const HangupDestination = z.strictObject({ type: z.literal('hangup') });

export const QueueDestination = z.strictObject({ type: z.literal('queue'), queueId: objectId });
export const IvrDestination = z.strictObject({ type: z.literal('ivr'), ivrId: objectId });
/** A number dialled out through the outbound routes (premium numbers stay denied). */
export const ExternalDestination = z.strictObject({
  type: z.literal('external'),
  number: z.string().regex(/^\+?[0-9]{3,20}$/, 'number must be 3 to 20 digits, optionally after +'),
});

const plainOptions = [
  SeatDestination,
  VoicemailDestination,
  AnnouncementDestination,
  HangupDestination,
  QueueDestination,
  IvrDestination,
  ExternalDestination,
] as const;

/** Any destination except a schedule branch. */
export const PlainDestination = z.discriminatedUnion('type', [...plainOptions]);

export const ScheduleDestination = z.strictObject({
  type: z.literal('schedule'),
  scheduleId: objectId,
  open: PlainDestination,
  closed: PlainDestination,
});

export const Destination = z.discriminatedUnion('type', [...plainOptions, ScheduleDestination]);

export type SeatDestination = z.infer<typeof SeatDestination>;
export type VoicemailDestination = z.infer<typeof VoicemailDestination>;
export type AnnouncementDestination = z.infer<typeof AnnouncementDestination>;
export type HangupDestination = z.infer<typeof HangupDestination>;
export type QueueDestination = z.infer<typeof QueueDestination>;
export type IvrDestination = z.infer<typeof IvrDestination>;
export type ExternalDestination = z.infer<typeof ExternalDestination>;
export type PlainDestination =
  | SeatDestination
  | VoicemailDestination
  | AnnouncementDestination
  | HangupDestination
  | QueueDestination
  | IvrDestination
  | ExternalDestination;
export type ScheduleDestination = {
  type: 'schedule';
  scheduleId: number;
  open: PlainDestination;
  closed: PlainDestination;
};
export type Destination = PlainDestination | ScheduleDestination;

/** Parses with the zod schema and narrows to the TypeScript union. */
export const parseDestination = (raw: unknown): Destination => Destination.parse(raw) as Destination;
