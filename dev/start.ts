/**
 * ./scripts/start: the whole box on this machine with a demo configuration.
 * Asterisk from the rig, hotlined on the appliance's data directory (its
 * output in hotlined.log there, restarted whenever it dies), five demo seats
 * with phones registered to them. Runs until Ctrl-C.
 */
import { rmSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeStartState } from './call-state.js';
import { DEMO_24H_DID, DEMO_DID, devApi, ensureDemoRouting, ensureDemoSeats } from './demo.js';
import { startDemoTraffic } from './demo-traffic.js';
import { rigAmi } from './rig-calls.js';
import { reapStaleInstances, rigRoot } from './sandbox.js';
import { startStack } from './stack.js';

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      'https-port': { type: 'string', default: '8443' },
      host: { type: 'string', default: '0.0.0.0' },
      'data-dir': { type: 'string', default: '/var/lib/hotline' },
      reset: { type: 'boolean', default: false },
      'demo-traffic': { type: 'boolean', default: false },
    },
  });
  const dataDir = values['data-dir'];
  if (values.reset) rmSync(dataDir, { recursive: true, force: true });
  const reaped = reapStaleInstances(rigRoot());
  if (reaped) console.log(`stopped ${reaped} Asterisk instance(s) left over from an earlier run`);

  const logFile = path.join(dataDir, 'hotlined.log');
  const stack = await startStack({
    dataDir,
    httpPort: Number(values.port),
    httpsPort: Number(values['https-port']),
    httpHost: values.host,
    logLevel: 'info',
    logFile,
    supervise: { say: (line) => console.log(`${new Date().toISOString()} ${line}`) },
  });
  let removeState = () => {};
  const stop = async () => {
    console.log('\nstopping…');
    removeState();
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  let seats: { extension: string; secret: string }[];
  try {
    const api = await devApi(stack.hotlined.url, dataDir, stack.admin.password ? stack.admin : null);
    seats = await ensureDemoSeats(api, dataDir);
    await stack.startPhones(seats);
    const carrier = await stack.startCarrier();
    await ensureDemoRouting(api, carrier.ports.sip);
    removeState = writeStartState(dataDir, carrier);
    // the password printed below is one the launcher chose: the console's first login asks for the admin's own
    if (stack.admin.password) {
      const me = await api.get('/api/v1/auth/me');
      const r = await api.req('PATCH', `/api/v1/users/${me.user.id}`, { mustChangePassword: true });
      if (r.status !== 200) throw new Error(`cannot mark the admin's password temporary: ${r.status}`);
    }
    if (values['demo-traffic']) {
      const traffic = startDemoTraffic({
        carrierAmi: await rigAmi(carrier),
        did: DEMO_24H_DID,
        options: ['1', '2'],
      });
      process.on('exit', () => traffic.stop());
    }
  } catch (err) {
    await stack.stop();
    throw err;
  }

  const url = `http://${lanAddress()}:${values.port}/`;
  console.log(`
  Hotline is running.
    console:  ${url}
    https:    https://${lanAddress()}:${new URL(stack.httpsUrl).port}/ (browser phones; accept the self-signed certificate once)
    admin:    ${stack.admin.password ? `admin / ${stack.admin.password}   (shown once: note it now)` : 'admin / the password shown at the first start (./scripts/start --reset for a fresh box)'}
    seats:    ${seats.map((s) => s.extension).join(', ') || 'none'} (demo phones registered from the rig; seats you add are left to your phones)
    hotline:  DID ${DEMO_DID} from the rig's carrier (127.0.0.2): working hours → IVR 欢迎菜单 (1 → 客服一组, 2 → 客服二组), otherwise an announcement
              DID ${DEMO_24H_DID}: the same menu around the clock${values['demo-traffic'] ? ' (demo traffic calls it now)' : ''}
    agents:   1001, 1002 in 客服一组; 1003, 1004 in 客服二组 (logged in); feature codes *61 / *62 / *63<code> / *64
    call:     ./scripts/call ${DEMO_24H_DID} 1   (the carrier calls the box, presses 1, says what happened)
    log:      ${logFile} (hotlined; restarted with a pause whenever it dies)
    asterisk: ${stack.box.dirs.host} (CLI: chroot ${stack.root} asterisk -C ${stack.box.dirs.etc}/asterisk.conf -r)
  Ctrl-C (or kill ${process.pid}) stops everything.
`);
}

function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

main().catch((err) => {
  console.error(`start failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
