import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type E1App, e1Trunk, startE1App } from '../support/e1-app.js';

/** Block/unblock/reset and protocol traces, sent to the fake chan_dahdi through the real AMI client. */
let app: E1App;
const LOC = 'L1';

t.before(async () => {
  app = await startE1App();
  await app.api.req('PUT', `/api/v1/hardware/cards/${LOC}`, { driver: 'wct4xxp', portCount: 2 });
  for (const [port, signalling] of [
    [1, { kind: 'pri' }],
    [2, { kind: 'mfcr2', maxDnis: 8 }],
  ] as const) {
    const r = await app.api.req('POST', '/api/v1/trunks', e1Trunk(LOC, port, signalling));
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  }
});
t.teardown(() => app.close());

const op = (chan: number | string, what: string) =>
  app.api.req('POST', `/api/v1/hardware/channels/${chan}/${what}`);

t.test('PRI channels: SERVICE messages; R2 channels: CAS block/idle; reset is out and back', async (t) => {
  app.dahdi.log.length = 0;
  let r = await op(5, 'block');
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.same(r.body.commands, ['pri service disable channel 5']);
  r = await op(5, 'unblock');
  t.same(r.body.commands, ['pri service enable channel 5']);
  r = await op(40, 'block');
  t.same(r.body.commands, ['mfcr2 set blocked 40']);
  r = await op(40, 'reset');
  t.same(r.body.commands, ['mfcr2 set blocked 40', 'mfcr2 set idle 40']);
  t.same(app.dahdi.log, [
    'pri service disable channel 5',
    'pri service enable channel 5',
    'mfcr2 set blocked 40',
    'mfcr2 set blocked 40',
    'mfcr2 set idle 40',
  ]);
  const audit = await app.api.get('/api/v1/audit?entity=dahdi_channel');
  t.equal(audit.total, 4);
});

t.test('bad channel operations are 400s naming the field', async (t) => {
  t.equal((await op(16, 'block')).body.error.field, 'channel', 'the D-channel');
  t.equal((await op(47, 'block')).body.error.field, 'channel', 'the CAS timeslot');
  t.equal((await op(100, 'block')).body.error.field, 'channel', 'no trunk there');
  t.equal((await op('1;x', 'block')).body.error.field, 'channel');
  t.equal((await op(5, 'explode')).body.error.field, 'op');
});

t.test('PRI trace: debug file set, then downloadable for the carrier', async (t) => {
  app.dahdi.log.length = 0;
  let r = await app.api.req('PUT', '/api/v1/hardware/spans/1/trace', { enabled: true });
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.equal(r.body.download, '/api/v1/hardware/spans/1/trace');
  t.match(app.dahdi.log.join('\n'), /PRIDebugFileSet .*hotline-pri-span1\.txt\nPRIDebugSet 1on/);
  r = await app.api.req('GET', '/api/v1/hardware/spans/1/trace');
  t.equal(r.status, 404, 'nothing written yet');
  // what Asterisk writes while the trace is on
  mkdirSync(app.paths.traceDir, { recursive: true });
  writeFileSync(
    path.join(app.paths.traceDir, 'hotline-pri-span1.txt'),
    '> Protocol Discriminator: Q.931 (8)\n',
  );
  r = await app.api.req('GET', '/api/v1/hardware/spans/1/trace');
  t.equal(r.status, 200);
  t.match(r.headers.get('content-disposition') ?? '', /attachment; filename="hotline-pri-span1.txt"/);
  t.match(r.body, /Q\.931/);
  r = await app.api.req('PUT', '/api/v1/hardware/spans/1/trace', { enabled: false });
  t.equal(r.status, 200);
  t.match(app.dahdi.log.join('\n'), /PRIDebugSet 1off\nPRIDebugFileUnset/);
});

t.test('R2 trace: call files per channel, joined for download', async (t) => {
  app.dahdi.log.length = 0;
  const r = await app.api.req('PUT', '/api/v1/hardware/spans/2/trace', { enabled: true });
  t.equal(r.status, 200);
  t.equal(app.dahdi.log.length, 30, 'every voice channel, not TS16');
  t.notOk(app.dahdi.log.includes('mfcr2 call files on 47'));
  const dir = path.join(app.paths.traceDir, 'mfcr2', 'span2');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'chan-33-forward-1.call'), '[33:1] Tx: SEIZE\n');
  const dl = await app.api.req('GET', '/api/v1/hardware/spans/2/trace');
  t.match(dl.body, /===== chan-33-forward-1\.call\n\[33:1\] Tx: SEIZE/);
  t.equal(
    (await app.api.req('PUT', '/api/v1/hardware/spans/9/trace', { enabled: true })).body.error.field,
    'span',
  );
  t.equal(
    (await app.api.req('PUT', '/api/v1/hardware/spans/2/trace', { enabled: 'yes' })).body.error.field,
    'enabled',
  );
});
