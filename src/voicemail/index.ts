import path from 'node:path';
import type { RequestHandler, Router } from 'express';
import type { RouteDoc } from '../kit/router.js';
import type { Ami } from '../asterisk/ami.js';
import type { ConfigApplier } from '../asterisk/apply.js';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import { hostPath, type Settings } from '../settings.js';
import { voicemailRoutes } from './routes.js';
import { createVoicemailService, VOICEMAIL_CONTEXT, type VoicemailService } from './service.js';
import { createVoicemailStore } from './store.js';

export type { VoicemailService } from './service.js';

export function createVoicemail(deps: {
  db: Db;
  ami: Ami;
  applier: ConfigApplier;
  audit: Audit;
  log: Logger;
  settings: Settings;
  seats: Parameters<typeof createVoicemailService>[0]['seats'];
  seatOfUser(userId: number): string | null;
  requireRole: (...roles: Role[]) => RequestHandler;
}): { router: Router; docs: readonly RouteDoc[]; service: VoicemailService } {
  const service = createVoicemailService({
    store: createVoicemailStore(deps.db),
    seats: deps.seats,
    seatOfUser: deps.seatOfUser,
    applier: deps.applier,
    audit: deps.audit,
    ami: deps.ami,
    log: deps.log.child({ component: 'voicemail' }),
    spoolDir: path.join(
      hostPath(deps.settings, deps.settings.asterisk.spoolDir),
      'voicemail',
      VOICEMAIL_CONTEXT,
    ),
  });
  service.materializePins();
  deps.applier.register(service.configSection());
  const routes = voicemailRoutes(service, deps.requireRole);
  return { router: routes.router, docs: routes.docs, service };
}
