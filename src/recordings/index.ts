import path from 'node:path';
import type { RequestHandler, Router } from 'express';
import type { RouteDoc } from '../kit/router.js';
import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import { hostPath, type Settings } from '../settings.js';
import { createRecordingsRouter } from './routes.js';
import { type CallFacts, createRecordingsService, type RecordingsService } from './service.js';
import { createRecordingStore } from './store.js';

export {
  ON_DEMAND_CODE,
  RECORDING_POLICIES,
  type RecordingPolicy,
  recordingSteps,
} from './confgen.js';
export type { RecordingsService } from './service.js';

/** Where Asterisk writes recordings (MixMonitor's relative names start at <spoolDir>/monitor). */
export const recordingsRoot = (settings: Settings) =>
  hostPath(settings, path.join(settings.asterisk.spoolDir, 'monitor', 'hotline'));

/** Retention sweeps this often (and once shortly after start). */
const SWEEP_EVERY_MS = 60 * 60_000;

export function createRecordings(deps: {
  db: Db;
  audit: Audit;
  log: Logger;
  settings: Settings;
  callOf: (callId: number) => CallFacts | undefined;
  seatOfUser: (userId: number) => string | null;
  requireRole: (...roles: Role[]) => RequestHandler;
  /** Tests: a different root than the settings say. */
  root?: string;
}): {
  router: Router;
  docs: readonly RouteDoc[];
  service: RecordingsService;
  start(): void;
  stop(): void;
} {
  const log = deps.log.child({ component: 'recordings' });
  const service = createRecordingsService({
    store: createRecordingStore(deps.db),
    audit: deps.audit,
    log: deps.log,
    root: deps.root ?? recordingsRoot(deps.settings),
    callOf: deps.callOf,
    seatOfUser: deps.seatOfUser,
  });
  let timers: NodeJS.Timeout[] = [];
  const sweep = () => {
    try {
      service.sweep();
    } catch (err) {
      log.error({ err }, 'recording retention sweep failed');
    }
  };
  const routes = createRecordingsRouter(service, deps.requireRole);
  return {
    router: routes.router,
    docs: routes.docs,
    service,
    start() {
      const first = setTimeout(sweep, 60_000);
      const every = setInterval(sweep, SWEEP_EVERY_MS);
      first.unref();
      every.unref();
      timers = [first, every];
    },
    stop() {
      for (const t of timers) clearTimeout(t);
      timers = [];
    },
  };
}
