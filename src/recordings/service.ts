import type { Audit } from '../audit/index.js';
import { AppError, notFound } from '../errors.js';
import type { Principal } from '../http/principal.js';
import type { Logger } from '../log.js';
import { diskUsage, resolveRecording, sweepRecordings, type Usage } from './files.js';
import type { RecordingSettings, RecordingSettingsUpdate } from './schema.js';
import type { RecordingStore } from './store.js';

/** What the recordings domain needs to know of a call (from the calls domain). */
export interface CallFacts {
  id: number;
  agent: string;
  recording: string;
}

/** Usage walks the whole tree; a console polling it should not. */
const USAGE_TTL_MS = 30_000;

export interface RecordingsService {
  /** The download URL of a call's recording, or null when its file is not there (any more). */
  urlFor(callId: number, rel: string): string | null;
  /**
   * The file of a call's recording, for admins and supervisors, and for
   * the agent whose seat took the call; 403 for anyone else.
   */
  fileFor(p: Principal, callId: number): { file: string; size: number };
  /** Disk use of the recordings tree (cached a while) and the retention in force. */
  usage(): Usage & { retentionDays: number | null };
  settings(): RecordingSettings;
  /** Audited. */
  updateSettings(
    patch: RecordingSettingsUpdate,
    actor: { principal: Principal; ip?: string },
  ): RecordingSettings;
  /** Deletes recordings past the retention (none when it is off) and header-only files. */
  sweep(): { deleted: number; bytes: number };
}

export function createRecordingsService(deps: {
  store: RecordingStore;
  audit: Audit;
  log: Logger;
  /** Host path of <spoolDir>/monitor/hotline. */
  root: string;
  callOf: (callId: number) => CallFacts | undefined;
  seatOfUser: (userId: number) => string | null;
  now?: () => number;
}): RecordingsService {
  const { store, audit, root, callOf } = deps;
  const log = deps.log.child({ component: 'recordings' });
  const now = deps.now ?? Date.now;
  let usageCache: { at: number; value: Usage } | null = null;

  return {
    urlFor(callId, rel) {
      return resolveRecording(root, rel) ? `/api/v1/recordings/${callId}` : null;
    },

    fileFor(p, callId) {
      const call = callOf(callId);
      if (!call) throw notFound('call');
      const allowed =
        p.role === 'admin' ||
        p.role === 'supervisor' ||
        (p.role === 'agent' && call.agent !== '' && deps.seatOfUser(p.userId) === call.agent);
      if (!allowed || p.via === 'wallboard') {
        throw new AppError('forbidden', 'only admins, supervisors and the agent who took the call');
      }
      const found = call.recording === '' ? null : resolveRecording(root, call.recording);
      if (!found) throw notFound('recording');
      return found;
    },

    usage() {
      if (!usageCache || now() - usageCache.at > USAGE_TTL_MS) {
        usageCache = { at: now(), value: diskUsage(root) };
      }
      return { ...usageCache.value, retentionDays: store.retentionDays() };
    },

    settings: () => ({ retentionDays: store.retentionDays() }),

    updateSettings(patch, actor) {
      const before = { retentionDays: store.retentionDays() };
      store.setRetentionDays(patch.retentionDays);
      const after = { retentionDays: store.retentionDays() };
      audit.record({
        principal: actor.principal,
        ip: actor.ip,
        action: 'update',
        entity: 'recording_settings',
        entityId: 1,
        before,
        after,
      });
      return after;
    },

    sweep() {
      const days = store.retentionDays();
      const r = sweepRecordings(root, days, now());
      if (r.deleted > 0) {
        usageCache = null;
        log.info({ ...r, retentionDays: days }, 'recordings past their retention deleted');
      }
      return r;
    },
  };
}
