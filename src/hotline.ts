import { existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { createAgents } from './agents/index.js';
import { createAnnouncements } from './announcements/index.js';
import { createAmi } from './asterisk/ami.js';
import { createConfigApplier } from './asterisk/apply.js';
import { createAri } from './asterisk/ari.js';
import { bridgeAmiToBus } from './asterisk/events.js';
import { readChannels, readQueueStatus } from './asterisk/queue-events.js';
import { createAudit, createAuditModule } from './audit/index.js';
import { applyStagedRestore, createBackup } from './backup/index.js';
import { Bus } from './bus.js';
import { createCallbacks } from './callbacks/index.js';
import { createCalls } from './calls/index.js';
import { createCdr } from './cdr/index.js';
import { createContacts } from './contacts/index.js';
import type { Core, HotlineOverrides } from './core.js';
import { createCustomers } from './customers/index.js';
import { openDb, startWalMaintenance } from './db/index.js';
import { createReader } from './db/reader.js';
import { createDesk } from './desk/index.js';
import { createDestinations } from './destinations/index.js';
import { createDialer } from './dialer/index.js';
import { tightenConfigModes } from './fs/modes.js';
import { createGuard } from './guard/index.js';
import { createHardware } from './hardware/index.js';
import { createHost } from './host/index.js';
import { createHttpApp } from './http/app.js';
import { listenHttps } from './http/https.js';
import { createApiReference } from './http/openapi.js';
import { httpsRedirect } from './http/redirect.js';
import { createInbound } from './inbound/index.js';
import { createIvrs } from './ivr/index.js';
import { createKb } from './kb/index.js';
import { createChange } from './kit/change.js';
import { createLive } from './live/index.js';
import { createLogger } from './log.js';
import { createMail } from './mail/index.js';
import { type HotlineModule, mount } from './module.js';
import { createNotify } from './notify/index.js';
import { createOutbound } from './outbound/index.js';
import { createPrompts } from './prompts/index.js';
import { createQa } from './qa/index.js';
import { createQueues } from './queues/index.js';
import { createRecordings } from './recordings/index.js';
import { createReportSchedules } from './report-schedules/index.js';
import { agentPerformance } from './reports/agent-performance.js';
import { detailReportRoutes } from './reports/detail-routes.js';
import { createReports } from './reports/index.js';
import { createSchedules } from './schedules/index.js';
import { createSeats } from './seats/index.js';
import { hostPath, type Settings } from './settings.js';
import { createSms } from './sms/index.js';
import { createStaffing } from './staffing/index.js';
import { createSupervise } from './supervise/index.js';
import { createSystem } from './system/index.js';
import { createTickets } from './tickets/index.js';
import { createTls } from './tls/index.js';
import { createTrunks } from './trunks/index.js';
import { createUsers } from './users/index.js';
import { createVoicemail } from './voicemail/index.js';
import { createWebrtc } from './webrtc/index.js';

/** The built web UI (scripts/start and scripts/test build it); the API runs without it. */
const WEB_UI_DIR = fileURLToPath(new URL('../../web-ui/dist/', import.meta.url));

export type { Core, HotlineOverrides } from './core.js';

/** The built box: its infrastructure (the Core, less what only domains use), app, modules and services. */
export interface Hotline extends Omit<Core, 'reader' | 'overrides'> {
  app: Express;
  modules: readonly HotlineModule[];
  services: ReturnType<typeof buildDomains>['services'];
  /** Set on the very first start only: the generated administrator's credentials. */
  firstAdmin: { username: string; password: string } | null;
  /** Brings Asterisk's generated config in line with the database, connects, starts every module. */
  start(): Promise<void>;
  /**
   * Listens on the settings' address (or the one given); resolves with the
   * base URL. Also listens for HTTPS on the settings' `https` address when enabled.
   */
  listen(port?: number, host?: string): Promise<string>;
  /** The HTTPS listener's base URL once it listens (null when disabled or not yet listening). */
  httpsUrl(): string | null;
  /** Stops every module in reverse order, the adapters, then closes the database. */
  stop(): Promise<void>;
  /** Who restarts hotlined when a domain asks (a staged restore): main.ts exits and systemd starts it again. */
  onRestartRequested(fn: () => void): void;
}

/**
 * Assembles hotlined: infrastructure, then every domain in dependency order
 * (a domain gets the services of those built before it), their routes and
 * config sections. main.ts and every test harness build the box this way.
 */
export function buildHotline(settings: Settings, overrides: HotlineOverrides = {}): Hotline {
  const log = overrides.log ?? createLogger();
  // a restore staged before the last stop is swapped in before the database opens (then migrated)
  applyStagedRestore(settings, log);
  const db = openDb(settings.dbPath, log);
  tightenConfigModes(settings, log);
  const bus = new Bus(log);
  const { ami: amiCfg, ari: ariCfg } = settings.asterisk;
  const ami = overrides.ami ?? createAmi({ ...amiCfg, log: log.child({ component: 'ami' }) });
  const ari = overrides.ari ?? createAri({ ...ariCfg, log: log.child({ component: 'ari' }) });
  const audit = createAudit({ db, bus, log });
  const applier = createConfigApplier({ db, ami, dir: settings.generatedDir, log });
  const change = createChange({ db, applier, audit, bus });
  const reader = createReader(settings.dbPath, log);
  const core: Core = { settings, log, db, bus, ami, ari, applier, audit, change, reader, overrides };

  let restartHandler = () => log.warn('a restart was requested, but nothing restarts this hotlined');
  const built = buildDomains(core, () => restartHandler());
  const { services, users, firstAdmin } = built;
  const modules = [...built.modules, createApiReference(built.modules)];
  for (const m of modules) for (const s of m.configSections ?? []) applier.register(s);

  const mounts = modules.flatMap((m) => m.routes ?? []);
  const staticDir = overrides.staticDir === undefined ? WEB_UI_DIR : overrides.staticDir;
  const app = createHttpApp(log, {
    public: mounts.filter((m) => m.public).map((m) => [m.path, m.router, m.bodyLimit]),
    private: mounts.filter((m) => !m.public).map((m) => [m.path, m.router, m.bodyLimit]),
    authenticate: users.authenticate,
    staticDir: staticDir && existsSync(staticDir) ? staticDir : undefined,
    sipWebsocketPort: () => (httpsUrl ? Number(new URL(httpsUrl).port) : null),
  });

  let server: Server | undefined;
  let https: Awaited<ReturnType<typeof listenHttps>> | undefined;
  let httpsUrl: string | null = null;
  let stopWal: (() => void) | undefined;
  let unbridge: (() => void) | undefined;
  let offAri: (() => void) | undefined;
  let started = false;
  let stopped = false;

  const { reader: _reader, overrides: _overrides, ...infrastructure } = core;
  return {
    ...infrastructure,
    app,
    modules,
    services,
    firstAdmin,
    httpsUrl: () => httpsUrl,
    onRestartRequested(fn) {
      restartHandler = fn;
    },
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
    async listen(port = settings.http.port, host = settings.http.host) {
      if (settings.https.enabled && !https) {
        https = await listenHttps({
          app,
          tls: services.tls,
          port: settings.https.port,
          host: settings.https.host,
          asteriskHttp: new URL(settings.asterisk.ari.url),
          log,
        });
        httpsUrl = https.url;
        built.setHttpsPort(Number(new URL(https.url).port));
      }
      const redirect = settings.http.redirectToHttps && httpsUrl;
      return new Promise<string>((resolve) => {
        const handler = redirect ? httpsRedirect(() => Number(new URL(httpsUrl ?? '').port)) : app;
        const s = createHttpServer(handler).listen(port, host, () => {
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
      await https?.close();
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

function buildDomains(core: Core, requestRestart: () => void) {
  const { settings, overrides, ami } = core;
  const users = createUsers(core, {
    secureCookies: settings.http.secureCookies,
    tuning: overrides.now && { now: overrides.now },
    // queues are built below; the check runs on a request, long after
    queueExists: (id) => queues.service.exists(id),
  });
  const requireRole = users.requireRole;
  const firstAdmin = users.ensureFirstAdmin();
  const seatOfUser = (id: number): string | null => {
    try {
      return users.service.get(id).seatExtension;
    } catch {
      return null; // a user deleted mid-request has no seat
    }
  };
  const supervisedQueuesOf = (id: number): number[] => {
    try {
      return users.service.get(id).supervisedQueueIds;
    } catch {
      return [];
    }
  };
  // Shared by every domain that routes calls: reference checks, usages, the dialplan compiler.
  const destinations = createDestinations();

  const system = createSystem(core, {
    requireRole,
    principalOf: users.principalOf,
    // read on request, when the live domain exists
    streams: () => live.hub.clientCount,
    // ivrs is created below; this runs only when the route is called
    runtimeFigures: (seconds) => ({ ivrStepMs: ivrs.stepLatency(seconds) }),
  });
  const tls = createTls(core, { requireRole });
  const guard = createGuard(core, { requireRole });
  const seats = createSeats(core, { requireRole });
  let httpsPort = settings.https.port;
  const cdr = createCdr(core, { spoolPath: settings.asterisk.cdrSpool, requireRole });
  const customers = createCustomers(core, { seats: seats.service, requireRole });
  const schedules = createSchedules(core, { destinations, requireRole });
  const inbound = createInbound(core, { destinations, seats: seats.service, requireRole });
  const prompts = createPrompts(core, { requireRole });
  const announcements = createAnnouncements(core, {
    prompts: prompts.service,
    destinations,
    requireRole,
  });
  const voicemail = createVoicemail(core, {
    seats: seats.service,
    seatOfUser,
    // the outbox is built further down; a voicemail is mailed only once the box runs
    mail: { send: (r) => mail.service.send(r) },
    ownerEmail: (ext) => users.service.emailOfSeat(ext),
    requireRole,
  });
  const trunks = createTrunks(core, { requireRole });
  const queues = createQueues(core, {
    destinations,
    seats: seats.service,
    customers: customers.service,
    prompts: prompts.service,
    requireRole,
  });
  const agents = createAgents(core, {
    seats: seats.service,
    queues: queues.service,
    seatOfUser,
    requireRole,
  });
  const outbound = createOutbound(core, { trunks: trunks.service, requireRole });
  const callbacks = createCallbacks(core, {
    queues: queues.service,
    outbound: outbound.service,
    requireRole,
  });
  const contacts = createContacts(core, { schedules: schedules.service, requireRole });
  const ivrs = createIvrs(core, {
    prompts: prompts.service,
    schedules: schedules.service,
    customers: customers.service,
    destinations,
    requireRole,
  });
  const recordings = createRecordings(core, {
    callOf: (id) => calls.service.get(id),
    seatOfUser,
    requireRole,
  });
  const calls = createCalls(core, {
    queueLogPath: settings.asterisk.queueLog,
    seatOfUser,
    recordingUrl: (id, rel) => recordings.service.urlFor(id, rel),
    queues: () =>
      queues.service
        .all()
        .map((q) => ({ id: q.id, name: q.name, serviceLevelSec: q.settings.serviceLevelSeconds })),
    requireRole,
    intervalMs: overrides.pollMs,
  });
  const sms = createSms(core, {
    customers: customers.service,
    requireRole,
    modem: overrides.smsModem,
    // a 回复TD退订 reply goes on the do-not-call list the dialer checks
    optOutHook: {
      optOut: (number) =>
        void contacts.service
          .optOut(number, 'sms')
          .catch((err) => core.log.error({ err }, 'adding an SMS opt-out to the do-not-call list failed')),
    },
  });
  // Live state for the wallboard and console: names and thresholds from the queues and agents domains.
  const live = createLive(core, {
    directory: overrides.liveDirectory ?? {
      queue: (section) => queues.service.liveEntry(section),
      agentName: (ext) =>
        agents.service.byExtension(ext)?.name ?? seats.service.findByExtension(ext)?.name ?? null,
      agents: () => agents.service.extensions(),
      agentState: (ext) => agents.service.byExtension(ext)?.state ?? null,
      queues: () => queues.service.all().map((q) => `q${q.id}`),
      trunkName: (id) => trunks.service.all().find((t) => t.id === id)?.name ?? null,
      callbacksWaiting: (id) => callbacks.service.waitingByQueue().get(id) ?? 0,
    },
    asterisk: { queueStatus: () => readQueueStatus(ami), channels: () => readChannels(ami) },
    trunks: () =>
      trunks.service
        .all()
        .filter((t) => t.enabled)
        .map((t) => ({ id: t.id, ...trunks.service.view(t, false).status })),
    queueLogPath: settings.asterisk.queueLog,
    suspensions: () => outbound.service.guard.suspensions(),
    smsModem: () => sms.service.banner(),
    sourceBans: () => guard.service.bans(),
    disks: [
      { label: 'data', path: settings.dataDir },
      { label: 'recordings', path: hostPath(settings, settings.asterisk.spoolDir) },
    ],
    requireRole,
    wallboardPrincipal: (token) => users.service.principalFromToken(token),
    ...overrides.live,
  });
  const hardware = createHardware(core, {
    trunks: trunks.service,
    requireRole,
    procRoot: overrides.procRoot,
    pollMs: overrides.pollMs,
  });

  const found = <T>(get: () => T): T | undefined => {
    try {
      return get();
    } catch {
      return undefined; // gone (a 404 from its domain)
    }
  };
  const mail = createMail(core, { requireRole });
  const dialer = createDialer(core, {
    contacts: contacts.service,
    outbound: outbound.service,
    trunks: trunks.service,
    seatExists: (ext) => seats.service.findByExtension(ext) !== undefined,
    promptExists: (id) => prompts.service.exists(id),
    seatOfUser,
    requireRole,
  });
  const reports = createReports(core, {
    requireRole,
    queues: () =>
      queues.service.all().map((q) => ({
        id: q.id,
        name: q.name,
        serviceLevelSec: q.settings.serviceLevelSeconds,
        wrapUpSec: q.settings.wrapUpSeconds,
      })),
    // agents, IVR funnel, lines, callers: read from the raw tables on the reader worker
    detailRoutes: [mount('/reports', detailReportRoutes({ reader: core.reader, requireRole }))],
  });
  const reportSchedules = createReportSchedules(core, {
    requireRole,
    mail: mail.service,
    reports: {
      queueSummary: (q) => reports.service.queueSummary(q),
      distribution: (q) => reports.service.distribution(q),
      agents: (f) => agentPerformance(core.reader, f, Date.now()),
    },
  });
  const tickets = createTickets(core, {
    requireRole,
    directory: {
      customer: (id) => {
        const c = found(() => customers.service.get(id));
        return c && { id: c.id, name: c.name, vip: c.vip };
      },
      callExists: (id) => calls.service.get(id) !== undefined,
      userName: (id) => {
        const u = found(() => users.service.get(id));
        return u && (u.displayName || u.username);
      },
      queueName: (id) => (queues.service.exists(id) ? queues.service.get(id).name : undefined),
      queuesOfUser: (id) => {
        const ext = seatOfUser(id);
        return (ext && agents.service.byExtension(ext)?.skills.map((s) => s.queueId)) || [];
      },
      supervisedQueuesOf,
      usersOfQueues: (queueIds) =>
        queueIds.length === 0
          ? []
          : users.service
              .list({ limit: 500, offset: 0, sort: 'username' })
              .items.filter((u) => {
                const skills = u.seatExtension
                  ? agents.service.byExtension(u.seatExtension)?.skills
                  : undefined;
                return skills?.some((s) => queueIds.includes(s.queueId)) ?? false;
              })
              .map((u) => u.id),
      schedule: (id) => found(() => schedules.service.get(id)),
      scheduleExists: (id) => schedules.service.exists(id),
      assignees: () => ({
        users: users.service
          .list({ limit: 500, offset: 0, sort: 'username' })
          .items.filter((u) => !u.disabled)
          .map((u) => ({ id: u.id, name: u.displayName || u.username })),
        queues: queues.service.all().map((q) => ({ id: q.id, name: q.name })),
      }),
    },
  });

  // rules acting on events: the services they use are all built above
  const notify = createNotify(core, {
    requireRole,
    customers: customers.service,
    sms: sms.service,
    dncOf: (number) => contacts.service.dncOf(number),
    mail: mail.service,
    tickets: tickets.service,
    queues: queues.service,
  });

  const modules: HotlineModule[] = [
    users,
    createAuditModule(core, { requireRole }),
    system,
    seats,
    cdr,
    customers,
    schedules,
    inbound,
    prompts,
    announcements,
    voicemail,
    trunks,
    queues,
    agents,
    outbound,
    callbacks,
    ivrs,
    recordings,
    calls,
    sms,
    reports,
    reportSchedules,
    live,
    hardware,
    createKb(core, { requireRole }),
    createStaffing(core, { queues: queues.service, requireRole }),
    tickets,
    createDesk(core, {
      live: live.model,
      agents: agents.service,
      calls: calls.service,
      queues: queues.service,
      customers: customers.service,
      seats: seats.service,
      outbound: outbound.service,
      seatOfUser,
      requireRole,
      openTicketsOf: async (number) => {
        const customer = customers.service.findByNumber(number);
        return customer ? tickets.service.openOf(customer.id) : [];
      },
      ticketVisible: tickets.service.canSee,
      callbackOf: (uniqueid) => callbacks.service.byChannel(uniqueid),
      notificationOf: (uniqueid) => notify.service.contextOf(uniqueid),
      previewOffers: (seat) => dialer.service.previewOffers(seat),
    }),
    createSupervise(core, {
      agents: agents.service,
      seatOfUser,
      supervisedQueues: supervisedQueuesOf,
      requireRole,
    }),
    createQa(core, {
      calls: calls.service,
      recordingUrl: (id, rel) => recordings.service.urlFor(id, rel),
      seatOfUser,
      queues: () => queues.service.all(),
      requireRole,
    }),
    contacts,
    dialer,
    tls,
    createWebrtc({ seats: seats.service, seatOfUser, httpsPort: () => httpsPort, requireRole }),
    mail,
    guard,
    createHost(core, { requireRole }),
    createBackup(core, { requireRole, health: system.service.health, requestRestart }),
    notify,
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
    callbacks: callbacks.service,
    contacts: contacts.service,
    ivrs: ivrs.service,
    ivrRunner: ivrs.runner,
    recordings: recordings.service,
    calls: calls.service,
    queueLog: calls.queueLog,
    live: live.service,
    hardware: hardware.service,
    hardwareHealth: hardware.health,
    tickets: tickets.service,
    tls: tls.service,
    sms: sms.service,
    mail: mail.service,
    guard: guard.service,
    notify: notify.service,
    dialer: dialer.service,
    dialerEngine: dialer.engine,
    reportSchedules: reportSchedules.service,
  };
  const setHttpsPort = (port: number) => {
    httpsPort = port;
  };
  return { modules, services, users, firstAdmin, setHttpsPort };
}
