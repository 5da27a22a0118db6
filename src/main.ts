#!/usr/bin/env node
/** hotlined: read the settings, build the box, start it, serve, and stop it cleanly on a signal. */
import { buildHotline } from './hotline.js';
import { loadSettings } from './settings.js';
import { createSdNotify } from './system/sd-notify.js';

async function main() {
  const hotline = buildHotline(loadSettings());
  const { log, settings } = hotline;
  if (hotline.firstAdmin) {
    // Printed once, on the very first start; it is not stored anywhere in clear.
    const { username, password } = hotline.firstAdmin;
    process.stdout.write(
      `\n  First administrator created.\n  username: ${username}\n  password: ${password}\n  Change it after logging in.\n\n`,
    );
  }
  await hotline.start();
  await hotline.listen();
  log.info(
    { host: settings.http.host, port: settings.http.port, https: hotline.httpsUrl() },
    'hotlined listening',
  );
  // systemd (hotlined.service, Type=notify): started now, then a watchdog heartbeat
  const sd = createSdNotify({
    onError: (err, message) => log.warn({ err, message }, 'systemd notify failed'),
  });
  sd.ready();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    sd.stopping();
    sd.close();
    await hotline.stop();
    log.info('stopped');
    process.exit(0);
  };
  // a staged restore is swapped in at start: stop cleanly and let systemd start us again
  hotline.onRestartRequested(() => void shutdown('restore'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A bug in one handler must not take call control down with it.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

main().catch((err) => {
  process.stderr.write(`hotlined failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
