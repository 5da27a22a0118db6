import path from 'node:path';
import type { Core } from '../core.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import { hostPath, type Settings } from '../settings.js';
import { createRecordingsRouter } from './routes.js';
import { type CallFacts, createRecordingsService, type RecordingsService } from './service.js';
import { createRecordingStore } from './store.js';

export type { RecordingsService } from './service.js';

/** Where Asterisk writes recordings (MixMonitor's relative names start at <spoolDir>/monitor). */
export const recordingsRoot = (settings: Settings) =>
  hostPath(settings, path.join(settings.asterisk.spoolDir, 'monitor', 'hotline'));

/** Retention sweeps this often (and once shortly after start). */
const SWEEP_EVERY_MS = 60 * 60_000;

export interface RecordingsModule extends HotlineModule<RecordingsService> {
  start(): void;
  stop(): void;
}

/** Call recordings: retention, disk usage, settings, and the download of a call's file. */
export function createRecordings(
  core: Pick<Core, 'db' | 'audit' | 'log' | 'settings'>,
  deps: {
    callOf: (callId: number) => CallFacts | undefined;
    seatOfUser: (userId: number) => string | null;
    requireRole: RequireRole;
    /** Tests: a different root than the settings say. */
    root?: string;
  },
): RecordingsModule {
  const log = core.log.child({ component: 'recordings' });
  const service = createRecordingsService({
    store: createRecordingStore(core.db),
    audit: core.audit,
    log: core.log,
    root: deps.root ?? recordingsRoot(core.settings),
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
  return {
    name: 'recordings',
    service,
    routes: [mount('/recordings', createRecordingsRouter(service, deps.requireRole))],
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
