import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const SETUP = fileURLToPath(new URL('../../src/setup.js', import.meta.url));

t.test(
  'first-boot setup generates per-install secrets once and renders the base config with them',
  async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hotline-setup-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const config = path.join(dir, 'hotline', 'hotline.json');
    const etc = path.join(dir, 'asterisk');
    const run = () => execFileSync(process.execPath, [SETUP, '--config', config, '--asterisk-etc', etc]);

    run();
    const first = JSON.parse(readFileSync(config, 'utf8'));
    t.match(first.asterisk.ami.secret, /^[A-Za-z0-9]{32}$/);
    t.match(first.asterisk.ari.password, /^[A-Za-z0-9]{32}$/);
    t.not(first.asterisk.ami.secret, first.asterisk.ari.password);
    t.equal(statSync(config).mode & 0o777, 0o600, 'settings readable by hotlined only');
    t.equal(statSync(path.join(etc, 'manager.conf')).mode & 0o077, 0o040, 'manager.conf not world-readable');
    t.match(readFileSync(path.join(etc, 'manager.conf'), 'utf8'), `secret = ${first.asterisk.ami.secret}`);
    t.match(readFileSync(path.join(etc, 'ari.conf'), 'utf8'), `password = ${first.asterisk.ari.password}`);

    // an older install left them readable by everyone: running again fixes that
    for (const f of [config, path.join(etc, 'manager.conf'), path.join(etc, 'ari.conf')]) chmodSync(f, 0o644);
    run();
    const second = JSON.parse(readFileSync(config, 'utf8'));
    t.same(second.asterisk, first.asterisk, 'running again keeps the install secrets');
    t.equal(statSync(config).mode & 0o777, 0o600, 'an existing settings file is fixed');
    for (const f of ['manager.conf', 'ari.conf']) {
      t.equal(statSync(path.join(etc, f)).mode & 0o777, 0o640, `an existing ${f} is fixed`);
    }
    t.equal(
      statSync(path.join(etc, 'extensions.conf')).mode & 0o777,
      0o644,
      'files without secrets stay 0644',
    );

    const other = path.join(dir, 'other.json');
    execFileSync(process.execPath, [SETUP, '--config', other, '--asterisk-etc', path.join(dir, 'ast2')]);
    t.not(
      JSON.parse(readFileSync(other, 'utf8')).asterisk.ami.secret,
      first.asterisk.ami.secret,
      'each install differs',
    );
  },
);
