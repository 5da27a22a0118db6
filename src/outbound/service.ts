import type { ConfigSection } from '../asterisk/apply.js';
import type { Actor } from '../audit/index.js';
import { isEmergencyNumber } from '../dialplan/emergency.js';
import { AppError, validation } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanSection } from '../kit/dialplan-section.js';
import { mustFind, type ResourceService } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import type { TrunkService } from '../trunks/index.js';
import {
  CANON_CONTEXT,
  DENY_CONTEXT,
  EMERGENCY_CONTEXT,
  OUTBOUND_CONTEXT,
  outboundDialplan,
  routeContext,
  routePatternContext,
  SCREEN_CONTEXT,
  SUSPENDED_CONTEXT,
} from './confgen.js';
import './events.js';
import { patched } from '../kit/patch.js';
import { createSpendGuard, type GuardStore, type SpendGuard } from './guard.js';
import { canonicalNumber, patternMatches } from './pattern.js';
import type { OutboundRoute, RouteCreate, RouteUpdate } from './schema.js';
import type { OutboundStore } from './store.js';

/** One step of the order in which a dialled number is matched. */
export type MatchStep =
  | { step: number; kind: 'seats'; description: string }
  | { step: number; kind: 'deny'; pattern: string; result: 'denied:premium' }
  | { step: number; kind: 'route'; routeId: number; name: string; patterns: string[]; requiredClass: string };

/** Which rule takes a dialled number and what is sent. */
export type MatchResult =
  | { number: string; result: 'denied:premium'; pattern: string; canonical: string }
  | {
      number: string;
      result: 'route';
      pattern: string;
      route: { id: number; name: string; requiredClass: string };
      dial: string;
      trunkIds: number[];
      /** An emergency number: sent whatever the class, deny list or spend guard say. */
      emergency: boolean;
    }
  | { number: string; result: 'no-route' };

/** Every route in matching order (not paged: the order is the configuration). */
export interface OutboundList {
  items: OutboundRoute[];
  total: number;
  denyList: string[];
  matchingOrder: MatchStep[];
}

export interface OutboundService extends ResourceService<OutboundRoute, RouteCreate, RouteUpdate> {
  list(): OutboundList;
  /** `ids`: every route, in the new matching order. */
  reorder(ids: number[], actor: Actor): Promise<OutboundList>;
  denyList(): { patterns: string[] };
  setDenyList(patterns: string[], actor: Actor): Promise<{ patterns: string[] }>;
  /** Which rule takes `number` and what is sent (a preview; the seat's class is checked at call time). */
  match(number: string): MatchResult;
  /** Routes that name a trunk (the trunk service refuses to delete it). */
  usage(trunkId: number): string[];
  configSection(): ConfigSection;
  /** The spend guard: limits, suspensions, lifting. */
  guard: SpendGuard;
}

export function createOutboundService(deps: {
  store: OutboundStore;
  guardStore: GuardStore;
  trunks: TrunkService;
  change: Change;
}): OutboundService {
  const { store, trunks } = deps;
  const guard = createSpendGuard({
    store: deps.guardStore,
    changes: resourceChanges(deps.change, { entity: 'outbound_guard', event: 'outbound.changed' }),
  });

  const mustGet = mustFind(store.get, 'outbound route');
  const uniqueName = (name: string, self?: number) => {
    const other = store.getByName(name);
    if (other && other.id !== self) {
      throw new AppError('conflict', `an outbound route named ${name} already exists`, { field: 'name' });
    }
  };
  const trunksExist = (ids: number[]) => {
    ids.forEach((id, i) => {
      // fetching through the trunk service: it throws not_found, we want 400 on the field
      try {
        trunks.get(id);
      } catch {
        throw validation(`trunkIds.${i}`, `trunk ${id} does not exist`);
      }
    });
  };

  const matchingOrder = (): MatchStep[] => {
    const steps: MatchStep[] = [
      { step: 1, kind: 'seats', description: 'seat extensions are matched before any outbound rule' },
    ];
    for (const pattern of store.denyList()) {
      steps.push({ step: steps.length + 1, kind: 'deny', pattern, result: 'denied:premium' });
    }
    for (const r of store.all().filter((x) => x.enabled)) {
      steps.push({
        step: steps.length + 1,
        kind: 'route',
        routeId: r.id,
        name: r.name,
        patterns: r.patterns,
        requiredClass: r.requiredClass,
      });
    }
    return steps;
  };

  const changes = resourceChanges(deps.change, { entity: 'outbound_route', event: 'outbound.changed' });

  const list = (): OutboundList => {
    const items = store.all();
    return { items, total: items.length, denyList: store.denyList(), matchingOrder: matchingOrder() };
  };

  return {
    list,

    get: (id) => mustGet(id),

    async create(input, actor) {
      uniqueName(input.name);
      trunksExist(input.trunkIds);
      const { position, ...fields } = input;
      const id = await changes.create(actor, input, () => store.insert(fields, position, Date.now()));
      return mustGet(id);
    },

    async update(id, patch, actor) {
      const before = mustGet(id);
      if (patch.name !== undefined) uniqueName(patch.name, id);
      if (patch.trunkIds) trunksExist(patch.trunkIds);
      const { position, ...rest } = patch;
      const after = patched(before, rest);
      await changes.update(actor, before, { ...after, position }, () =>
        store.update(after, position, Date.now()),
      );
      return mustGet(id);
    },

    async remove(id, actor) {
      const before = mustGet(id);
      await changes.remove(actor, before, () => store.remove(id));
    },

    async reorder(ids, actor) {
      const current = store.all().map((r) => r.id);
      const same = ids.length === current.length && current.every((id) => ids.includes(id));
      if (!same) throw validation('ids', 'ids must list every outbound route exactly once');
      await changes.change({
        actor,
        action: 'reorder',
        id: 'order',
        before: current,
        mutate: () => store.reorder(ids),
        after: () => ids,
      });
      return list();
    },

    denyList: () => ({ patterns: store.denyList() }),

    async setDenyList(patterns, actor) {
      const before = store.denyList();
      await changes.change({
        actor,
        action: 'update',
        id: 'deny-list',
        before: { patterns: before },
        mutate: () => store.setDenyList(patterns),
        after: () => ({ patterns }),
      });
      return { patterns: store.denyList() };
    },

    match(number) {
      const emergency = isEmergencyNumber(number);
      const denied = (canonical: string) => {
        const deny = store.denyList().find((p) => patternMatches(p, canonical));
        return deny ? { number, result: 'denied:premium' as const, pattern: deny, canonical } : null;
      };
      const asDialled = emergency ? null : denied(canonicalNumber(number));
      if (asDialled) return asDialled;
      for (const r of store.all().filter((x) => x.enabled)) {
        const pattern = r.patterns.find((p) => patternMatches(p, number));
        if (!pattern) continue;
        const dial = r.prepend + number.slice(r.stripDigits);
        // the route screens what it sends too (its strip/prepend may make a denied number)
        const asSent = emergency ? null : denied(canonicalNumber(dial));
        if (asSent) return asSent;
        return {
          number,
          result: 'route' as const,
          pattern,
          route: { id: r.id, name: r.name, requiredClass: r.requiredClass },
          dial,
          trunkIds: r.trunkIds,
          emergency,
        };
      }
      return { number, result: 'no-route' as const };
    },

    guard,

    usage: (trunkId) => store.routesUsingTrunk(trunkId).map((n) => `outbound route ${n}`),

    configSection: () =>
      dialplanSection(
        {
          name: 'outbound',
          loaded: {
            contexts:
              /^hotline-outbound(-r[0-9]+|-route-[0-9]+|-deny|-emergency|-suspended|-screen|-canon)?$/,
          },
          what: 'outbound routes',
        },
        () => {
          const routes = store.all();
          const denyList = store.denyList();
          const enabledTrunks = new Set(
            trunks
              .all()
              .filter((t) => t.enabled)
              .map((t) => t.id),
          );
          const active = guard.suspensions();
          const suspended = {
            seats: active.filter((x) => x.kind === 'seat').map((x) => x.subject),
            trunks: active.filter((x) => x.kind === 'trunk').map((x) => Number(x.subject)),
          };
          const text = outboundDialplan({
            routes,
            denyList,
            trunkDialContext: (id) => (enabledTrunks.has(id) ? trunks.dialContext(id) : null),
            suspended,
          });
          const enabled = routes.filter((r) => r.enabled).map((r) => r.id);
          // a context is loaded once it holds an extension or an include
          const expected = [
            ...(enabled.length || denyList.length ? [OUTBOUND_CONTEXT] : []),
            ...enabled.flatMap((id) => [routePatternContext(id), routeContext(id)]),
            EMERGENCY_CONTEXT,
            SCREEN_CONTEXT,
            CANON_CONTEXT,
            ...(denyList.length ? [DENY_CONTEXT] : []),
            ...(active.length ? [SUSPENDED_CONTEXT] : []),
          ];
          return { text, expected };
        },
      ),
  };
}
