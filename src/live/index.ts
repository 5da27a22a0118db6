import type { QueueStatusReport } from '../asterisk/queue-events.js';
import type { ChannelInfo, LiveEvents } from '../bus.js';
import type { Core } from '../core.js';
import type { Principal } from '../http/principal.js';
import type { RequireRole } from '../kit/router.js';
import { type HotlineModule, mount } from '../module.js';
import type { Access } from '../users/index.js';
import { computeBanners, type DiskUsage, diskUsage } from './banners.js';
import { wireModel } from './events.js';
import { type HubOptions, LiveHub } from './hub.js';
import { type LiveDirectory, LiveModel } from './model.js';
import { queueLogFacts } from './queue-log.js';
import { createQueueLogTail } from './queue-log-tail.js';
import { liveRoutes, liveTokenRouter } from './routes.js';
import { createLiveSettings } from './service.js';
import { createLiveStore } from './store.js';
import type { Banner, LiveDelta, LiveSnapshot } from './types.js';

export type { LiveDirectory } from './model.js';
export type * from './types.js';

export interface LiveDeps {
  directory: LiveDirectory;
  /** Status reads after every (re)connect (src/asterisk/queue-events.ts readers). */
  asterisk: { queueStatus(): Promise<QueueStatusReport>; channels(): Promise<ChannelInfo[]> };
  /** Every configured trunk with its status now (trunk.status events carry the changes). */
  trunks(): LiveEvents['trunk.status'][];
  /** settings.asterisk.queueLog as hotlined reaches it. */
  queueLogPath: string;
  /** Folders whose filesystems must not fill up (data, recordings). */
  disks: { label: string; path: string }[];
  requireRole: RequireRole<Access>;
  /** A wallboard-scope principal for a token, or null (users.service.principalFromToken). */
  wallboardPrincipal(token: string): Principal | null;
  hub?: HubOptions;
  diskPollMs?: number;
  /** The spend guard's suspensions (outbound); their changes come as outbound.changed. */
  suspensions?: () => NonNullable<Parameters<typeof computeBanners>[0]['suspensions']>;
  /** The SMS modem's banner, if any (src/sms); its changes come as sms.modem. */
  smsModem?: () => Parameters<typeof computeBanners>[0]['smsModem'];
  /** Sources the brute-force guard banned; their changes come as guard.changed. */
  sourceBans?: () => NonNullable<Parameters<typeof computeBanners>[0]['sourceBans']>;
  /** How full the disks are; statfs by default (tests inject figures). */
  diskUsage?: typeof diskUsage;
}

export interface LiveService {
  model: LiveModel;
  hub: LiveHub;
  /** Reads queue_log and Asterisk's status again (done on every asterisk.ready). */
  resync(): Promise<void>;
  /** Queue or agent names, thresholds or lists changed in their domains: send them again. */
  directoryChanged(): void;
}

/**
 * The module; its service's members are on it too. Routes: the stream,
 * thresholds and settings behind authenticate, and before them (public) the
 * wallboard's ?token= pre-authentication of the stream.
 */
export interface Live extends HotlineModule<LiveService>, LiveService {
  stop(): void;
}

const OWNER = 'live';

export function createLive(core: Pick<Core, 'db' | 'bus' | 'audit' | 'log'>, deps: LiveDeps): Live {
  const log = core.log.child({ component: 'live' });
  const { bus } = core;
  const store = createLiveStore(core.db);
  let model: LiveModel;
  let hub: LiveHub;
  const settings = createLiveSettings({
    db: core.db,
    store,
    audit: core.audit,
    queueExists: (id) => deps.directory.queue(`q${id}`) !== null || model.queues.has(`q${id}`),
    changed: () => {
      model.touchAll();
      hub.notify();
    },
  });
  model = new LiveModel(deps.directory, settings.thresholdsOf, Date.now());

  let disks: DiskUsage[] = [];
  let bannersJson = '[]';
  const banners = (): Banner[] =>
    computeBanners({
      ...model.health(),
      disks,
      diskWarnPct: settings.settings().diskWarnPct,
      suspensions: deps.suspensions?.(),
      smsModem: deps.smsModem?.(),
      sourceBans: deps.sourceBans?.(),
    });

  hub = new LiveHub(
    {
      snapshot: (now): LiveSnapshot => ({ ...model.snapshot(now), banners: banners() }),
      delta: (now): LiveDelta | null => {
        const d = model.takeDelta(now);
        const b = banners();
        const json = JSON.stringify(b);
        const bannersChanged = json !== bannersJson;
        bannersJson = json;
        if (!d && !bannersChanged) return null;
        return {
          ...(d ?? { serverTime: new Date(now).toISOString() }),
          ...(bannersChanged ? { banners: b } : {}),
        };
      },
    },
    deps.hub,
    () => settings.settings().showCallerNumbers,
  );

  const tail = createQueueLogTail(deps.queueLogPath);
  const readQueueLog = () => {
    try {
      model.seed(queueLogFacts(tail.read(), model.todayStart));
    } catch (err) {
      log.warn({ err }, 'could not read queue_log');
    }
  };

  wireModel(bus, OWNER, model, () => hub.notify());
  bus.on(OWNER, 'asterisk.ready', (e) => {
    model.infra.asteriskReady(e);
    hub.notify();
    resync().catch((err) => log.warn({ err }, 'live resync failed'));
  });

  let resyncing: Promise<void> | undefined;
  const resync = (): Promise<void> => {
    // a second asterisk.ready during a resync (a flapping link) reuses it
    resyncing ??= (async () => {
      readQueueLog();
      const [status, channels] = await Promise.all([deps.asterisk.queueStatus(), deps.asterisk.channels()]);
      const now = Date.now();
      model.resync(status, now);
      model.replaceChannels(channels);
      model.infra.replaceTrunks(deps.trunks());
      // lines Asterisk wrote while we were reading its status
      readQueueLog();
      hub.notify();
      log.info({ queues: status.queues.length, members: status.members.length }, 'live state resynced');
    })().finally(() => {
      resyncing = undefined;
    });
    return resyncing;
  };

  // Today's figures before anything else: a restarted hotlined shows the day so far.
  readQueueLog();
  model.infra.replaceTrunks(deps.trunks());

  const ticker = setInterval(() => {
    model.tick(Date.now());
    // AMI does not say why a caller left (timeout, empty queue, key): queue_log does
    readQueueLog();
    if (model.hasChanges) hub.notify();
  }, 1000);
  ticker.unref();

  const pollDisks = () => {
    (deps.diskUsage ?? diskUsage)(deps.disks)
      .then((d) => {
        disks = d;
        hub.notify();
      })
      .catch((err) => log.warn({ err }, 'disk usage failed'));
  };
  pollDisks();
  const diskTimer = setInterval(pollDisks, deps.diskPollMs ?? 5_000);
  diskTimer.unref();

  const directoryChanged = () => {
    model.addListed(Date.now());
    model.touchAll();
    hub.notify();
  };
  // a queue or agent added, renamed or removed shows on the wallboard at once
  bus.on(OWNER, 'queue.changed', directoryChanged);
  bus.on(OWNER, 'agent.changed', directoryChanged);
  // a callback requested, dialled or done: the queue's "callbacks waiting"
  bus.on(OWNER, 'callback.changed', directoryChanged);
  // a seat or trunk suspended or lifted by the spend guard: its banner
  bus.on(OWNER, 'outbound.changed', () => hub.notify());
  bus.on(OWNER, 'guard.changed', () => hub.notify());
  // the SMS modem unplugged, back, or its SIM or registration changed
  bus.on(OWNER, 'sms.modem', () => hub.notify());

  const service: LiveService = { model, hub, resync, directoryChanged };
  const routes = liveRoutes({ hub, settings, requireRole: deps.requireRole });
  return {
    name: 'live',
    service,
    ...service,
    routes: [
      { path: '/live', router: liveTokenRouter(deps.wallboardPrincipal), public: true },
      mount('/live', routes),
    ],
    stop() {
      bus.off(OWNER);
      clearInterval(ticker);
      clearInterval(diskTimer);
      hub.stop();
    },
  };
}
