/**
 * A whole box on a development machine: the rig's Asterisk for the box,
 * hotlined as a child process on its settings, and optionally the phones
 * instance. Used by ./scripts/start and by the integration tests.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { firstLogin } from './api-client.js';
import { type BoxInstance, startBox } from './rig.js';
import { type CarrierInstance, startCarrier } from './rig-carrier.js';
import { type PhoneAccount, type PhonesInstance, startPhones } from './rig-phones.js';
import { freePorts, reapStaleInstances, rigRoot } from './sandbox.js';
import { type HotlinedProcess, hotlinedProcess } from './hotlined-process.js';
import { type Supervisor, supervise } from './supervise.js';

export interface Stack {
  root: string;
  runId: string;
  box: BoxInstance;
  hotlined: HotlinedProcess;
  /** hotlined's HTTPS listener (console, API, the browser phones' SIP websocket at /ws). */
  httpsUrl: string;
  /** Admin credentials: printed by hotlined at its first start. */
  admin: { username: string; password: string };
  /** What hotlined printed at its first start (a temporary password; `admin` has the one the stack set). */
  printedAdminPassword: string;
  dataDir: string;
  /** Set when the stack was asked to supervise hotlined (restart it when it dies). */
  supervisor: Supervisor | null;
  startPhones(phones: PhoneAccount[]): Promise<PhonesInstance>;
  /** The rig's carrier on 127.0.0.2, stopped with the stack. */
  startCarrier(): Promise<CarrierInstance>;
  stop(): Promise<void>;
}

export async function startStack(
  opts: {
    dataDir?: string;
    httpPort?: number;
    /** The box's HTTPS port (browser phones); a free one when not given. */
    httpsPort?: number;
    httpHost?: string;
    logLevel?: string;
    onLog?: (line: string) => void;
    /** Append hotlined's output to this file (size-bounded). */
    logFile?: string;
    /** Start hotlined again whenever it dies (./scripts/start); `say` reports restarts. */
    supervise?: { say?: (line: string) => void };
    /** More settings for hotlined (top-level blocks such as `guard`), merged over the stack's. */
    settings?: Record<string, unknown>;
  } = {},
): Promise<Stack> {
  const root = rigRoot();
  const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const box = await startBox({ root, runId });
  const [port] = opts.httpPort ? [opts.httpPort] : await freePorts(1);
  const [httpsPort] = opts.httpsPort ? [opts.httpsPort] : await freePorts(1);
  const dataDir = opts.dataDir ?? path.join(box.dirs.host, 'hotline-data');
  const hotlined = hotlinedProcess({
    dir: dataDir,
    port: port!,
    logLevel: opts.logLevel,
    onLog: opts.onLog,
    logFile: opts.logFile,
    settings: {
      dataDir,
      http: { host: opts.httpHost ?? '127.0.0.1', port },
      https: { host: opts.httpHost ?? '127.0.0.1', port: httpsPort },
      asterisk: {
        confDir: box.paths.confDir,
        cdrSpool: box.paths.cdrSpool,
        queueLog: box.paths.queueLog,
        root,
        spoolDir: box.dirs.spool,
        promptDir: `${box.dirs.lib}/sounds/hotline`,
        ami: { port: box.ports.ami, username: box.ami.username, secret: box.ami.secret },
        ari: {
          url: `http://127.0.0.1:${box.ports.http}`,
          username: box.ari.username,
          password: box.ari.password,
        },
      },
      ...opts.settings,
    },
  });
  let admin: { username: string; password: string };
  let printedAdminPassword = '';
  try {
    await hotlined.start();
    const m = /username: (\S+)\s+password: (\S+)/.exec(hotlined.stdout);
    admin = { username: m?.[1] ?? 'admin', password: m?.[2] ?? '' };
    printedAdminPassword = admin.password;
    // the generated password is a temporary one (a session may do nothing else until it is
    // changed): the stack sets its own, as a person does at the console's first login
    if (admin.password) admin.password = (await firstLogin(hotlined.url, admin)).password;
  } catch (err) {
    await hotlined.stop();
    await box.destroy();
    throw err;
  }
  const supervisor = opts.supervise ? supervise(hotlined, opts.supervise) : null;
  const peers: { destroy(): Promise<void> }[] = [];

  return {
    root,
    runId,
    box,
    hotlined,
    httpsUrl: `https://127.0.0.1:${httpsPort}`,
    admin,
    printedAdminPassword,
    dataDir,
    supervisor,
    async startPhones(phones) {
      const p = await startPhones({ root, runId, boxSipPort: box.ports.sip, phones });
      peers.push(p);
      return p;
    },
    async startCarrier() {
      const c = await startCarrier({ root, runId, boxSipPort: box.ports.sip });
      peers.push(c);
      return c;
    },
    async stop() {
      supervisor?.stop();
      await hotlined.stop();
      for (const p of peers) await p.destroy();
      await box.destroy();
    },
  };
}

export { reapStaleInstances };
