import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import t from 'tap';
import { stageRestore } from '../../src/backup/restore.js';
import { redactConfig } from '../../src/backup/support-bundle.js';
import { applyStagedRestore, planFile } from '../../src/backup/swap.js';
import { SCHEMA_VERSION, writeBackup } from '../../src/backup/write.js';
import { openDb } from '../../src/db/index.js';
import { createLogger } from '../../src/log.js';
import { testSettings } from '../support/box.js';

const log = createLogger('silent');
const PASS = 'a long passphrase 口令';

/** A box on disk: a database with a row, a prompt, a voicemail message. */
function box() {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-backup-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const settings = testSettings(dir);
  const db = openDb(settings.dbPath, log);
  const prompts = path.join(settings.asterisk.root, settings.asterisk.promptDir);
  const vm = path.join(
    settings.asterisk.root,
    settings.asterisk.spoolDir,
    'voicemail',
    'default',
    '1001',
    'INBOX',
  );
  mkdirSync(prompts, { recursive: true });
  mkdirSync(vm, { recursive: true });
  return { dir, settings, db, prompts, vm };
}

t.test('an archive restores by stage and swap, every file and the database', async (t) => {
  const a = box();
  a.db
    .prepare("INSERT INTO audit_log (at, username, action, entity) VALUES (1, 'x', 'marker', 'test')")
    .run();
  writeFileSync(path.join(a.prompts, 'p1.wav'), 'RIFF prompt one');
  writeFileSync(path.join(a.vm, 'msg0000.wav'), 'RIFF message');
  const file = path.join(a.dir, 'a.tar.gz');
  const { manifest } = await writeBackup({
    db: a.db,
    settings: a.settings,
    file,
    passphrase: PASS,
    includeRecordings: false,
  });
  t.equal(manifest.schemaVersion, SCHEMA_VERSION);
  t.notOk(gunzipSync(readFileSync(file)).includes(Buffer.from('RIFF prompt one')), 'members are encrypted');

  const b = box();
  writeFileSync(path.join(b.prompts, 'old.wav'), 'old');
  b.db.close();
  const promptsInode = statSync(b.prompts).ino;
  await stageRestore({ settings: b.settings, file, passphrase: PASS, work: path.join(b.dir, 'work') });
  t.ok(existsSync(planFile(b.settings)), 'staged, with its plan');
  t.ok(existsSync(path.join(b.prompts, 'old.wav')), 'nothing in use changed yet');
  t.equal(applyStagedRestore(b.settings, log), true);
  t.equal(readFileSync(path.join(b.prompts, 'p1.wav'), 'utf8'), 'RIFF prompt one');
  t.notOk(existsSync(path.join(b.prompts, 'old.wav')));
  t.equal(readFileSync(path.join(b.vm, 'msg0000.wav'), 'utf8'), 'RIFF message');
  // on the appliance these folders are mount points: their contents move, never the folder
  t.equal(statSync(b.prompts).ino, promptsInode, 'the prompts folder itself stayed in place');
  t.same(readdirSync(b.prompts), ['p1.wav'], 'no staging folder left behind');
  const db = openDb(b.settings.dbPath, log);
  t.equal(db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'marker'").pluck().get(), 1);
  db.close();
  t.ok(existsSync(`${b.settings.dbPath}.pre-restore`), 'the previous database is kept');
  t.equal(applyStagedRestore(b.settings, log), false, 'applied once');
});

t.test('refusals: a wrong passphrase, a newer schema, a damaged member; nothing is staged', async (t) => {
  const a = box();
  const file = path.join(a.dir, 'a.tar.gz');
  await writeBackup({ db: a.db, settings: a.settings, file, passphrase: PASS, includeRecordings: false });
  const b = box();
  const work = path.join(b.dir, 'work');
  await t.rejects(stageRestore({ settings: b.settings, file, passphrase: 'wrong one', work }), {
    code: 'validation',
    field: 'passphrase',
  });
  // the manifest's schema raised: gzip text of the tar, edited in place (same length)
  const tarText = gunzipSync(readFileSync(file)).toString('latin1');
  const newer = tarText.replace(
    `"schemaVersion": ${SCHEMA_VERSION}`,
    `"schemaVersion": ${SCHEMA_VERSION + 900}`.slice(0, `"schemaVersion": ${SCHEMA_VERSION}`.length),
  );
  t.not(newer, tarText);
  const newerFile = path.join(a.dir, 'newer.tar.gz');
  writeFileSync(newerFile, gzipSync(Buffer.from(newer, 'latin1')));
  await t.rejects(stageRestore({ settings: b.settings, file: newerFile, passphrase: PASS, work }), {
    code: 'conflict',
    message: /newer version/,
  });
  const raw = gunzipSync(readFileSync(file));
  const at = raw.indexOf(Buffer.from('db/hotline.db')) + 512 + 2048;
  raw[at] = raw[at]! ^ 0xff;
  const damaged = path.join(a.dir, 'damaged.tar.gz');
  writeFileSync(damaged, gzipSync(raw));
  await t.rejects(stageRestore({ settings: b.settings, file: damaged, passphrase: PASS, work }), {
    field: 'archive',
    message: /db\/hotline\.db does not match its checksum/,
  });
  const cut = path.join(a.dir, 'cut.tar.gz');
  writeFileSync(cut, readFileSync(file).subarray(0, 2000));
  await t.rejects(stageRestore({ settings: b.settings, file: cut, passphrase: PASS, work }), {
    code: 'validation',
    field: 'archive',
  });
  t.notOk(existsSync(planFile(b.settings)), 'no plan');
  t.notOk(existsSync(`${b.settings.dbPath}.restore-staged`), 'nothing staged');
});

t.test('a swap that fails part way puts everything back', async (t) => {
  const a = box();
  const file = path.join(a.dir, 'a.tar.gz');
  writeFileSync(path.join(a.prompts, 'new.wav'), 'new');
  await writeBackup({ db: a.db, settings: a.settings, file, passphrase: PASS, includeRecordings: false });
  const b = box();
  writeFileSync(path.join(b.prompts, 'old.wav'), 'old');
  b.db.close();
  const promptsInode = statSync(b.prompts).ino;
  await stageRestore({ settings: b.settings, file, passphrase: PASS, work: path.join(b.dir, 'work') });
  const plan = JSON.parse(readFileSync(planFile(b.settings), 'utf8'));
  plan.swaps.push({ target: path.join(b.dir, 'x'), staged: path.join(b.dir, 'missing') });
  writeFileSync(planFile(b.settings), JSON.stringify(plan));
  t.equal(applyStagedRestore(b.settings, log), false);
  t.ok(existsSync(path.join(b.prompts, 'old.wav')), 'the prompts in use are back');
  t.notOk(existsSync(path.join(b.prompts, 'new.wav')));
  t.ok(existsSync(b.settings.dbPath), 'the database is back');
});

t.test('the support bundle redacts secret lines of Asterisk config', async (t) => {
  const text =
    '[1001]\ntype=auth\npassword = Sup3rS3cret\nusername=1001\n[hotlined]\nsecret=abc\nmd5_cred => x\n';
  const out = redactConfig(text);
  t.notMatch(out, /Sup3rS3cret|=abc|=> x/);
  t.match(out, /username=1001/);
  t.match(out, /password = \[redacted\]/);
});
