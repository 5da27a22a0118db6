import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '../core.js';
import { dialplanSection } from '../kit/dialplan-section.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { createAudioTools } from '../prompts/audio.js';
import { hostPath } from '../settings.js';
import { listenToBox } from './box-events.js';
import { NOTIFY_CONTEXT, notifyDialplan } from './confgen.js';
import { NOTIFY_EVENTS } from './events.js';
import { eventIntakeRoutes, notifyRoutes } from './routes.js';
import { createNotifyService, type NotifyDeps, type NotifyService } from './service.js';
import { createNotifyStore } from './store.js';

export type { NotifyService } from './service.js';

/** How often delayed actions and webhook retries are looked at. */
const DUE_POLL_MS = 15_000;

/**
 * Notifications by rules: events from business systems (signed posts to
 * /api/v1/events) and from the box itself, rules that match them, and the
 * voice / SMS / e-mail / callback-task actions they take.
 */
export function createNotify(
  core: Core,
  deps: Omit<NotifyDeps, 'store' | 'change' | 'bus' | 'log' | 'voice' | 'webhook' | 'now'> & {
    requireRole: RequireRole;
  },
): HotlineModule<NotifyService> {
  const { settings } = core;
  const asteriskDir = path.posix.join(settings.asterisk.promptDir, 'notify');
  const hostDir = hostPath(settings, asteriskDir);
  const service = createNotifyService({
    ...deps,
    store: createNotifyStore(core.db),
    change: core.change,
    bus: core.bus,
    log: core.log.child({ component: 'notify' }),
    voice: { ami: core.ami, audio: core.overrides.audioTools ?? createAudioTools(), hostDir, asteriskDir },
    webhook: { allowLocal: settings.notify.webhookAllowLocal },
    now: core.overrides.now,
  });
  let offBox: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'notify',
    service,
    routes: [
      mount('/events', eventIntakeRoutes(service), { public: true, bodyLimit: '64kb' }),
      mount('/notify', notifyRoutes(service, deps.requireRole)),
    ],
    configSections: [
      dialplanSection(
        { name: 'notify', loaded: { extensionsOf: NOTIFY_CONTEXT }, what: 'notifications' },
        () => ({
          text: notifyDialplan(),
          expected: ['_X!'],
        }),
      ),
    ],
    publishes: NOTIFY_EVENTS,
    start() {
      mkdirSync(hostDir, { recursive: true });
      service.start();
      offBox = listenToBox(core.bus, service, core.log.child({ component: 'notify' }));
      // delayed actions and webhook retries are rows: whatever came due while the box was down goes now
      timer = setInterval(() => void service.runDue(), DUE_POLL_MS);
      timer.unref();
      void service.runDue();
    },
    async stop() {
      clearInterval(timer);
      offBox?.();
      service.stop();
      await service.runDue(0); // let a delivery under way settle before the database closes
    },
  };
}
