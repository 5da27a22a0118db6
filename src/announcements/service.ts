// biome-ignore-all lint/suspicious/noThenProperty: `then` (what follows the prompt) is the API's field name from the issue-3 contract; it always holds a destination object, never a function, so nothing treats it as a thenable.
import type { ConfigSection } from '../asterisk/apply.js';
import { announcementContext } from '../destinations/compile.js';
import type { Destinations } from '../destinations/refs.js';
import type { Destination, PlainDestination } from '../destinations/schema.js';
import { validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanSection } from '../kit/dialplan-section.js';
import { mapPage } from '../kit/list.js';
import { patched } from '../kit/patch.js';
import { mustFind, type ResourceService, type ViewedList } from '../kit/resource.js';
import { checkedWrites, resourceChanges } from '../kit/resource-changes.js';
import { type WithIsoTimes, withIsoTimes } from '../kit/view.js';
import type { PromptUse } from '../prompts/schema.js';
import type { PromptService } from '../prompts/service.js';
import { announcementsDialplan } from './confgen.js';
import './events.js';
import type {
  Announcement,
  AnnouncementCreate,
  AnnouncementListQuery,
  AnnouncementUpdate,
} from './schema.js';
import type { AnnouncementStore } from './store.js';

export type AnnouncementView = WithIsoTimes<Announcement> & { context: string };

export interface AnnouncementService
  extends ResourceService<Announcement, AnnouncementCreate, AnnouncementUpdate>,
    ViewedList<Announcement, AnnouncementView, AnnouncementListQuery> {
  /** For inbound routes and IVRs: is `Goto(hotline-announcement-<id>,s,1)` a real target? */
  announcementExists(id: number): boolean;
  /** Every announcement's `then`, so seats and announcements it points at count as in use. */
  destinationHolders(): { owner: string; destination: Destination }[];
  /** Prompts ask this before deleting a prompt. */
  promptUsage(promptId: number): PromptUse[];
  configSection(): ConfigSection;
}

export function createAnnouncementService(deps: {
  store: AnnouncementStore;
  change: Change;
  prompts: Pick<PromptService, 'exists'>;
  /** Shared reference checks and usages of destinations (src/destinations). */
  destinations: Destinations;
  /** promptDir as Asterisk sees it. */
  promptDir: string;
}): AnnouncementService {
  const { store, prompts, destinations } = deps;
  const changes = resourceChanges(deps.change, { entity: 'announcement', event: 'announcement.changed' });

  const view = (a: Announcement): AnnouncementView => ({
    ...withIsoTimes(a),
    context: announcementContext(a.id),
  });
  const mustGet = mustFind(store.get, 'announcement');

  /** Referential checks of a change, inside its transaction (so both runs see the same rows). */
  const check = (a: Omit<Announcement, 'id' | 'createdAt' | 'updatedAt'>, selfId?: number) => {
    if (!prompts.exists(a.promptId)) throw validation('promptId', `prompt ${a.promptId} does not exist`);
    if (selfId !== undefined) {
      for (const [d, at] of targets(a.then)) {
        if (d.type === 'announcement' && d.announcementId === selfId)
          throw validation(`${at}.announcementId`, 'an announcement cannot go on to itself');
      }
    }
    destinations.check(a.then, 'then');
  };

  // the store updates a whole record (its id included)
  const records = { ...store, update: (_id: number, a: Announcement, now: number) => store.update(a, now) };
  const writes = checkedWrites(changes, records, { get: mustGet, check });

  return {
    view,

    list: (q) => mapPage(store.page(q), view),

    get: (id: number) => mustGet(id),

    announcementExists: (id) => store.get(id) !== undefined,

    destinationHolders: () =>
      store.all().map((a) => ({ owner: `announcement ${a.id} "${a.name}"`, destination: a.then })),

    promptUsage: (promptId) =>
      store.byPrompt(promptId).map((a) => ({ type: 'announcement', id: a.id, name: a.name })),

    create: (input, actor) =>
      writes.create(actor, { name: input.name, promptId: input.promptId, then: input.then as Destination }),

    update: (id, patch, actor) => writes.update(actor, id, (before) => patched(before, patch)),

    remove: (id, actor) =>
      // inbound routes, other announcements and IVRs that send calls here
      writes.remove(actor, id, () => destinations.assertUnused({ kind: 'announcement', id })),

    configSection: () =>
      dialplanSection(
        { name: 'announcements', loaded: { contexts: 'hotline-announcement-' }, what: 'announcements' },
        () => {
          const list = store.all();
          return {
            text: announcementsDialplan(list, deps.promptDir),
            expected: list.map((a) => announcementContext(a.id)),
          };
        },
      ),
  };
}

function targets(d: Destination): [PlainDestination, string][] {
  return d.type === 'schedule'
    ? [
        [d.open, 'then.open'],
        [d.closed, 'then.closed'],
      ]
    : [[d, 'then']];
}
