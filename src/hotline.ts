import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { createAgents } from './agents/index.js';
import { createAnnouncements } from './announcements/index.js';
import { type Ami, createAmi } from './asterisk/ami.js';
import { type ConfigApplier, createConfigApplier } from './asterisk/apply.js';
import { type Ari, createAri } from './asterisk/ari.js';
import { bridgeAmiToBus } from './asterisk/events.js';
import { readChannels, readQueueStatus } from './asterisk/queue-events.js';
import { type Audit, createAudit, createAuditModule } from './audit/index.js';
import { Bus } from './bus.js';
import { createCalls } from './calls/index.js';
import { createCdr } from './cdr/index.js';
import { createCustomers } from './customers/index.js';
import { type Db, openDb, startWalMaintenance } from './db/index.js';
import { createReader, type Reader } from './db/reader.js';
import { createDestinations } from './destinations/index.js';
import { createHardware, hardwarePaths, systemToolRunner } from './hardware/index.js';
import type { HardwarePaths, ToolRunner } from './hardware/tools.js';
import { createHttpApp } from './http/app.js';
import { createInbound } from './inbound/index.js';
import { createIvrs } from './ivr/index.js';
import { type Change, createChange } from './kit/change.js';
import { createLive, type LiveDirectory } from './live/index.js';
import { createLogger, type Logger } from './log.js';
import type { HotlineModule, Mount } from './module.js';
import { createOutbound } from './outbound/index.js';
import type { AudioTools } from './prompts/audio.js';
import { createPrompts } from './prompts/index.js';
import { createQueues } from './queues/index.js';
import { createRecordings } from './recordings/index.js';
import { createSchedules } from './schedules/index.js';
import { createSeats } from './seats/index.js';
import { hostPath, type Settings } from './settings.js';
import { createHealth } from './system/health.js';
import { createSystemInfo } from './system/info.js';
import { createTrunks } from './trunks/index.js';
import { createUsers } from './users/index.js';
import { createVoicemail } from './voicemail/index.js';

/** The built web UI (scripts/start and scripts/test build it); the API runs without it. */
const WEB_UI_DIR = fileURLToPath(new URL('../../web-ui/dist/', import.meta.url));

/** What a caller (a test, the dev stack) may swap; everything else is built as on the box. */
export interface HotlineOverrides {
  log?: Logger;
  ami?: Ami;
  ari?: Ari;
  /** dahdi_cfg, dahdi_scan & co. (no card exists on a development machine). */
  runTool?: ToolRunner;
  hardwarePaths?: HardwarePaths;
  /** sox / espeak-ng for prompts. */
  audioTools?: AudioTools;
  /** The live view's names and thresholds (default: the queues, agents and trunks domains). */
  liveDirectory?: LiveDirectory;
  /** Built web UI to serve; null serves none. */
  staticDir?: string | null;
  /** queue_log and CDR poll interval (tests poll faster). */
  pollMs?: number;
}

export interface Hotline {
  settings: Settings;
  log: Logger;
  db: Db;
  bus: Bus;
  ami: Ami;
  ari: Ari;
  applier: ConfigApplier;
  audit: Audit;
  change: Change;
  app: Express;
  modules: readonly HotlineModule[];
  services: ReturnType<typeof buildDomains>['services'];
  /** Set on the very first start only: the generated administrator's credentials. */
  firstAdmin: { username: string; password: string } | null;
  /** Brings Asterisk's generated config in line with the database, connects, starts every module. */
  start(): Promise<void>;
  /** Listens on the settings' address (or the one given); resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops every module in reverse order, the adapters, then closes the database. */
  stop(): Promise<void>;
}

/** The infrastructure every domain is built on. */
export interface Core {
  settings: Settings;
  log: Logger;
  db: Db;
  bus: Bus;
  ami: Ami;
  ari: Ari;
  applier: ConfigApplier;
  audit: Audit;
  change: Change;
  reader: Reader;
  overrides: HotlineOverrides;
}

/**
 * Assembles hotlined: infrastructure, then every domain in dependency order
 * (a domain gets the services of those built before it), their routes and
 * config sections. main.ts and every test harness build the box this way.
 */
export function buildHotline(settings: Settings, overrides: HotlineOverrides = {}): Hotline {
  const log = overrides.log ?? createLogger();
  const db = openDb(settings.dbPath, log);
  const bus = new Bus(log);
  const { ami: amiCfg, ari: ariCfg } = settings.asterisk;
  const ami = overrides.ami ?? createAmi({ ...amiCfg, log: log.child({ component: 'ami' }) });
  const ari = overrides.ari ?? createAri({ ...ariCfg, log: log.child({ component: 'ari' }) });
  const audit = createAudit({ db, bus, log });
  const applier = createConfigApplier({ db, ami, dir: settings.generatedDir, log });
  const change = createChange({ db, applier, audit, bus });
  const reader = createReader(settings.dbPath, log);
  const core: Core = { settings, log, db, bus, ami, ari, applier, audit, change, reader, overrides };

  const { modules, services, users, firstAdmin } = buildDomains(core);
  for (const m of modules) for (const s of m.configSections ?? []) applier.register(s);

  const mounts = modules.flatMap((m) => m.routes ?? []);
  const staticDir = overrides.staticDir === undefined ? WEB_UI_DIR : overrides.staticDir;
  const app = createHttpApp(log, {
    public: mounts.filter((m) => m.public).map((m) => [m.path, m.router]),
    private: mounts.filter((m) => !m.public).map((m) => [m.path, m.router]),
    authenticate: users.authenticate,
    staticDir: staticDir && existsSync(staticDir) ? staticDir : undefined,
  });

  let server: Server | undefined;
  let stopWal: (() => void) | undefined;
  let unbridge: (() => void) | undefined;
  let offAri: (() => void) | undefined;
  let started = false;
  let stopped = false;

  return {
    settings,
    log,
    db,
    bus,
    ami,
    ari,
    applier,
    audit,
    change,
    app,
    modules,
    services,
    firstAdmin,
    async start() {
      started = true;
      stopWal = startWalMaintenance(db, log);
      unbridge = bridgeAmiToBus(ami, bus, log);
      offAri = ari.onState((state) => bus.emit('ari.state', { state, since: Date.now() }));
      // The database is the truth: bring the generated files in line before Asterisk is asked anything.
      await applier.syncAll();
      ami.start();
      ari.start();
      for (const m of modules) await m.start?.();
    },
    listen(port = settings.http.port, host = settings.http.host) {
      return new Promise((resolve) => {
        const s = app.listen(port, host, () => {
          const a = s.address() as AddressInfo;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${a.port}`);
        });
        server = s;
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (server) {
        const s = server;
        await new Promise<void>((r) => {
          s.close(() => r());
          s.closeAllConnections();
        });
      }
      for (const m of [...modules].reverse()) {
        try {
          await m.stop?.();
        } catch (err) {
          log.error({ err, module: m.name }, 'module stop failed');
        }
      }
      offAri?.();
      unbridge?.();
      if (started) await Promise.allSettled([ari.stop(), ami.stop()]);
      await reader.close();
      stopWal?.();
      db.close();
    },
  };
}

/** Until every domain's factory answers a HotlineModule itself: the old shapes, named. */
function module<S>(
  name: string,
  service: S,
  routes: Mount[],
  life: { start?(): void | Promise<void>; stop?(): void | Promise<void> } = {},
): HotlineModule<S> {
  return { name, service, routes, start: life.start?.bind(life), stop: life.stop?.bind(life) };
}

function buildDomains(core: Core) {
  const { settings, log, db, bus, ami, ari, applier, audit, reader, overrides } = core;
  const users = createUsers(core, { secureCookies: settings.http.secureCookies });
  const requireRole = users.requireRole;
  const firstAdmin = users.ensureFirstAdmin();
  const seatOfUser = (id: number): string | null => {
    try {
      return users.service.get(id).seatExtension;
    } catch {
      return null; // a user deleted mid-request has no seat
    }
  };
  // Shared by every domain that routes calls: reference checks, usages, the dialplan compiler.
  const destinations = createDestinations();

  const health = createHealth({ db, dbPath: settings.dbPath, bus });
  const systemInfo = createSystemInfo({ health: health.snapshot, requireRole });
  const seats = createSeats(core, { requireRole });
  const cdr = createCdr({ db, log, bus, reader, spoolPath: settings.asterisk.cdrSpool, requireRole });
  const customers = createCustomers(core, { seats: seats.service, requireRole });
  const schedules = createSchedules(core, { destinations, requireRole });
  const inbound = createInbound(core, { destinations, seats: seats.service, requireRole });
  const prompts = createPrompts({ db, audit, log, settings, requireRole, tools: overrides.audioTools });
  const announcements = createAnnouncements({
    db,
    applier,
    audit,
    prompts: prompts.service,
    destinations,
    promptDir: settings.asterisk.promptDir,
    requireRole,
  });
  const voicemail = createVoicemail({
    db,
    ami,
    applier,
    audit,
    log,
    settings,
    seats: seats.service,
    seatOfUser,
    requireRole,
  });
  const trunks = createTrunks({ db, bus, ami, applier, audit, log, requireRole });
  const queues = createQueues({
    db,
    applier,
    audit,
    destinations,
    seats: seats.service,
    ami,
    bus,
    log,
    customers: customers.service,
    requireRole,
  });
  const agents = createAgents({
    db,
    bus,
    ami,
    applier,
    audit,
    seats: seats.service,
    queues: queues.service,
    seatOfUser,
    log,
    requireRole,
  });
  const outbound = createOutbound(core, { trunks: trunks.service, requireRole });
  const ivrs = createIvrs({
    db,
    applier,
    audit,
    prompts: prompts.service,
    schedules: schedules.service,
    customers: customers.service,
    destinations,
    ari,
    app: settings.asterisk.ari.app,
    log,
    requireRole,
  });
  const recordings = createRecordings({
    db,
    audit,
    log,
    settings,
    callOf: (id) => calls.service.get(id),
    seatOfUser,
    requireRole,
  });
  const calls = createCalls({
    db,
    reader,
    bus,
    log,
    queueLogPath: settings.asterisk.queueLog,
    seatOfUser,
    recordingUrl: (id, rel) => recordings.service.urlFor(id, rel),
    requireRole,
    intervalMs: overrides.pollMs,
  });
  // Live state for the wallboard and console: names and thresholds from the queues and agents domains.
  const live = createLive({
    db,
    bus,
    audit,
    log,
    directory: overrides.liveDirectory ?? {
      queue: (section) => queues.service.liveEntry(section),
      agentName: (ext) =>
        agents.service.byExtension(ext)?.name ?? seats.service.findByExtension(ext)?.name ?? null,
      agents: () => agents.service.extensions(),
      queues: () => queues.service.all().map((q) => `q${q.id}`),
      trunkName: (id) => trunks.service.all().find((t) => t.id === id)?.name ?? null,
    },
    asterisk: { queueStatus: () => readQueueStatus(ami), channels: () => readChannels(ami) },
    trunks: () =>
      trunks.service
        .all()
        .filter((t) => t.enabled)
        .map((t) => ({ id: t.id, ...trunks.service.view(t, false).status })),
    queueLogPath: settings.asterisk.queueLog,
    disks: [
      { label: 'data', path: settings.dataDir },
      { label: 'recordings', path: hostPath(settings, settings.asterisk.spoolDir) },
    ],
    requireRole,
    wallboardPrincipal: (token) => users.service.principalFromToken(token),
  });
  // a queue or agent added, renamed or removed shows on the wallboard at once
  bus.on('main', 'audit.recorded', (e) => {
    if (e.entity === 'queue' || e.entity === 'agent') live.directoryChanged();
  });
  const hardware = createHardware({
    db,
    bus,
    ami,
    applier,
    audit,
    trunks: trunks.service,
    log,
    paths: overrides.hardwarePaths ?? hardwarePaths(settings),
    run: overrides.runTool ?? systemToolRunner(settings.asterisk.root),
    requireRole,
  });

  const modules: HotlineModule[] = [
    users,
    createAuditModule(core, { requireRole }),
    module(
      'system',
      health.snapshot,
      [
        { path: '/system', router: health.router, public: true },
        { path: '/system', router: systemInfo.router },
      ],
      health,
    ),
    seats,
    module('cdr', cdr.service, [{ path: '/cdrs', router: cdr.router }], {
      start: () => cdr.ingest.start(),
      stop: () => cdr.stop(),
    }),
    customers,
    schedules,
    inbound,
    module('prompts', prompts.service, [{ path: '/prompts', router: prompts.router }]),
    module('announcements', announcements.service, [
      { path: '/announcements', router: announcements.router },
    ]),
    module('voicemail', voicemail.service, [{ path: '/voicemail', router: voicemail.router }]),
    module('trunks', trunks.service, [{ path: '/trunks', router: trunks.router }], trunks),
    module('queues', queues.service, [{ path: '/queues', router: queues.router }], queues),
    module('agents', agents.service, [{ path: '/agents', router: agents.router }], agents),
    outbound,
    module('ivrs', ivrs.service, [{ path: '/ivrs', router: ivrs.router }], ivrs),
    module(
      'recordings',
      recordings.service,
      [{ path: '/recordings', router: recordings.router }],
      recordings,
    ),
    module('calls', calls.service, [{ path: '/calls', router: calls.router }], calls),
    module(
      'live',
      live,
      [
        { path: '/live', router: live.tokenRouter, public: true },
        { path: '/live', router: live.router },
      ],
      {
        stop: () => {
          bus.off('main');
          live.stop();
        },
      },
    ),
    module('hardware', hardware.service, [{ path: '/hardware', router: hardware.router }], hardware),
  ];
  const services = {
    users: users.service,
    seats: seats.service,
    cdr: cdr.service,
    cdrIngest: cdr.ingest,
    customers: customers.service,
    schedules: schedules.service,
    inbound: inbound.service,
    prompts: prompts.service,
    announcements: announcements.service,
    voicemail: voicemail.service,
    trunks: trunks.service,
    queues: queues.service,
    agents: agents.service,
    outbound: outbound.service,
    ivrs: ivrs.service,
    ivrRunner: ivrs.runner,
    recordings: recordings.service,
    calls: calls.service,
    queueLog: calls.queueLog,
    live,
    hardware: hardware.service,
    hardwareHealth: hardware.health,
  };
  return { modules, services, users, firstAdmin };
}
