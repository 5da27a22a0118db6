import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { MAIL_EVENTS } from './events.js';
import { mailRoutes } from './routes.js';
import { createMailService, type MailService } from './service.js';
import { type SendMail, smtpSend } from './smtp.js';
import { createMailStore } from './store.js';

export type { MailService, SendRequest } from './service.js';
export type { Attachment, Delivery } from './smtp.js';

/** How often queued messages are looked at (retries come due; a server set since). */
const POLL_MS = 30_000;

/** E-mail at /api/v1/mail: the SMTP server, templates, the outbox with retries and bounces. */
export function createMail(
  core: Pick<Core, 'db' | 'change' | 'bus' | 'log'>,
  deps: { requireRole: RequireRole; sendMail?: SendMail; pollMs?: number },
): HotlineModule<MailService> {
  const service = createMailService({
    store: createMailStore(core.db),
    change: core.change,
    bus: core.bus,
    log: core.log.child({ component: 'mail' }),
    sendMail: deps.sendMail ?? smtpSend,
  });
  const { api, templates } = mailRoutes(service, deps.requireRole);
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'mail',
    service,
    routes: [mount('/mail', api), mount('/mail/templates', templates)],
    publishes: MAIL_EVENTS,
    start() {
      timer = setInterval(() => void service.deliverDue(), deps.pollMs ?? POLL_MS);
      timer.unref();
      void service.deliverDue();
    },
    async stop() {
      clearInterval(timer);
      await service.deliverDue(0); // let an attempt under way settle before the database closes
    },
  };
}
