import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { writePaths } from '../../src/fs/write-paths.js';
import { parseSettings } from '../../src/settings.js';
import { MALLOC_ENV } from '../../src/system/malloc-env.js';

const UNIT = fileURLToPath(new URL('../../../appliance/hotlined.service', import.meta.url));
const unit = readFileSync(UNIT, 'utf8');
const directives = (key: string) =>
  unit
    .split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));

/** The appliance's settings: the defaults plus the secrets first-boot setup adds. */
const appliance = parseSettings({
  asterisk: { ami: { secret: 'x'.repeat(32) }, ari: { password: 'x'.repeat(32) } },
});

/** ReadWritePaths entries, "-" (ignore if missing) dropped; the directive may repeat. */
const writable = directives('ReadWritePaths')
  .flatMap((v) => v.split(/\s+/))
  .filter((p) => p !== '')
  .map((p) => p.replace(/^-/, ''));

const covered = (p: string) => writable.some((w) => p === w || p.startsWith(`${w}/`));

t.test('the unit runs hotlined on a read-only system with its write paths open', async (t) => {
  t.same(directives('ProtectSystem'), ['strict']);
  t.ok(
    writable.every((w) => path.isAbsolute(w)),
    'absolute paths',
  );
  const paths = writePaths(appliance);
  t.ok(paths.length >= 8, 'the write paths are listed');
  for (const p of paths) {
    t.ok(covered(p.path), `${p.what}: ${p.path} is in ReadWritePaths`);
  }
});

t.test('the unit sets the malloc settings the development stacks use', async (t) => {
  const env = directives('Environment').flatMap((v) => v.split(/\s+/));
  for (const [k, v] of Object.entries(MALLOC_ENV)) t.ok(env.includes(`${k}=${v}`), `${k}=${v}`);
});

t.test('the appliance write paths are the ones the docs name', async (t) => {
  t.same(
    writePaths(appliance).map((p) => p.path),
    [
      '/var/lib/hotline',
      '/var/lib/hotline',
      '/etc/asterisk/hotline',
      '/var/lib/asterisk/sounds/hotline',
      '/var/spool/asterisk/voicemail',
      '/var/spool/asterisk/monitor/hotline',
      '/etc/dahdi',
      '/etc/modprobe.d',
      '/var/log/asterisk',
    ],
  );
});

const verify = spawnSync('systemd-analyze', ['verify', '--man=no', UNIT], { encoding: 'utf8' });

t.test(
  'systemd parses every directive of the unit',
  { skip: verify.error ? 'no systemd-analyze here' : false },
  async (t) => {
    // a missing /usr/bin/node or unit dependency on this machine is not the unit's fault; a directive it ignores is
    const ignored = verify.stderr
      .split('\n')
      .filter((l) => /Failed to parse|Unknown key|Unknown section|Invalid/i.test(l));
    t.same(ignored, []);
  },
);
