import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { Ami } from '../../src/asterisk/ami.js';
import { createConfigApplier } from '../../src/asterisk/apply.js';
import { openDb } from '../../src/db/index.js';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { connectedAmi, FakeAmi, waitFor } from '../support/fake-ami.js';

const log = createLogger('silent');

/** Just enough of the AMI adapter for the applier: reloads succeed, the check is scripted. */
function fakeAmi() {
  const reloads: string[] = [];
  const ami = {
    state: 'connected',
    onState: () => () => {},
    action: async (name: string, fields?: Record<string, unknown>) => {
      if (name === 'Reload') reloads.push(String(fields?.Module));
      return { Response: 'Success' };
    },
  } as unknown as Ami;
  return { ami, reloads };
}

/** `ami` replaces the scripted fake (the reconnect test drives the real client). */
function setup(realAmi?: Ami) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-apply-'));
  const db = openDb(path.join(dir, 'hotline.db'), log);
  db.exec('CREATE TABLE things (name TEXT PRIMARY KEY)');
  const fake = fakeAmi();
  const ami = realAmi ?? fake.ami;
  const reloads = fake.reloads;
  const confDir = path.join(dir, 'hotline');
  const applier = createConfigApplier({ db, ami, dir: confDir, log });
  let verifyFails = false;
  applier.register({
    name: 'things',
    generate: () => {
      const names = db.prepare('SELECT name FROM things ORDER BY name').pluck().all() as string[];
      return {
        files: [{ name: 'things.conf', text: names.map((n) => `[${n}]\n`).join(''), reload: 'res_pjsip.so' }],
        verify: async () => {
          if (verifyFails) throw new AppError('apply_failed', 'Asterisk did not load it');
        },
      };
    },
  });
  const file = () => readFileSync(path.join(confDir, 'things.conf'), 'utf8');
  const count = () => db.prepare('SELECT COUNT(*) FROM things').pluck().get();
  const insert = (n: string) => () => db.prepare('INSERT INTO things VALUES (?)').run(n);
  t.teardown(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { applier, reloads, file, count, insert, failVerify: () => (verifyFails = true) };
}

t.test('a change writes the file, reloads its module and commits', async (t) => {
  const s = setup();
  await s.applier.change(s.insert('a'));
  t.equal(s.file(), '[a]\n');
  t.same(s.reloads, ['res_pjsip.so']);
  t.equal(s.count(), 1);
});

t.test('a change Asterisk does not verify leaves the previous file and database', async (t) => {
  const s = setup();
  await s.applier.change(s.insert('a'));
  s.failVerify();
  await t.rejects(s.applier.change(s.insert('b')), { code: 'apply_failed' });
  t.equal(s.file(), '[a]\n', 'file restored');
  t.equal(s.count(), 1, 'database untouched');
  t.same(s.reloads, ['res_pjsip.so', 'res_pjsip.so', 'res_pjsip.so'], 'reloaded again after restoring');
});

t.test('a change whose mutation fails writes nothing', async (t) => {
  const s = setup();
  await s.applier.change(s.insert('a'));
  await t.rejects(s.applier.change(s.insert('a')), /UNIQUE/);
  t.equal(s.file(), '[a]\n');
  t.same(s.reloads, ['res_pjsip.so']);
});

t.test('unchanged output reloads nothing', async (t) => {
  const s = setup();
  await s.applier.syncAll();
  await s.applier.syncAll();
  t.same(s.reloads, ['res_pjsip.so'], 'only the first sync wrote and reloaded');
});

t.test('with Asterisk away the files are written and the reload waits for the reconnect', async (t) => {
  // the real AMI client against a local AMI server that goes away and comes back
  const fake = await FakeAmi.start();
  fake.reply('reload', 'Success', ['Message', 'Module Reloaded.']);
  const ami = await connectedAmi(fake, { log, backoff: { initialMs: 10, maxMs: 40 } });
  t.teardown(async () => {
    await ami.stop();
    await fake.close();
  });
  const s = setup(ami);
  const reloads = () =>
    fake.received.filter((a) => a.name.toLowerCase() === 'reload').map((a) => a.fields['module']);

  await fake.refuse();
  await waitFor(() => ami.state !== 'connected', 'AMI down');
  await s.applier.change(s.insert('a'));
  t.equal(s.file(), '[a]\n', 'the file is written while Asterisk is away');
  t.equal(s.count(), 1, 'and the change committed');
  t.same(reloads(), [], 'no reload reached Asterisk while it was away');

  await fake.accept();
  await waitFor(() => reloads().length > 0, 'the deferred reload after the reconnect', 5000);
  t.same(reloads(), ['res_pjsip.so'], 'the module of the written file, once');
  t.equal(fake.logins, 2, 'on the new session');
});

t.test('concurrent changes are applied one after the other', async (t) => {
  const s = setup();
  await Promise.all(['a', 'b', 'c'].map((n) => s.applier.change(s.insert(n))));
  t.equal(s.file(), '[a]\n[b]\n[c]\n');
  t.equal(s.count(), 3);
});
