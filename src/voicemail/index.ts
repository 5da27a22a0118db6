import path from 'node:path';
import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import { hostPath } from '../settings.js';
import { voicemailRoutes } from './routes.js';
import { createVoicemailService, VOICEMAIL_CONTEXT, type VoicemailService } from './service.js';
import { createVoicemailStore } from './store.js';

export type { VoicemailService } from './service.js';

/**
 * Seat mailboxes: voicemail.conf, PINs, the messages in Asterisk's spool,
 * and voicemail to e-mail (each new message with its recording, on the
 * message-waiting event, and on start for those left while hotlined was down).
 */
export function createVoicemail(
  core: Core,
  deps: {
    seats: Parameters<typeof createVoicemailService>[0]['seats'];
    seatOfUser(userId: number): string | null;
    mail: Parameters<typeof createVoicemailService>[0]['mail'];
    ownerEmail(ext: string): string | null;
    requireRole: RequireRole;
  },
): HotlineModule<VoicemailService> {
  const { settings } = core;
  const service = createVoicemailService({
    store: createVoicemailStore(core.db),
    seats: deps.seats,
    seatOfUser: deps.seatOfUser,
    mail: deps.mail,
    ownerEmail: deps.ownerEmail,
    applier: core.applier,
    audit: core.audit,
    ami: core.ami,
    log: core.log.child({ component: 'voicemail' }),
    spoolDir: path.join(hostPath(settings, settings.asterisk.spoolDir), 'voicemail', VOICEMAIL_CONTEXT),
  });
  service.materializePins();
  const log = core.log.child({ component: 'voicemail' });
  const mailNew = (p: Promise<unknown>) =>
    void p.catch((err) => log.error({ err }, 'voicemail to e-mail failed'));
  return configDomain('voicemail', service, mount('/voicemail', voicemailRoutes(service, deps.requireRole)), {
    start() {
      core.bus.on('voicemail', 'voicemail.left', (e) => {
        const ext = e.mailbox.split('@')[0] ?? '';
        if (/^[0-9]{2,8}$/.test(ext)) mailNew(service.mailNew(ext));
      });
      mailNew(service.mailAll());
    },
    stop() {
      core.bus.off('voicemail');
    },
  });
}
