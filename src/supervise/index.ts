import type { Core } from '../core.js';
import { dialplanSection } from '../kit/dialplan-section.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { SPY_CONTEXT, SPY_MODES, superviseDialplan } from './confgen.js';
import { wireSupervise } from './events.js';
import { superviseRoutes } from './routes.js';
import { createSuperviseService, type SupervisedAgent, type SuperviseService } from './service.js';
import { createSuperviseStore } from './store.js';
import { createSpyTelephony } from './telephony.js';

export type { SuperviseService } from './service.js';

/**
 * Supervisors listen to, whisper to and barge in on agents' calls
 * (/api/v1/supervise): the box calls the supervisor's own seat into the
 * generated `[hotline-spy]` context, where ChanSpy joins the agent's channel.
 */
export function createSupervise(
  core: Pick<Core, 'ami' | 'bus' | 'db' | 'audit' | 'log'>,
  deps: {
    agents: { get(id: number): SupervisedAgent; byExtension(ext: string): SupervisedAgent | undefined };
    seatOfUser(userId: number): string | null;
    supervisedQueues(userId: number): number[];
    requireRole: RequireRole;
  },
): HotlineModule<SuperviseService> {
  const log = core.log.child({ component: 'supervise' });
  const service = createSuperviseService({
    db: core.db,
    store: createSuperviseStore(core.db),
    audit: core.audit,
    telephony: createSpyTelephony(core.ami),
    agents: deps.agents,
    seatOfUser: deps.seatOfUser,
    supervisedQueues: deps.supervisedQueues,
    log,
  });
  return {
    name: 'supervise',
    service,
    routes: [mount('/supervise', superviseRoutes(service, deps.requireRole))],
    configSections: [
      dialplanSection(
        { name: 'supervise', loaded: { extensionsOf: SPY_CONTEXT }, what: 'spy modes' },
        () => ({ text: superviseDialplan(), expected: SPY_MODES }),
      ),
    ],
    start() {
      wireSupervise(core.bus, 'supervise', service, (err) =>
        log.warn({ err }, 'supervise resync failed; open sessions are checked at the next one'),
      );
    },
    stop() {
      core.bus.off('supervise');
      service.stop();
    },
  };
}
