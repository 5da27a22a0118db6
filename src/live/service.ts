import type { Audit } from '../audit/index.js';
import type { Db } from '../db/index.js';
import { notFound } from '../errors.js';
import type { Principal } from '../http/principal.js';
import {
  DEFAULT_THRESHOLDS,
  type LiveSettingsInput,
  type LiveSettingsValues,
  type ThresholdsInput,
} from './schema.js';
import type { LiveStore } from './store.js';
import type { QueueThresholds } from './types.js';

export interface Actor {
  principal: Principal;
  ip?: string;
}

/**
 * The wallboard's settings: colour thresholds per queue and the disk banner
 * threshold. Read on every queue view, so kept in memory and written through.
 */
export function createLiveSettings(deps: {
  db: Db;
  store: LiveStore;
  audit: Audit;
  /** Whether a queue with this id exists (the queues domain, or Asterisk's q<id>). */
  queueExists(id: number): boolean;
  /** Called after a change, so the live stream sends the new values. */
  changed(): void;
}) {
  const { store, audit } = deps;
  let thresholds = store.thresholds();
  let settings = store.settings();

  const thresholdsOf = (queueId: number | null): QueueThresholds =>
    (queueId === null ? undefined : thresholds.get(queueId)) ?? { ...DEFAULT_THRESHOLDS };

  return {
    thresholdsOf,

    getThresholds(queueId: number): QueueThresholds & { queueId: number } {
      if (!deps.queueExists(queueId)) throw notFound('queue');
      return { queueId, ...thresholdsOf(queueId) };
    },

    setThresholds(queueId: number, input: ThresholdsInput, actor: Actor) {
      if (!deps.queueExists(queueId)) throw notFound('queue');
      const before = thresholdsOf(queueId);
      deps.db.transaction(() => {
        store.setThresholds(queueId, input, Date.now());
        audit.record({
          principal: actor.principal,
          ip: actor.ip,
          action: 'update',
          entity: 'wallboard_thresholds',
          entityId: queueId,
          before,
          after: input,
        });
      })();
      thresholds = store.thresholds();
      deps.changed();
      return { queueId, ...thresholdsOf(queueId) };
    },

    settings: (): LiveSettingsValues => settings,

    setSettings(input: LiveSettingsInput, actor: Actor) {
      const before = settings;
      const next: LiveSettingsValues = {
        diskWarnPct: input.diskWarnPct,
        showCallerNumbers: input.showCallerNumbers ?? before.showCallerNumbers,
      };
      deps.db.transaction(() => {
        store.setSettings(next, Date.now());
        audit.record({
          principal: actor.principal,
          ip: actor.ip,
          action: 'update',
          entity: 'live_settings',
          before,
          after: next,
        });
      })();
      settings = store.settings();
      deps.changed();
      return settings;
    },
  };
}

export type LiveSettings = ReturnType<typeof createLiveSettings>;
