import path from 'node:path';
import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { directoryApplier, type HostApplier, helperApplier } from './apply.js';
import { HOST_EVENTS } from './events.js';
import { hostRoutes } from './routes.js';
import { createHostService, type HostInterface, type HostService } from './service.js';

export type { HostService } from './service.js';

/**
 * The box's host settings (/api/v1/host), set by the first-login wizard:
 * host name, network, time zone and NTP. On the appliance a root helper
 * applies them to the system; elsewhere they are files under the data
 * directory and nothing on the machine changes.
 */
export function createHost(
  core: Pick<Core, 'settings' | 'change' | 'log'>,
  deps: { requireRole: RequireRole; applier?: HostApplier; interfaces?: () => HostInterface[] },
): HotlineModule<HostService> {
  const { dataDir, host } = core.settings;
  const applier =
    deps.applier ??
    (host.applier === 'system'
      ? helperApplier(path.join(dataDir, 'host'))
      : directoryApplier(host.root ?? path.join(dataDir, 'host-root')));
  const service = createHostService({
    dataDir,
    applier,
    change: core.change,
    log: core.log.child({ component: 'host' }),
    interfaces: deps.interfaces,
  });
  return {
    name: 'host',
    service,
    routes: [mount('/host', hostRoutes(service, deps.requireRole))],
    publishes: HOST_EVENTS,
    start: () => service.start(),
    stop: () => service.stop(),
  };
}
