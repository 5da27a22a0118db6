import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type E1App, e1Trunk, startE1App } from '../support/e1-app.js';

/**
 * The apply orchestration with DAHDI "loaded" and a fake tool runner: this
 * machine has no /dev/dahdi, so dahdi_cfg itself is exercised only by
 * scripts/hil-e1.sh on a box with a card. Asterisk is the fake chan_dahdi.
 */
let app: E1App;
const LOC = 'PCI_Express_Bus_02_Slot_01';
const sysConf = () => readFileSync(path.join(app.paths.dahdiDir, 'system.conf'), 'utf8');
const chanConf = () => readFileSync(path.join(app.confDir, 'hotline', 'chan_dahdi.conf'), 'utf8');
const cfgCalls = () => app.tools.calls.filter((c) => c[0] === 'dahdi_cfg').map((c) => c.slice(1).join(' '));
const ok = { code: 0, stdout: '', stderr: '' };
let trunkId = 0;

t.before(async () => {
  app = await startE1App({ dahdiLoaded: true });
  const r = await app.api.req('PUT', `/api/v1/hardware/cards/${LOC}`, { driver: 'wct4xxp', portCount: 2 });
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
});
t.teardown(() => app.close());

const reset = () => {
  app.tools.calls = [];
  app.tools.answer = () => ok;
  app.dahdi.log.length = 0;
};

t.test('a new card needs the drivers reloaded: files written, dahdi_cfg not run', async (t) => {
  const last = (await app.api.get('/api/v1/hardware')).lastApply;
  t.equal(last.change.kind, 'driver-reload');
  t.match(last.notes.join('\n'), /driver reload needed/);
  t.same(
    cfgCalls().filter((c) => !c.startsWith('-t')),
    [],
  );
});

t.test('a trunk on an idle port: dry run, dahdi_cfg for that span, create channels', async (t) => {
  reset();
  const r = await app.api.req('POST', '/api/v1/trunks', e1Trunk(LOC, 1, { kind: 'pri' }, 'PRI'));
  t.equal(r.status, 201, JSON.stringify(r.body));
  trunkId = r.body.id;
  const file = path.join(app.paths.dahdiDir, 'system.conf');
  t.same(cfgCalls(), [`-t -v -c ${file}.candidate`, `-c ${file} -S 1 -C 1-31`]);
  t.ok(app.dahdi.log.includes('Reload chan_dahdi.so'));
  t.ok(app.dahdi.log.includes('dahdi create channels 1 31'), app.dahdi.log.join(', '));
  t.notOk(app.dahdi.log.includes('DAHDIRestart'), 'no restart for a new span');
  t.match(readFileSync(`${file}.prev`, 'utf8'), /not in use/, 'previous system.conf kept');
});

t.test('a line setting re-runs dahdi_cfg for that span only, no chan_dahdi restart', async (t) => {
  reset();
  const r = await app.api.req('PUT', `/api/v1/hardware/ports/${LOC}/1`, { lineMode: 'e1', clockPriority: 1 });
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.equal(r.body.lastApply.change.kind, 'line');
  t.same(cfgCalls().slice(1), [`-c ${path.join(app.paths.dahdiDir, 'system.conf')} -S 1 -C 1-31`]);
  t.notOk(app.dahdi.log.includes('DAHDIRestart'));
});

t.test('a signalling change that would drop live calls is refused until confirmed', async (t) => {
  reset();
  app.dahdi.calls.set(3, 'DAHDI/3-1');
  app.dahdi.calls.set(17, 'DAHDI/17-1');
  const before = { sys: sysConf(), chan: chanConf() };
  let r = await app.api.req('PATCH', `/api/v1/trunks/${trunkId}`, {
    signalling: { kind: 'pri', overlapDial: true },
  });
  t.equal(r.status, 409);
  t.equal(r.body.error.details.calls, 2);
  t.match(r.body.error.message, /drops 2 live E1 calls/);
  t.equal(r.body.error.details.change.kind, 'restart');
  t.same({ sys: sysConf(), chan: chanConf() }, before, 'nothing written');
  t.notOk(app.dahdi.log.includes('DAHDIRestart'));
  r = await app.api.req('PATCH', `/api/v1/trunks/${trunkId}?confirm=true`, {
    signalling: { kind: 'pri', overlapDial: true },
  });
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.match(chanConf(), /^overlapdial=yes$/m);
  t.ok(app.dahdi.log.includes('DAHDIRestart'), 'dahdi restart after the confirmed change');
  app.dahdi.calls.clear();
});

t.test('context or limit changes are a plain reload', async (t) => {
  reset();
  const r = await app.api.req('PATCH', `/api/v1/trunks/${trunkId}`, { maxChannels: 10 });
  t.equal(r.status, 200);
  t.same(cfgCalls(), []);
  t.notOk(app.dahdi.log.includes('DAHDIRestart'));
});

t.test('dahdi_cfg -t refusing the candidate stops the apply before anything changes', async (t) => {
  reset();
  app.tools.answer = (_tool, args) =>
    args[0] === '-t' ? { code: 1, stdout: '', stderr: 'line 4: Unknown keyword\n1 error(s) detected' } : ok;
  const before = { sys: sysConf(), chan: chanConf(), trunks: (await app.api.get('/api/v1/trunks')).total };
  const r = await app.api.req('POST', '/api/v1/trunks', e1Trunk(LOC, 2, { kind: 'mfcr2', maxDnis: 6 }, 'R2'));
  t.equal(r.status, 422);
  t.match(r.body.error.message, /Unknown keyword/);
  t.same({ sys: sysConf(), chan: chanConf(), trunks: (await app.api.get('/api/v1/trunks')).total }, before);
});

t.test('dahdi_cfg failing on the card rolls back system.conf and re-applies the old one', async (t) => {
  reset();
  let applied = 0;
  app.tools.answer = (_tool, args) => {
    if (args[0] === '-t') return ok;
    applied++;
    return applied === 1
      ? { code: 1, stdout: '', stderr: 'DAHDI_CHANCONFIG failed on channel 47: Invalid argument (22)' }
      : ok;
  };
  const before = { sys: sysConf(), chan: chanConf() };
  const r = await app.api.req('POST', '/api/v1/trunks', e1Trunk(LOC, 2, { kind: 'mfcr2', maxDnis: 6 }, 'R2'));
  t.equal(r.status, 422);
  t.match(r.body.error.message, /channel 47/);
  t.equal(r.body.error.details.rolledBack, true);
  t.equal(applied, 2, 'dahdi_cfg ran again on the restored file');
  t.same({ sys: sysConf(), chan: chanConf() }, before, 'both files as before');
  t.notOk(app.dahdi.log.includes('Reload chan_dahdi.so'), 'Asterisk never saw the change');
});

t.test('every apply is audited with the diff of the generated files', async (t) => {
  const audit = await app.api.get('/api/v1/audit?entity=dahdi');
  const restart = audit.items.find((a: any) => a.before.change === 'restart');
  t.match(restart.after.diff['chan_dahdi.conf'], /-overlapdial=no\n\+overlapdial=yes/);
  t.match(restart.before.reasons.join('\n'), /signalling changed/);
});

t.test('a DAHDI directory hotlined cannot write is a 422 naming the file, not a 500', async (t) => {
  reset();
  const { chmodSync } = await import('node:fs');
  if (process.getuid?.() === 0) {
    // root writes anyway: make the target a directory instead, which rename() cannot replace
    const { mkdirSync, rmSync } = await import('node:fs');
    const blocker = path.join(app.paths.dahdiDir, 'span-types.conf');
    const keep = readFileSync(blocker, 'utf8');
    rmSync(blocker);
    mkdirSync(path.join(blocker, 'x'), { recursive: true });
    const r = await app.api.req('PUT', `/api/v1/hardware/ports/${LOC}/2`, { lineMode: 't1' });
    rmSync(blocker, { recursive: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(blocker, keep);
    t.equal(r.status, 422, JSON.stringify(r.body));
    t.match(r.body.error.message, /cannot write .*span-types\.conf/);
    return;
  }
  chmodSync(app.paths.dahdiDir, 0o500);
  const r = await app.api.req('PUT', `/api/v1/hardware/ports/${LOC}/2`, { lineMode: 't1' });
  chmodSync(app.paths.dahdiDir, 0o755);
  t.equal(r.status, 422, JSON.stringify(r.body));
  t.match(r.body.error.message, /cannot write/);
});
