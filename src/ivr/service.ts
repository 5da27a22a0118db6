import { type ConfigApplier, type VerifyContext, verifyContexts } from '../asterisk/apply.js';
import type { Actor, Audit } from '../audit/index.js';
import { ivrContext } from '../destinations/compile.js';
import type { Destinations } from '../destinations/refs.js';
import type { Destination } from '../destinations/schema.js';
import { notFound, validation } from '../errors.js';
import type { PromptUse } from '../prompts/schema.js';
import { ivrDialplan, transferExtensions } from './confgen.js';
import { checkTree, plainTargets, promptsOf } from './graph.js';
import type { Ivr, IvrCreate, IvrTree, IvrUpdate } from './schema.js';
import type { IvrFields, IvrStore } from './store.js';

export type IvrView = Omit<Ivr, 'createdAt' | 'updatedAt'> & {
  context: string;
  createdAt: string;
  updatedAt: string;
};

/** What the IVR domain needs of prompts and schedules (their services fit). */
export interface IvrDeps {
  store: IvrStore;
  applier: ConfigApplier;
  audit: Audit;
  prompts: { exists(id: number): boolean };
  schedules: { exists(id: number): boolean };
  destinations: Destinations;
  /** The Stasis application name (settings.asterisk.ari.app). */
  app: string;
}

export function createIvrService(deps: IvrDeps) {
  const { store, applier, audit, prompts, schedules, destinations } = deps;

  const view = (i: Ivr): IvrView => ({
    ...i,
    context: ivrContext(i.id),
    createdAt: new Date(i.createdAt).toISOString(),
    updatedAt: new Date(i.updatedAt).toISOString(),
  });
  const mustGet = (id: number) => {
    const i = store.get(id);
    if (!i) throw notFound('ivr');
    return i;
  };

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

  return {
    view,

    list(limit: number, offset: number) {
      const { items, total } = store.page(limit, offset);
      return { items: items.map(view), total, limit, offset };
    },

    get: (id: number) => mustGet(id),

    /** The IVR as stored now, or undefined (the runner's view: no 404s for a live call). */
    find: (id: number) => store.get(id),

    ivrExists: (id: number) => store.exists(id),

    /**
     * The `tK` extension of transfer node `nodeId` in the IVR as it is now,
     * or null when that node is gone or no longer a transfer (the caller is
     * then released to the fallback rather than sent somewhere else).
     */
    transferExtension(id: number, nodeId: string): string | null {
      const i = store.get(id);
      return i ? (transferExtensions(i.tree).get(nodeId) ?? null) : null;
    },

    /** Transfer nodes, schedule nodes and fallbacks, so what they point at counts as in use. */
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

    /** Prompts ask this before deleting a prompt. */
    promptUsage: (promptId: number): PromptUse[] =>
      store
        .all()
        .filter((i) => Object.values(i.tree.nodes).some((n) => promptsOf(n).some((p) => p.id === promptId)))
        .map((i) => ({ type: 'ivr', id: i.id, name: i.name })),

    async create(input: IvrCreate, actor: Actor): Promise<Ivr> {
      const row: IvrFields = {
        name: input.name,
        tree: input.tree as IvrTree,
        fallback: input.fallback as Destination | null,
      };
      const now = Date.now();
      const id = await applier.change(
        () => {
          check(row);
          return store.insert(row, now);
        },
        (newId) => audit.record({ ...actor, action: 'create', entity: 'ivr', entityId: newId, after: row }),
      );
      return mustGet(id);
    },

    async update(id: number, patch: IvrUpdate, actor: Actor): Promise<Ivr> {
      const before = mustGet(id);
      const after: Ivr = {
        ...before,
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.tree === undefined ? {} : { tree: patch.tree as IvrTree }),
        ...(patch.fallback === undefined ? {} : { fallback: patch.fallback as Destination | null }),
      };
      const now = Date.now();
      await applier.change(
        () => {
          if (!store.get(id)) throw notFound('ivr');
          check(after, id);
          store.update(id, after, now);
        },
        () => audit.record({ ...actor, action: 'update', entity: 'ivr', entityId: id, before, after }),
      );
      return mustGet(id);
    },

    async remove(id: number, actor: Actor): Promise<void> {
      const before = mustGet(id);
      await applier.change(
        () => {
          // inbound routes, other IVRs, announcements (and later queues) that send calls here
          destinations.assertUnused({ kind: 'ivr', id });
          store.remove(id);
        },
        () => audit.record({ ...actor, action: 'delete', entity: 'ivr', entityId: id, before }),
      );
    },

    configSection() {
      return {
        name: 'ivr',
        generate: () => {
          const list = store.all();
          const expected = new Set(list.map((i) => ivrContext(i.id)));
          return {
            files: [
              {
                name: 'extensions_ivr.conf',
                text: ivrDialplan(list, deps.app),
                reload: 'pbx_config.so' as const,
              },
            ],
            verify: (ctx: VerifyContext) =>
              verifyContexts(ctx, 'hotline-ivr-', expected, 'dialplan does not match the IVRs after reload'),
          };
        },
      };
    },
  };
}

export type IvrService = ReturnType<typeof createIvrService>;

const scheduleUse = (scheduleId: number): Destination => ({
  type: 'schedule',
  scheduleId,
  open: { type: 'hangup' },
  closed: { type: 'hangup' },
});
