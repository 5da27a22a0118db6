import type { RequestHandler, Router } from 'express';
import type { RouteDoc } from '../kit/router.js';
import type { Bus } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Reader } from '../db/reader.js';
import type { Role } from '../http/principal.js';
import type { Logger } from '../log.js';
import { createQueueLogIngest, type QueueLogIngest } from './queue-log-ingest.js';
import { createCallsRouter } from './routes.js';
import { type CallsService, createCallsService } from './service.js';
import { createCallsStore } from './store.js';

export type { CallRecord, Outcome } from './rows.js';
export type { Call, CallListQuery, CallPage, QueueFiguresReport } from './schema.js';
export type { CallsService } from './service.js';

export interface CallsModule {
  /** Mount at /api/v1/calls, behind authentication. */
  router: Router;
  docs: readonly RouteDoc[];
  service: CallsService;
  queueLog: QueueLogIngest;
  /** Ingests queue_log and keeps calls in step with every CDR and queue event. */
  start(): void;
  stop(): void;
}

export function createCalls(deps: {
  db: Db;
  reader: Reader;
  bus: Bus;
  log: Logger;
  /** settings.asterisk.queueLog */
  queueLogPath: string;
  requireRole: (...roles: Role[]) => RequestHandler;
  seatOfUser: (userId: number) => string | null;
  /** From the recordings domain: a call's download URL, null when the file is gone. */
  recordingUrl?: (callId: number, path: string) => string | null;
  /** The configured queues and their service-level seconds, for GET /calls/figures. */
  queues?: () => { id: number; name: string; serviceLevelSec: number }[];
  intervalMs?: number;
}): CallsModule {
  const store = createCallsStore(deps.db);
  const service = createCallsService({
    store,
    reader: deps.reader,
    bus: deps.bus,
    log: deps.log,
    recordingUrl: deps.recordingUrl,
    queues: deps.queues,
  });
  const queueLog = createQueueLogIngest({
    store,
    bus: deps.bus,
    log: deps.log,
    file: deps.queueLogPath,
    intervalMs: deps.intervalMs,
  });
  const routes = createCallsRouter(service, deps.requireRole, deps.seatOfUser);
  return {
    router: routes.router,
    docs: routes.docs,
    service,
    queueLog,
    start() {
      deps.bus.on('calls', 'cdr.ingested', () => service.schedule());
      deps.bus.on('calls', 'queue_log.ingested', () => service.schedule());
      // catch up with whatever arrived while hotlined was down
      service.schedule();
      queueLog.start();
    },
    stop() {
      queueLog.stop();
      deps.bus.off('calls');
      service.stop();
    },
  };
}
