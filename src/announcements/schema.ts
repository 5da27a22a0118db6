// biome-ignore-all lint/suspicious/noThenProperty: `then` (what follows the prompt) is the API's field name from the issue-3 contract; it always holds a destination object, never a function, so nothing treats it as a thenable.
import { z } from 'zod';
import { Destination } from '../destinations/schema.js';
import { listQuery } from '../kit/list.js';
import { displayName } from '../kit/text.js';

/** Display only: an announcement's name never reaches dialplan (its id does). */
export const announcementName = displayName();

const promptId = z
  .number({ error: 'promptId must be a number' })
  .int('promptId must be a whole number')
  .min(1, 'promptId must be positive')
  .max(2_147_483_647);

export const AnnouncementCreate = z.strictObject({
  name: announcementName,
  promptId,
  /** What happens after the prompt: hang up, or any destination (seat, voicemail, schedule, ...). */
  then: Destination.default({ type: 'hangup' }),
});
export type AnnouncementCreate = z.infer<typeof AnnouncementCreate>;

export const AnnouncementUpdate = z.strictObject({
  name: announcementName.optional(),
  promptId: promptId.optional(),
  then: Destination.optional(),
});
export type AnnouncementUpdate = z.infer<typeof AnnouncementUpdate>;

/** GET /announcements: search matches the name. */
export const AnnouncementListQuery = listQuery(['id', 'name']);
export type AnnouncementListQuery = z.output<typeof AnnouncementListQuery>;
export type AnnouncementSortKey = NonNullable<AnnouncementListQuery['sort']>;

export interface Announcement {
  id: number;
  name: string;
  promptId: number;
  then: Destination;
  createdAt: number;
  updatedAt: number;
}
