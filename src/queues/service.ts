import { assertLoaded, type ConfigSection, type VerifyContext, verifyContexts } from '../asterisk/apply.js';
import { queueContext } from '../destinations/compile.js';
import type { Destinations } from '../destinations/refs.js';
import type { Destination } from '../destinations/schema.js';
import { AppError } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanFile } from '../kit/dialplan-section.js';
import { mapPage } from '../kit/list.js';
import { mustFind, type ResourceService, type ViewedList } from '../kit/resource.js';
import { checkedWrites, resourceChanges } from '../kit/resource-changes.js';
import { type WithIsoTimes, withIsoTimes } from '../kit/view.js';
import type { PromptUse } from '../prompts/schema.js';
import type { SeatLookup } from '../seats/index.js';
import { queuesConf, queuesDialplan } from './confgen.js';
import './events.js';
import {
  type Queue,
  type QueueCreate,
  type QueueListQuery,
  QueueSettings,
  type QueueUpdate,
  queueIdOfSection,
  queueSection,
} from './schema.js';
import type { QueueFields, QueueStore } from './store.js';

export type QueueView = WithIsoTimes<Queue> & { section: string; context: string };

/** The queue as the live stream shows it (names and thresholds). */
export interface QueueLiveEntry {
  id: number;
  name: string;
  serviceLevelSec: number;
  wrapUpSec: number;
}

export interface QueueService
  extends ResourceService<Queue, QueueCreate, QueueUpdate>,
    ViewedList<Queue, QueueView, QueueListQuery> {
  all(): Queue[];
  exists(id: number): boolean;
  /** The queue behind an app_queue section (`qN`) as the live stream shows it; null when unknown. */
  liveEntry(section: string): QueueLiveEntry | null;
  /** Queues whose callback offer plays this prompt (a prompt in use is not deleted). */
  promptUsage(promptId: number): PromptUse[];
  /** Overflow destinations, so what they point at counts as in use. */
  destinationHolders(): { owner: string; destination: Destination }[];
  configSection(): ConfigSection;
}

export function createQueueService(deps: {
  store: QueueStore;
  change: Change;
  destinations: Destinations;
  seats: SeatLookup;
  /** The callback offer's prompt must exist. */
  promptExists(id: number): boolean;
  /** promptDir as Asterisk sees it. */
  promptDir: string;
}): QueueService {
  const { store, destinations, seats } = deps;
  const changes = resourceChanges(deps.change, { entity: 'queue', event: 'queue.changed' });

  const view = (q: Queue): QueueView => ({
    ...withIsoTimes(q),
    section: queueSection(q.id),
    context: queueContext(q.id),
  });
  const mustGet = mustFind(store.get, (id) => `queue ${id}`);

  /** Rules across rows, checked inside the change's transaction. */
  const check = (q: QueueFields, selfId?: number) => {
    const sameName = store.byName(q.name);
    if (sameName && sameName.id !== selfId)
      throw new AppError('conflict', `a queue named ${q.name} already exists`, { field: 'name' });
    if (q.number !== null) {
      const sameNumber = store.byNumber(q.number);
      if (sameNumber && sameNumber.id !== selfId)
        throw new AppError('conflict', `queue ${sameNumber.id} already has number ${q.number}`, {
          field: 'number',
        });
      if (seats.findByExtension(q.number) !== undefined)
        throw new AppError('conflict', `number ${q.number} is a seat's extension`, { field: 'number' });
    }
    if (selfId !== undefined && q.overflow.type === 'queue' && q.overflow.queueId === selfId)
      throw new AppError('validation', 'a queue cannot overflow into itself', { field: 'overflow.queueId' });
    destinations.check(q.overflow, 'overflow');
    if (selfId !== undefined) checkOverflowLoop(q.overflow, selfId);
    const offer = q.settings.callbackPromptId;
    if (offer !== null && !deps.promptExists(offer))
      throw new AppError('validation', `prompt ${offer} does not exist`, {
        field: 'settings.callbackPromptId',
      });
  };

  /**
   * Overflow chains must not lead back (A → B → A, or through a schedule
   * branch): with both queues empty by their join rules Queue() returns at
   * once, and the caller would spin between the contexts in a tight loop.
   */
  const checkOverflowLoop = (overflow: Destination, selfId: number) => {
    for (const start of queueTargets(overflow, 'overflow')) {
      const seen = new Set<number>();
      const todo = [start.id];
      while (todo.length) {
        const id = todo.pop()!;
        if (id === selfId)
          throw new AppError('validation', `overflow leads back to this queue through queue ${start.id}`, {
            field: start.field,
          });
        if (seen.has(id)) continue;
        seen.add(id);
        const next = store.get(id);
        if (next) todo.push(...queueTargets(next.overflow, '').map((x) => x.id));
      }
    }
  };

  const writes = checkedWrites(changes, store, { get: mustGet, check });

  return {
    view,

    list: (q) => mapPage(store.page(q), view),

    get: (id: number) => mustGet(id),
    all: () => store.all(),
    exists: (id: number) => store.get(id) !== undefined,

    liveEntry(section) {
      const id = queueIdOfSection(section);
      const q = id ? store.get(id) : undefined;
      if (!q) return null;
      const s = q.settings;
      return { id: q.id, name: q.name, serviceLevelSec: s.serviceLevelSeconds, wrapUpSec: s.wrapUpSeconds };
    },

    promptUsage: (promptId) =>
      store
        .all()
        .filter((q) => q.settings.callbackPromptId === promptId)
        .map((q) => ({ type: 'queue', id: q.id, name: q.name })),

    destinationHolders: () =>
      store.all().map((q) => ({ owner: `queue ${q.id} "${q.name}"`, destination: q.overflow })),

    create: (input, actor) =>
      writes.create(actor, {
        name: input.name,
        number: input.number,
        settings: input.settings,
        overflow: input.overflow as Destination,
        dispositions: input.dispositions,
        screenPopUrl: input.screenPopUrl,
      }),

    update: (id, patch, actor) =>
      writes.update(actor, id, (before) => ({
        name: patch.name ?? before.name,
        number: patch.number === undefined ? before.number : patch.number,
        settings: QueueSettings.parse({ ...before.settings, ...patch.settings }),
        overflow: (patch.overflow as Destination | undefined) ?? before.overflow,
        dispositions: patch.dispositions ?? before.dispositions,
        screenPopUrl: patch.screenPopUrl === undefined ? before.screenPopUrl : patch.screenPopUrl,
      })),

    remove: (id, actor) =>
      // inbound routes, IVRs, announcements and other queues' overflow that send calls here
      writes.remove(actor, id, () => destinations.assertUnused({ kind: 'queue', id })),

    configSection() {
      return {
        name: 'queues',
        generate: () => {
          const queues = store.all();
          return {
            files: [
              {
                name: 'queues.conf',
                text: queuesConf(queues, deps.promptDir),
                reload: 'app_queue.so' as const,
              },
              dialplanFile('queues', queuesDialplan(queues)),
            ],
            verify: (ctx: VerifyContext) => verifyQueues(ctx, queues),
          };
        },
      };
    },
  };
}

/** Every queue is known to app_queue and has its dialplan context after the reload, and no stale one. */
async function verifyQueues(ctx: VerifyContext, queues: Queue[]) {
  const summary = await ctx.ami.list('QueueSummary');
  const present = new Set(summary.map((s) => s.Queue ?? '').filter((q) => /^q[0-9]+$/.test(q)));
  assertLoaded(
    'app_queue does not match the queues after reload',
    queues.map((q) => queueSection(q.id)),
    present,
  );
  await verifyContexts(
    ctx,
    /^hotline-queue-[0-9]+$/,
    queues.map((q) => queueContext(q.id)),
    'dialplan does not match the queues after reload',
  );
}

/** The queues a destination sends callers to, with the field that names each. */
function queueTargets(d: Destination, field: string): { id: number; field: string }[] {
  if (d.type === 'queue') return [{ id: d.queueId, field: `${field}.queueId` }];
  if (d.type === 'schedule')
    return [...queueTargets(d.open, `${field}.open`), ...queueTargets(d.closed, `${field}.closed`)];
  return [];
}
