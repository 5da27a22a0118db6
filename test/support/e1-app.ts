import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Ami, createAmi } from '../../src/asterisk/ami.js';
import { createConfigApplier } from '../../src/asterisk/apply.js';
import { createAudit, createAuditModule } from '../../src/audit/index.js';
import { Bus } from '../../src/bus.js';
import { type Db, openDb } from '../../src/db/index.js';
import { type Api, login } from '../../src/dev/api-client.js';
import { createHardware } from '../../src/hardware/index.js';
import type { HardwarePaths, ToolResult, ToolRunner } from '../../src/hardware/tools.js';
import { createHttpApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { createOutbound } from '../../src/outbound/index.js';
import { createTrunks } from '../../src/trunks/index.js';
import { createUsers } from '../../src/users/index.js';
import { FakeAmi, frame, waitFor } from './fake-ami.js';
import { type FakeDahdiState, installDahdi } from './fake-ami-dahdi.js';
import { harnessCore, moduleParts } from './module-parts.js';

/**
 * Trunks, outbound routes and hardware wired as main.ts wires them, on a real
 * SQLite file, with the real AMI client talking to FakeAmi (taught
 * chan_dahdi) and a fake DAHDI tool runner: no card exists on this machine.
 */
export interface E1App {
  api: Api;
  db: Db;
  bus: Bus;
  ami: Ami;
  fake: FakeAmi;
  dahdi: FakeDahdiState;
  confDir: string;
  paths: HardwarePaths;
  /** dahdi_cfg & co. as they were called; `answer` decides the result. */
  tools: { calls: string[][]; answer: (tool: string, args: string[]) => ToolResult };
  hardware: ReturnType<typeof createHardware>;
  /** Logs in as a new user of that role. */
  loginAs(role: 'supervisor' | 'agent'): Promise<Api>;
  close(): Promise<void>;
}

export async function startE1App(
  opts: { sysRoot?: string; dahdiLoaded?: boolean; procRoot?: string; pollMs?: number } = {},
): Promise<E1App> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-e1-'));
  const confDir = path.join(dir, 'conf');
  const devDahdi = path.join(dir, 'dev-dahdi');
  if (opts.dahdiLoaded) {
    mkdirSync(devDahdi, { recursive: true });
    rmSync(path.join(devDahdi, 'ctl'), { force: true });
    mkdirSync(path.join(devDahdi, 'ctl'));
  }
  const paths: HardwarePaths = {
    sysRoot: opts.sysRoot ?? path.join(dir, 'empty-sys'),
    devDahdi,
    dahdiDir: path.join(dir, 'etc-dahdi'),
    modprobeFile: path.join(dir, 'modprobe.d', 'hotline-dahdi.conf'),
    traceDir: path.join(dir, 'log'),
    toolPath: (p) => p,
  };
  const tools: E1App['tools'] = { calls: [], answer: () => ({ code: 0, stdout: '', stderr: '' }) };
  const run: ToolRunner = async (tool, args) => {
    tools.calls.push([tool, ...args]);
    return tools.answer(tool, args);
  };
  const log = createLogger('silent');
  const db = openDb(path.join(dir, 'hotline.db'), log);
  const bus = new Bus(log);
  const fake = await FakeAmi.start();
  const dahdi = installDahdi(fake);
  // outbound routes verify their contexts after a reload: every context "exists" here
  fake.handle('ShowDialPlan', (a, c) => {
    const id: [string, string] = ['ActionID', a.id];
    c.write(
      frame(['Response', 'Success'], id, ['EventList', 'start'], ['Message', 'DialPlan list will follow']) +
        frame(
          ['Event', 'ListDialplan'],
          id,
          ['Context', a.fields['context'] ?? ''],
          ['Extension', 's'],
          ['Priority', '1'],
        ) +
        frame(['Event', 'ShowDialPlanComplete'], id, ['EventList', 'Complete'], ['ListItems', 1]),
    );
    return true;
  });
  const ami = createAmi({
    host: '127.0.0.1',
    port: fake.port,
    username: fake.username,
    secret: fake.secret,
    log,
    pingIntervalMs: 60_000,
  });
  ami.start();
  await waitFor(() => ami.state === 'connected', 'AMI connected');
  const audit = createAudit({ db, bus, log });
  const users = createUsers(harnessCore({ db, log, bus, audit }), { secureCookies: false });
  const admin = users.ensureFirstAdmin()!;
  const applier = createConfigApplier({ db, ami, dir: path.join(confDir, 'hotline'), log });
  const trunks = createTrunks({ db, bus, ami, applier, audit, log, requireRole: users.requireRole });
  const outbound = moduleParts(
    createOutbound(harnessCore({ db, bus, applier, audit }), {
      trunks: trunks.service,
      requireRole: users.requireRole,
    }),
    applier,
  );
  const hardware = createHardware({
    db,
    bus,
    ami,
    applier,
    audit,
    trunks: trunks.service,
    log,
    paths,
    run,
    requireRole: users.requireRole,
    procRoot: opts.procRoot ?? path.join(dir, 'proc'),
    pollMs: opts.pollMs ?? 60_000,
  });
  const app = createHttpApp(log, {
    public: [['/auth', users.authRouter]],
    private: [
      ['/trunks', trunks.router],
      ['/outbound-routes', outbound.router],
      ['/hardware', hardware.router],
      ['/audit', moduleParts(createAuditModule({ audit }, { requireRole: users.requireRole })).router],
    ],
    authenticate: users.authenticate,
  });
  await applier.syncAll();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = await login(url, admin.username, admin.password);
  return {
    api,
    db,
    bus,
    ami,
    fake,
    dahdi,
    confDir,
    paths,
    tools,
    hardware,
    async loginAs(role) {
      const username = `${role}${Date.now() % 100000}`;
      const password = 'correct horse battery';
      await users.service.create({ username, displayName: '', role, password }, { principal: null });
      return login(url, username, password);
    },
    async close() {
      hardware.stop();
      trunks.stop();
      users.stop();
      await new Promise((r) => {
        server.close(r);
        server.closeAllConnections();
      });
      await ami.stop();
      await fake.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
