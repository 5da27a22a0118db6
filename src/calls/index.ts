import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { followHolds } from './events.js';
import { createQueueLogIngest, type QueueLogIngest } from './queue-log-ingest.js';
import { createCallsRouter } from './routes.js';
import { type CallsService, createCallsService } from './service.js';
import { createCallsStore } from './store.js';

export type { CallRecord, Outcome } from './rows.js';
export type { Call, CallListQuery, CallPage, QueueFiguresReport } from './schema.js';
export type { CallsService } from './service.js';

export interface CallsModule extends HotlineModule<CallsService> {
  queueLog: QueueLogIngest;
  /** Ingests queue_log and keeps calls in step with every CDR and queue event. */
  start(): void;
  stop(): void;
}

/** Calls as people see them: built from CDRs and queue_log, listed at /api/v1/calls with queue figures. */
export function createCalls(
  core: Pick<Core, 'db' | 'reader' | 'bus' | 'log'>,
  deps: {
    /** settings.asterisk.queueLog */
    queueLogPath: string;
    requireRole: RequireRole;
    seatOfUser: (userId: number) => string | null;
    /** From the recordings domain: a call's download URL, null when the file is gone. */
    recordingUrl?: (callId: number, path: string) => string | null;
    /** The configured queues and their service-level seconds, for GET /calls/figures. */
    queues?: () => { id: number; name: string; serviceLevelSec: number }[];
    intervalMs?: number;
  },
): CallsModule {
  const { bus, log } = core;
  const store = createCallsStore(core.db);
  const service = createCallsService({
    store,
    reader: core.reader,
    bus,
    log,
    recordingUrl: deps.recordingUrl,
    queues: deps.queues,
  });
  const queueLog = createQueueLogIngest({
    store,
    bus,
    log,
    file: deps.queueLogPath,
    intervalMs: deps.intervalMs,
  });
  return {
    name: 'calls',
    service,
    queueLog,
    routes: [
      mount(
        '/calls',
        createCallsRouter(service, deps.requireRole, deps.seatOfUser, deps.queues ?? (() => [])),
      ),
    ],
    publishes: ['queue_log.ingested'],
    start() {
      bus.on('calls', 'cdr.ingested', () => service.schedule());
      bus.on('calls', 'queue_log.ingested', () => service.schedule());
      followHolds(bus, 'calls', store, (linkedid) => service.holdChanged(linkedid));
      // catch up with whatever arrived while hotlined was down
      service.schedule();
      queueLog.start();
    },
    stop() {
      queueLog.stop();
      bus.off('calls');
      service.stop();
    },
  };
}
