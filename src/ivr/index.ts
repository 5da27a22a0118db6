import type { Core } from '../core.js';
import type { Destinations } from '../destinations/refs.js';
import { isAppError } from '../errors.js';
import { createRecentHistogram, type RecentFigures } from '../kit/recent-histogram.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import type { PromptService } from '../prompts/service.js';
import type { CallerInfo } from './machine.js';
import { ivrRoutes } from './routes.js';
import { createIvrRunner, type IvrRunner } from './runner.js';
import { createIvrService, type IvrService } from './service.js';
import { createIvrStore } from './store.js';

export type { IvrRunner } from './runner.js';
export type { IvrService } from './service.js';

/**
 * IVR trees at /api/v1/ivrs, their dialplan (extensions_ivr.conf: compiled
 * trees, or Stasis entries), and the runner that walks callers through the
 * trees that run in the Stasis app.
 */
/** The IVR module's service, plus the runner (the calls domain and tests drive it). */
export interface IvrsModule extends HotlineModule<IvrService> {
  readonly runner: IvrRunner;
  /** IVR step latency over the last `seconds` (GET /system/runtime), whichever engine ran the step. */
  stepLatency(seconds: number): RecentFigures;
}

export function createIvrs(
  core: Core,
  deps: {
    prompts: PromptService;
    schedules: { exists(id: number): boolean; status(id: number): { open: boolean } };
    customers: { lookup(number: string): Promise<CallerInfo | null> };
    destinations: Destinations;
    requireRole: RequireRole;
  },
): IvrsModule {
  const { prompts } = deps;
  const service = createIvrService({
    store: createIvrStore(core.db),
    change: core.change,
    prompts,
    schedules: deps.schedules,
    destinations: deps.destinations,
    app: core.settings.asterisk.ari.app,
    engine: core.settings.ivr.engine,
    promptPath: (id) => prompts.playbackPath(id),
  });
  // a prompt an IVR plays cannot be deleted
  prompts.registerUsage(service.promptUsage);
  // IVRs are a destination (inbound routes, other IVRs, announcements) and hold some (transfers, fallback)
  deps.destinations.provide('ivr', (id) => typeof id === 'number' && service.exists(id));
  deps.destinations.addHolder('ivrs', service.destinationHolders);

  // DTMF → next step, in ms, from the Stasis runner and from compiled IVRs' path events alike
  const stepLatency = createRecentHistogram();
  core.bus.on('ivrs', 'ivr.path', (e) => {
    if (e.stepMs !== undefined) stepLatency.record(e.stepMs);
  });
  const runner = createIvrRunner({
    ari: core.ari,
    stepLatency,
    onPath: (channelId, ivrId, path) => core.bus.emit('ivr.path', { channelId, ivrId, path }),
    ivrs: service,
    prompts: {
      playbackPath: (id) => prompts.playbackPath(id),
      durationMs: (id) => {
        try {
          return prompts.get(id).durationMs;
        } catch (err) {
          if (isAppError(err, 'not_found')) return undefined;
          throw err;
        }
      },
    },
    customers: deps.customers,
    schedules: { isOpen: (id) => deps.schedules.status(id).open },
    log: core.log,
  });
  const routes = mount('/ivrs', ivrRoutes(service, deps.requireRole));
  return {
    ...configDomain('ivrs', service, routes, {
      publishes: ['ivr.changed'],
      stop: async () => {
        await runner.stop();
        stepLatency.stop();
      },
    }),
    runner,
    stepLatency: (seconds) => stepLatency.over(seconds),
  };
}
