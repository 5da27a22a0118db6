import path from 'node:path';
import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { configDomain, type HotlineModule, mount } from '../module.js';
import { hostPath } from '../settings.js';
import { voicemailRoutes } from './routes.js';
import { createVoicemailService, VOICEMAIL_CONTEXT, type VoicemailService } from './service.js';
import { createVoicemailStore } from './store.js';

export type { VoicemailService } from './service.js';

/** Seat mailboxes: voicemail.conf, PINs, and the messages in Asterisk's spool. */
export function createVoicemail(
  core: Core,
  deps: {
    seats: Parameters<typeof createVoicemailService>[0]['seats'];
    seatOfUser(userId: number): string | null;
    requireRole: RequireRole;
  },
): HotlineModule<VoicemailService> {
  const { settings } = core;
  const service = createVoicemailService({
    store: createVoicemailStore(core.db),
    seats: deps.seats,
    seatOfUser: deps.seatOfUser,
    applier: core.applier,
    audit: core.audit,
    ami: core.ami,
    log: core.log.child({ component: 'voicemail' }),
    spoolDir: path.join(hostPath(settings, settings.asterisk.spoolDir), 'voicemail', VOICEMAIL_CONTEXT),
  });
  service.materializePins();
  return configDomain('voicemail', service, mount('/voicemail', voicemailRoutes(service, deps.requireRole)));
}
