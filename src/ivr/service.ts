import type { ConfigSection } from '../asterisk/apply.js';
import { ivrContext } from '../destinations/compile.js';
import type { Destinations } from '../destinations/refs.js';
import type { Destination } from '../destinations/schema.js';
import { validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanSection } from '../kit/dialplan-section.js';
import { mapPage } from '../kit/list.js';
import { patched } from '../kit/patch.js';
import { mustFind, type ResourceService, type ViewedList } from '../kit/resource.js';
import { checkedWrites, resourceChanges } from '../kit/resource-changes.js';
import { type WithIsoTimes, withIsoTimes } from '../kit/view.js';
import type { PromptUse } from '../prompts/schema.js';
import { PATH_CONTEXT } from './compile.js';
import { type IvrEngine, ivrDialplan, transferExtensions } from './confgen.js';
import './events.js';
import { checkTree, plainTargets, promptsOf } from './graph.js';
import type { Ivr, IvrCreate, IvrListQuery, IvrTree, IvrUpdate } from './schema.js';
import type { IvrFields, IvrStore } from './store.js';

export type IvrView = WithIsoTimes<Ivr> & { context: string };

/** What the IVR domain needs of prompts and schedules (their services fit). */
export interface IvrDeps {
  store: IvrStore;
  change: Change;
  prompts: { exists(id: number): boolean };
  schedules: { exists(id: number): boolean };
  destinations: Destinations;
  /** The Stasis application name (settings.asterisk.ari.app). */
  app: string;
  /** settings.ivr.engine. */
  engine: IvrEngine;
  /** Where Asterisk plays a prompt from (the prompts service's playbackPath). */
  promptPath(id: number): string;
}

export interface IvrService
  extends ResourceService<Ivr, IvrCreate, IvrUpdate>,
    ViewedList<Ivr, IvrView, IvrListQuery> {
  /** The IVR as stored now, or undefined (the runner's view: no 404s for a live call). */
  find(id: number): Ivr | undefined;
  exists(id: number): boolean;
  /**
   * The `tK` extension of transfer node `nodeId` in the IVR as it is now,
   * or null when that node is gone or no longer a transfer (the caller is
   * then released to the fallback rather than sent somewhere else).
   */
  transferExtension(id: number, nodeId: string): string | null;
  /** Transfer nodes, schedule nodes and fallbacks, so what they point at counts as in use. */
  destinationHolders(): { owner: string; destination: Destination }[];
  /** Prompts ask this before deleting a prompt. */
  promptUsage(promptId: number): PromptUse[];
  configSection(): ConfigSection;
}

export function createIvrService(deps: IvrDeps): IvrService {
  const { store, prompts, schedules, destinations } = deps;
  const changes = resourceChanges(deps.change, { entity: 'ivr', event: 'ivr.changed' });

  const view = (i: Ivr): IvrView => ({ ...withIsoTimes(i), context: ivrContext(i.id) });
  const mustGet = mustFind(store.get, 'ivr');

  /** Every check of a tree and fallback, inside the change's transaction (both runs see the same rows). */
  const check = (i: IvrFields, selfId?: number) => {
    checkTree(i.tree, {
      promptExists: (id) => prompts.exists(id),
      scheduleExists: (id) => schedules.exists(id),
      checkDestination: (d, field) => destinations.check(d, field),
      selfId,
    });
    if (i.fallback) {
      for (const [d, sub] of plainTargets(i.fallback)) {
        if (selfId !== undefined && d.type === 'ivr' && d.ivrId === selfId)
          throw validation(`fallback${sub}.ivrId`, 'an IVR cannot fall back to itself');
      }
      destinations.check(i.fallback, 'fallback');
    }
  };

  const writes = checkedWrites(changes, store, { get: mustGet, check });

  return {
    view,

    list: (q) => mapPage(store.page(q), view),

    get: (id: number) => mustGet(id),

    find: (id: number) => store.get(id),

    exists: (id: number) => store.exists(id),

    transferExtension(id, nodeId) {
      const i = store.get(id);
      return i ? (transferExtensions(i.tree).get(nodeId) ?? null) : null;
    },

    destinationHolders: () =>
      store.all().flatMap((i) => [
        ...Object.entries(i.tree.nodes).flatMap(([nodeId, n]) => {
          const owner = `ivr ${i.id} "${i.name}" node ${nodeId}`;
          if (n.type === 'transfer') return [{ owner, destination: n.destination as Destination }];
          // a schedule node is not a destination, but as one it makes its schedule count as used
          if (n.type === 'schedule') return [{ owner, destination: scheduleUse(n.scheduleId) }];
          return [];
        }),
        ...(i.fallback ? [{ owner: `ivr ${i.id} "${i.name}" fallback`, destination: i.fallback }] : []),
      ]),

    promptUsage: (promptId) =>
      store
        .all()
        .filter((i) => Object.values(i.tree.nodes).some((n) => promptsOf(n).some((p) => p.id === promptId)))
        .map((i) => ({ type: 'ivr', id: i.id, name: i.name })),

    create: (input, actor) =>
      writes.create(actor, {
        name: input.name,
        tree: input.tree as IvrTree,
        fallback: input.fallback as Destination | null,
      }),

    update: (id, patch, actor) => writes.update(actor, id, (before) => patched(before, patch)),

    remove: (id, actor) =>
      // inbound routes, other IVRs, announcements (and later queues) that send calls here
      writes.remove(actor, id, () => destinations.assertUnused({ kind: 'ivr', id })),

    configSection: () =>
      dialplanSection({ name: 'ivr', loaded: { contexts: 'hotline-ivr-' }, what: 'IVRs' }, () => {
        const list = store.all();
        const compile = deps.engine === 'dialplan' ? { promptPath: deps.promptPath } : null;
        return {
          text: ivrDialplan(list, deps.app, compile),
          expected: [...list.map((i) => ivrContext(i.id)), ...(compile ? [PATH_CONTEXT] : [])],
        };
      }),
  };
}

const scheduleUse = (scheduleId: number): Destination => ({
  type: 'schedule',
  scheduleId,
  open: { type: 'hangup' },
  closed: { type: 'hangup' },
});
