#!/usr/bin/env node

import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
/**
 * hotlined: the composition root. Builds settings, database, bus, adapters
 * and domains, starts them in order and stops them in reverse.
 */
import { fileURLToPath } from 'node:url';
import { createAgents } from './agents/index.js';
import { createAnnouncements } from './announcements/index.js';
import { createAmi } from './asterisk/ami.js';
import { createConfigApplier } from './asterisk/apply.js';
import { createAri } from './asterisk/ari.js';
import { bridgeAmiToBus } from './asterisk/events.js';
import { readChannels, readQueueStatus } from './asterisk/queue-events.js';
import { createAudit } from './audit/index.js';
import { Bus } from './bus.js';
import { createCalls } from './calls/index.js';
import { createCdr } from './cdr/index.js';
import { createCustomers } from './customers/index.js';
import { openDb, startWalMaintenance } from './db/index.js';
import { createReader } from './db/reader.js';
import { createDestinations } from './destinations/index.js';
import { createHardware, hardwarePaths, systemToolRunner } from './hardware/index.js';
import { createHttpApp } from './http/app.js';
import { createInbound } from './inbound/index.js';
import { createIvrs } from './ivr/index.js';
import { createLive } from './live/index.js';
import { createLogger } from './log.js';
import { createOutbound } from './outbound/index.js';
import { createPrompts } from './prompts/index.js';
import { createQueues } from './queues/index.js';
import { createRecordings } from './recordings/index.js';
import { createSchedules } from './schedules/index.js';
import { createSeats } from './seats/index.js';
import { hostPath, loadSettings } from './settings.js';
import { createHealth } from './system/health.js';
import { createSystemInfo } from './system/info.js';
import { createTrunks } from './trunks/index.js';
import { createUsers } from './users/index.js';
import { createVoicemail } from './voicemail/index.js';

/** The built web UI (scripts/start and scripts/test build it); the API runs without it. */
const WEB_UI_DIR = [fileURLToPath(new URL('../../web-ui/dist/', import.meta.url))].find((dir) =>
  existsSync(dir),
);

async function main() {
  const settings = loadSettings();
  const log = createLogger();
  const db = openDb(settings.dbPath, log);
  const stopWal = startWalMaintenance(db, log);
  const bus = new Bus(log);

  const { ami: amiCfg, ari: ariCfg } = settings.asterisk;
  const ami = createAmi({ ...amiCfg, log: log.child({ component: 'ami' }) });
  const ari = createAri({ ...ariCfg, log: log.child({ component: 'ari' }) });
  const unbridge = bridgeAmiToBus(ami, bus, log);
  const offAri = ari.onState((state) => bus.emit('ari.state', { state, since: Date.now() }));

  const audit = createAudit({ db, bus, log });
  const users = createUsers({ db, log, bus, audit, secureCookies: settings.http.secureCookies });
  const applier = createConfigApplier({ db, ami, dir: settings.generatedDir, log });
  const seats = createSeats({ db, bus, ami, applier, audit, log, requireRole: users.requireRole });
  const reader = createReader(settings.dbPath, log);
  const cdr = createCdr({
    db,
    log,
    bus,
    reader,
    spoolPath: settings.asterisk.cdrSpool,
    requireRole: users.requireRole,
  });
  const health = createHealth({ db, dbPath: settings.dbPath, bus });
  const systemInfo = createSystemInfo({ health: health.snapshot, requireRole: users.requireRole });
  // Shared by every domain that routes calls: reference checks, usages, the dialplan compiler.
  const destinations = createDestinations();
  const seatOfUser = (id: number): string | null => {
    try {
      return users.service.get(id).seatExtension;
    } catch {
      return null; // a user deleted mid-request has no seat
    }
  };
  // domains: (one line each, in dependency order)
  const customers = createCustomers({ db, audit, seats: seats.service, log, requireRole: users.requireRole });
  const schedules = createSchedules({
    db,
    applier,
    audit,
    destinations,
    log,
    requireRole: users.requireRole,
  });
  const inbound = createInbound({
    db,
    applier,
    audit,
    destinations,
    seats: seats.service,
    log,
    requireRole: users.requireRole,
  });
  const prompts = createPrompts({ db, audit, log, settings, requireRole: users.requireRole });
  const announcements = createAnnouncements({
    db,
    applier,
    audit,
    prompts: prompts.service,
    destinations,
    promptDir: settings.asterisk.promptDir,
    requireRole: users.requireRole,
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
    requireRole: users.requireRole,
  });
  const trunks = createTrunks({ db, bus, ami, applier, audit, log, requireRole: users.requireRole });
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
    requireRole: users.requireRole,
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
    requireRole: users.requireRole,
  });
  const outbound = createOutbound({
    db,
    trunks: trunks.service,
    applier,
    audit,
    requireRole: users.requireRole,
  });
  const ivrs = createIvrs({
    db,
    applier,
    audit,
    prompts: prompts.service,
    schedules: schedules.service,
    customers: customers.service,
    destinations,
    ari,
    app: ariCfg.app,
    log,
    requireRole: users.requireRole,
  });
  const recordings = createRecordings({
    db,
    audit,
    log,
    settings,
    callOf: (id) => calls.service.get(id),
    seatOfUser,
    requireRole: users.requireRole,
  });
  const calls = createCalls({
    db,
    reader,
    bus,
    log,
    queueLogPath: settings.asterisk.queueLog,
    seatOfUser,
    recordingUrl: (id, rel) => recordings.service.urlFor(id, rel),
    queues: () =>
      queues.service
        .all()
        .map((q) => ({ id: q.id, name: q.name, serviceLevelSec: q.settings.serviceLevelSeconds })),
    requireRole: users.requireRole,
  });
  // Live state for the wallboard and console: names and thresholds from the queues and agents domains.
  const live = createLive({
    db,
    bus,
    audit,
    log,
    directory: {
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
    requireRole: users.requireRole,
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
    paths: hardwarePaths(settings),
    run: systemToolRunner(settings.asterisk.root),
    requireRole: users.requireRole,
  });

  const first = users.ensureFirstAdmin();
  if (first) {
    // Printed once, on the very first start; it is not stored anywhere in clear.
    process.stdout.write(
      `\n  First administrator created.\n  username: ${first.username}\n  password: ${first.password}\n  Change it after logging in.\n\n`,
    );
  }

  // The database is the truth: bring the generated files in line before Asterisk is asked anything.
  await applier.syncAll();
  ami.start();
  ari.start();
  cdr.ingest.start();
  calls.start();
  recordings.start();

  const app = createHttpApp(log, {
    public: [
      ['/system', health.router],
      ['/auth', users.authRouter],
      ['/live', live.tokenRouter],
    ],
    private: [
      ['/users', users.usersRouter],
      ['/seats', seats.router],
      ['/cdrs', cdr.router],
      ['/audit', audit.router],
      // private routes:
      ['/customers', customers.router],
      ['/schedules', schedules.router],
      ['/inbound-routes', inbound.router],
      ['/prompts', prompts.router],
      ['/announcements', announcements.router],
      ['/voicemail', voicemail.router],
      ['/trunks', trunks.router],
      ['/outbound-routes', outbound.router],
      ['/queues', queues.router],
      ['/agents', agents.router],
      ['/ivrs', ivrs.router],
      ['/calls', calls.router],
      ['/recordings', recordings.router],
      ['/system', systemInfo.router],
      ['/live', live.router],
      ['/hardware', hardware.router],
    ],
    authenticate: users.authenticate,
    staticDir: WEB_UI_DIR,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(settings.http.port, settings.http.host, () => resolve(s));
  });
  log.info({ host: settings.http.host, port: settings.http.port }, 'hotlined listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    live.stop();
    server.close();
    server.closeAllConnections();
    await cdr.stop();
    calls.stop();
    recordings.stop();
    offAri();
    unbridge();
    // callers still in an IVR go to their fallback before ARI goes
    await ivrs.stop();
    await Promise.allSettled([ari.stop(), ami.stop()]);
    agents.stop();
    queues.stop();
    schedules.stop();
    seats.stop();
    trunks.stop();
    hardware.stop();
    health.stop();
    users.stop();
    await reader.close();
    stopWal();
    db.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A bug in one handler must not take call control down with it.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

main().catch((err) => {
  process.stderr.write(`hotlined failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
