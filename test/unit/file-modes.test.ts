import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { buildHotline } from '../../src/hotline.js';
import { loadSettings, type Settings } from '../../src/settings.js';
import { testOverrides, testSettings } from '../support/box.js';

const mode = (f: string) => statSync(f).mode & 0o777;

/** Builds and starts hotlined on `settings` (the caller stops it). */
async function started(settings: Settings) {
  const hotline = buildHotline(settings, testOverrides());
  // open in WAL mode, SQLite keeps its -wal and -shm beside the database
  await hotline.start();
  return hotline;
}

/** What a secret-bearing file may be: hotlined's (0600) or also Asterisk's group (0640), never others'. */
function assertModes(t: Test, settings: Settings) {
  for (const f of [settings.dbPath, `${settings.dbPath}-wal`, `${settings.dbPath}-shm`]) {
    t.ok(existsSync(f), `${path.basename(f)} exists`);
    t.equal(mode(f).toString(8), '600', `${path.basename(f)} is 0600`);
  }
  const generated = readdirSync(settings.generatedDir);
  t.ok(generated.length > 0, 'config was generated');
  for (const f of generated) {
    t.equal(mode(path.join(settings.generatedDir, f)).toString(8), '640', `${f} is 0640`);
  }
}

t.test('a fresh data dir: the database and the generated config are not readable by others', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-modes-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const settings = testSettings(dir);
  const hotline = await started(settings);
  assertModes(t, settings);
  await hotline.stop();
});

t.test('a data dir left 0644 by an older install is fixed at start', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-modes-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const settings = testSettings(dir);
  await (await started(settings)).stop();
  // a clean close removes -wal and -shm; a crash leaves them, as these
  const widen = (f: string) => {
    if (!existsSync(f)) writeFileSync(f, '');
    chmodSync(f, 0o644);
  };
  for (const f of [settings.dbPath, `${settings.dbPath}-wal`, `${settings.dbPath}-shm`]) widen(f);
  for (const f of readdirSync(settings.generatedDir)) widen(path.join(settings.generatedDir, f));
  // the rig's and a trial box's base files are hotlined's own
  for (const f of ['manager.conf', 'ari.conf']) widen(path.join(settings.asterisk.confDir, f));
  widen(path.join(settings.generatedDir, 'left-over.conf'));

  const second = await started(settings);
  assertModes(t, settings);
  for (const f of ['manager.conf', 'ari.conf']) {
    t.equal(mode(path.join(settings.asterisk.confDir, f)).toString(8), '640', `${f} is 0640`);
  }
  await second.stop();
});

t.test('the settings file (AMI/ARI secrets) is made 0600 when hotlined reads it', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-modes-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'hotline.json');
  writeFileSync(
    file,
    JSON.stringify({
      dataDir: dir,
      asterisk: { ami: { secret: 'x'.repeat(20) }, ari: { password: 'x'.repeat(20) } },
    }),
    { mode: 0o644 },
  );
  chmodSync(file, 0o644);
  loadSettings({ HOTLINE_CONFIG: file });
  t.equal(mode(file).toString(8), '600');
});
