import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { Modem, type ModemOptions } from './modem.js';
import { smsRoutes } from './routes.js';
import { createSmsService, type OptOutHook, type SmsService } from './service.js';
import { createSmsStore } from './store.js';

export type { OptOutHook, OptOutSource, SmsService } from './service.js';

/**
 * SMS over a GSM/4G modem on a serial port (/api/v1/sms): sending in PDU
 * mode with delivery reports, incoming messages matched to customers, TD /
 * 退订 replies opting the number out, and the modem's health for the live
 * banner.
 */
export function createSms(
  core: Pick<Core, 'db' | 'bus' | 'audit' | 'log'>,
  deps: {
    customers: { findByNumber(number: string): { id: number } | undefined };
    requireRole: RequireRole;
    /** The contact lists' do-not-call list (wired by the builder when it exists). */
    optOutHook?: OptOutHook;
    /** Poll and backoff periods (tests make them short). */
    modem?: Pick<ModemOptions, 'pollMs' | 'backoffMs' | 'commandTimeoutMs'>;
  },
): HotlineModule<SmsService> {
  const log = core.log.child({ component: 'sms' });
  const service = createSmsService({
    db: core.db,
    store: createSmsStore(core.db),
    audit: core.audit,
    bus: core.bus,
    log,
    customers: deps.customers,
    optOutHook: deps.optOutHook,
    openModem: (s) => new Modem({ ...s, ...deps.modem, log: log.child({ component: 'modem' }) }),
  });
  return {
    name: 'sms',
    service,
    routes: [mount('/sms', smsRoutes(service, deps.requireRole))],
    publishes: ['sms.modem', 'sms.received'],
    start: () => service.start(),
    stop: () => service.stop(),
  };
}
