import { z } from 'zod';

/**
 * Where a call goes: the one definition shared by inbound routes,
 * announcements ("then") and, later, IVR options and queue overflow.
 * A schedule branch chooses between two plain destinations (one level deep).
 */
export const NOT_YET = 'available with the call-center issue';

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

/**
 * Queues and IVR trees arrive with the call-center issue. They are part of
 * the union (so the error names `type` with a clear message instead of a
 * generic "no matching discriminator") and always refused.
 */
const notYet = (type: 'queue' | 'ivr') =>
  z.looseObject({ type: z.literal(type) }).superRefine((_v, ctx) => {
    ctx.addIssue({ code: 'custom', path: ['type'], message: `${type} destinations are ${NOT_YET}` });
  });

const plainOptions = [
  SeatDestination,
  VoicemailDestination,
  AnnouncementDestination,
  HangupDestination,
  notYet('queue'),
  notYet('ivr'),
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
/** The destinations that compile (queue and ivr never pass validation). */
export type PlainDestination =
  | SeatDestination
  | VoicemailDestination
  | AnnouncementDestination
  | HangupDestination;
export type ScheduleDestination = {
  type: 'schedule';
  scheduleId: number;
  open: PlainDestination;
  closed: PlainDestination;
};
export type Destination = PlainDestination | ScheduleDestination;

/** Parses with the zod schema and narrows to the compilable types. */
export const parseDestination = (raw: unknown): Destination => Destination.parse(raw) as Destination;
