import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { type Api, until } from '../../dev/api-client.js';
import { writeStartState } from '../../dev/call-state.js';
import type { Stack } from '../../dev/stack.js';
import { adminStack, carrierTrunk, seatsWithPhones } from '../support/stack.js';

/**
 * ./scripts/start as a trial box: hotlined's output lands in a log file under
 * the data directory, a killed hotlined is started again, and ./scripts/call
 * makes the rig's carrier call the box and says what happened.
 */
const CALL = fileURLToPath(new URL('../../dev/call.js', import.meta.url));
const run = promisify(execFile);

let stack: Stack;
let api: Api;
let dataDir: string;
const said: string[] = [];

t.before(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'hotline-start-'));
  ({ stack, api } = await adminStack({
    dataDir,
    logLevel: 'info',
    logFile: path.join(dataDir, 'hotlined.log'),
    supervise: { say: (line) => said.push(line) },
  }));
});

t.teardown(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

t.test("hotlined's output is written to hotlined.log in the data directory", async (t) => {
  const log = readFileSync(path.join(dataDir, 'hotlined.log'), 'utf8');
  t.match(log, stack.printedAdminPassword, 'what it printed at its first start');
  t.notMatch(log, stack.admin.password, 'not the password the stack set at its first login');
  t.match(log, /"level":30/, 'and its info log lines');
});

t.test('a killed hotlined is started again by the supervisor', async (t) => {
  const before = stack.hotlined.pid!;
  process.kill(before, 'SIGKILL');
  await until(
    'hotlined answering again with a new process',
    async () => {
      if (stack.hotlined.pid === before) return false;
      return (await fetch(`${stack.hotlined.url}/api/v1/system/health`)).ok;
    },
    60_000,
  );
  t.equal(stack.supervisor?.restarts, 1);
  t.match(said.join('\n'), /hotlined exited \(signal SIGKILL\); starting it again in 1 s/);
  t.match(readFileSync(path.join(dataDir, 'hotlined.log'), 'utf8'), /hotlined exited \(signal SIGKILL\)/);
  t.ok(
    (await api.req('GET', '/api/v1/seats')).status === 200,
    'the session survived (sessions are in the database)',
  );
});

t.test('./scripts/call: the carrier calls a DID and the answer and duration are printed', async (t) => {
  await seatsWithPhones(stack, api, [{ extension: '1001' }]);
  const carrier = await stack.startCarrier();
  await carrierTrunk(api, carrier);
  await api.post('/api/v1/inbound-routes', {
    did: '4008009999',
    destination: { type: 'seat', extension: '1001' },
  });
  const remove = writeStartState(dataDir, carrier);

  const answered = await run(process.execPath, [
    CALL,
    '4008009999',
    '1',
    '--seconds',
    '2',
    '--data-dir',
    dataDir,
  ]);
  t.match(answered.stdout, /calling 4008009999 from 13800138000, pressing 1/);
  const m = /answered; the caller hung up after ([0-9.]+) s/.exec(answered.stdout);
  t.ok(m, answered.stdout);
  // the caller stays 3 s for the digits and 2 s more: about 5 s between answer and hang-up
  t.ok(Number(m?.[1]) >= 4 && Number(m?.[1]) < 15, `lasted ${m?.[1]} s`);

  // the box answers a number it has no route for with an announcement, then hangs up
  const unrouted = await run(process.execPath, [CALL, '4008001', '--data-dir', dataDir]);
  t.match(unrouted.stdout, /answered; the box hung up after [0-9.]+ s \(cause 1 Unallocated/);

  const bad = await run(process.execPath, [CALL, '400;800', '--data-dir', dataDir]).catch((e) => e);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /DID must be digits/);

  remove();
  t.notOk(existsSync(path.join(dataDir, 'dev-start.json')));
  const stopped = await run(process.execPath, [CALL, '4008009999', '--data-dir', dataDir]).catch((e) => e);
  t.match(stopped.stderr, /scripts\/start is not running/);
});
