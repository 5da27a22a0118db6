import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Api, login } from '../../dev/api-client.js';
import type { Ami } from '../../src/asterisk/ami.js';
import type { Bus } from '../../src/bus.js';
import type { Db } from '../../src/db/index.js';
import type { HardwarePaths, ToolResult, ToolRunner } from '../../src/hardware/tools.js';
import type { Hotline } from '../../src/hotline.js';
import { startTestBox } from './box.js';
import { connectedAmi, FakeAmi, frame } from './fake-ami.js';
import { type FakeDahdiState, installDahdi } from './fake-ami-dahdi.js';
import { generatedDialplan } from './fake-dialplan.js';

/**
 * The box as hotlined builds it (test/support/box.ts), not started, with the
 * real AMI client talking to FakeAmi (taught chan_dahdi), a fake DAHDI tool
 * runner and hardware paths in a temp folder: no card exists on this machine.
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
  hardware: { service: Hotline['services']['hardware']; health: Hotline['services']['hardwareHealth'] };
  /** Logs in as a new user of that role. */
  loginAs(role: 'supervisor' | 'agent'): Promise<Api>;
  close(): Promise<void>;
}

export async function startE1App(
  opts: { sysRoot?: string; dahdiLoaded?: boolean; procRoot?: string; pollMs?: number } = {},
): Promise<E1App> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-e1-'));
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
  const fake = await FakeAmi.start();
  const dahdi = installDahdi(fake);
  // this box has no seats: Asterisk shows no seat endpoints after a reload
  fake.endpoints = [];
  // outbound routes verify their contexts after a reload: every context "exists" here
  let generatedDir = '';
  // verify steps read the dialplan after a reload: list what the generated files hold
  fake.handleList('ShowDialPlan', 'DialPlan list will follow', 'ShowDialPlanComplete', (id) =>
    generatedDialplan(generatedDir).map((i) =>
      frame(
        ['Event', 'ListDialplan'],
        id,
        ['Context', i.context],
        i.include ? ['IncludeContext', i.include] : ['Extension', i.extension ?? ''],
      ),
    ),
  );
  // nor mailboxes (the voicemail section checks them after every reload)
  fake.handleList('VoicemailUsersList', 'Voicemail user list will follow', 'VoicemailUserEntryComplete');
  // nor queues (the queues section checks app_queue after every reload)
  fake.handleList('QueueSummary', 'Queue summary will follow', 'QueueSummaryComplete');
  const ami = await connectedAmi(fake);
  const box = await startTestBox({
    settings: (raw) => {
      generatedDir = path.join(raw.asterisk.confDir, 'hotline');
    },
    start: false,
    overrides: {
      ami,
      runTool: run,
      hardwarePaths: paths,
      procRoot: opts.procRoot ?? path.join(dir, 'proc'),
      pollMs: opts.pollMs ?? 60_000,
    },
  });
  const { hotline, url } = box;
  // as hotline.start() does first, without starting the other modules' pollers
  await hotline.applier.syncAll();
  return {
    api: box.api,
    db: hotline.db,
    bus: hotline.bus,
    ami,
    fake,
    dahdi,
    confDir: box.settings.asterisk.confDir,
    paths,
    tools,
    hardware: { service: hotline.services.hardware, health: hotline.services.hardwareHealth },
    async loginAs(role) {
      const username = `${role}${Date.now() % 100000}`;
      const password = 'correct horse battery';
      await hotline.services.users.create({ username, displayName: '', role, password }, { principal: null });
      return login(url, username, password);
    },
    async close() {
      await box.close();
      await ami.stop();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A POST /api/v1/trunks body for an E1 trunk on `port` of the card at `location` (group = port unless told). */
export const e1Trunk = (
  location: string,
  port: number,
  signalling: Record<string, unknown>,
  name = `t${port}`,
  group = port,
) => ({ kind: 'e1', name, location, port, signalling, group });
