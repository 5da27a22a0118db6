import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type E1App, startE1App } from '../support/e1-app.js';

/**
 * E1 trunks and span settings through the API, as hotlined builds them: real
 * SQLite, the ConfigApplier writing chan_dahdi.conf, the real AMI client
 * against a fake chan_dahdi, no card (DAHDI "not loaded").
 */
let app: E1App;
const LOC = 'PCI_Express_Bus_02_Slot_01';
const gen = (f: string) => readFileSync(path.join(app.confDir, 'hotline', f), 'utf8');
const dahdiFile = (f: string) => readFileSync(path.join(app.paths.dahdiDir, f), 'utf8');

t.before(async () => {
  app = await startE1App();
});
t.teardown(() => app.close());

const pri = { kind: 'pri', node: 'pri_cpe', switchtype: 'euroisdn' };
const r2 = { kind: 'mfcr2', variant: 'cn', maxDnis: 8 };

const post = (body: Record<string, unknown>, q = '') => app.api.req('POST', `/api/v1/trunks${q}`, body);

t.test('no card here: GET /hardware answers "no DAHDI hardware" cleanly', async (t) => {
  const r = await app.api.req('GET', '/api/v1/hardware');
  t.equal(r.status, 200);
  t.equal(r.body.present, false);
  t.equal(r.body.dahdiLoaded, false);
  t.equal(r.body.message, 'no DAHDI hardware');
  t.same(r.body.cards, []);
  t.same(r.body.configured.spans, []);
});

t.test('a PRI trunk on a declared 4-port card generates DAHDI and chan_dahdi config', async (t) => {
  let r = await app.api.req('PUT', `/api/v1/hardware/cards/${LOC}`, { driver: 'wct4xxp', portCount: 4 });
  t.equal(r.status, 200, JSON.stringify(r.body));
  r = await app.api.req('PUT', `/api/v1/hardware/ports/${LOC}/1`, { lineMode: 'e1', clockPriority: 1 });
  t.equal(r.status, 200, JSON.stringify(r.body));
  r = await post({ kind: 'e1', name: '电信 PRI', location: LOC, port: 1, signalling: pri, group: 1 });
  t.equal(r.status, 201, JSON.stringify(r.body));
  const trunk = r.body;
  t.match(trunk, { kind: 'e1', location: LOC, port: 1, group: 1, maxChannels: 30 });
  t.match(dahdiFile('system.conf'), /^span=1,1,0,ccs,hdb3,crc4\nbchan=1-15,17-31\ndchan=16$/m);
  t.match(dahdiFile('assigned-spans.conf'), new RegExp(`^@${LOC} 4:4:94$`, 'm'));
  const chan = gen('chan_dahdi.conf');
  t.match(chan, /^signalling=pri_cpe$/m);
  t.match(chan, new RegExp(`^context=hotline-e1-in-${trunk.id}$`, 'm'));
  t.match(chan, /^channel => 1-15,17-31$/m);
  const dialplan = gen('extensions_trunks.conf');
  t.match(dialplan, new RegExp(`\\[hotline-e1-in-${trunk.id}\\]`));
  // the number from the line, filtered to a number's characters before any Goto
  t.match(dialplan, /Goto\(hotline-trunk-in,\$\{FILTER\(0-9A-Za-z\*#\+,\$\{EXTEN\}\)\},1\)/);
  t.match(
    dialplan,
    // then the transfer feature for seats' calls (`T`, the same line as SIP trunks: golden files)
    new RegExp(`Dial\\(DAHDI/g1/\\$\\{ARG1\\},120,b\\(hotline-trunk-tag\\^s\\^1\\(${trunk.id}\\)\\)`),
  );
  t.ok(app.dahdi.log.includes('Reload chan_dahdi.so'), 'chan_dahdi reloaded');
  const audit = await app.api.get('/api/v1/audit?entity=dahdi');
  t.match(audit.items[0].after.diff['system.conf'], /\+span=1,1,0,ccs,hdb3,crc4/);
});

t.test('an E1 trunk is selectable in an outbound route like a SIP trunk', async (t) => {
  const trunk = (await app.api.get('/api/v1/trunks')).items.find((x: any) => x.kind === 'e1');
  const r = await app.api.req('POST', '/api/v1/outbound-routes', {
    name: 'PSTN via E1',
    patterns: ['_0X.'],
    requiredClass: 'national',
    trunkIds: [trunk.id],
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  t.match(gen('extensions_outbound.conf'), new RegExp(`Gosub\\(hotline-trunk-${trunk.id},s,1\\(`));
});

t.test('an MFC/R2 China trunk: cas without TS16, the required max DNIS, its own group', async (t) => {
  let r = await post({
    kind: 'e1',
    name: 'R2 no DNIS',
    location: LOC,
    port: 2,
    signalling: { kind: 'mfcr2' },
    group: 2,
  });
  t.equal(r.status, 400);
  t.equal(r.body.error.field, 'signalling.maxDnis');
  r = await post({ kind: 'e1', name: '联通 No.1', location: LOC, port: 2, signalling: r2, group: 1 });
  t.equal(r.status, 400);
  t.equal(r.body.error.field, 'group', 'group 1 is the PRI trunk');
  r = await post({ kind: 'e1', name: '联通 No.1', location: LOC, port: 1, signalling: r2, group: 2 });
  t.equal(r.body.error.field, 'port', 'port 1 carries the PRI trunk');
  r = await post({ kind: 'e1', name: '联通 No.1', location: LOC, port: 2, signalling: r2, group: 2 });
  t.equal(r.status, 201, JSON.stringify(r.body));
  t.match(dahdiFile('system.conf'), /^span=2,0,0,cas,hdb3\ncas=32-46:1111\ncas=48-62:1111$/m);
  t.match(gen('chan_dahdi.conf'), /^mfcr2_max_dnis=8$/m);
});

t.test('contradictory settings are refused with 400 naming the field', async (t) => {
  const port = (n: number, body: Record<string, unknown>) =>
    app.api.req('PUT', `/api/v1/hardware/ports/${LOC}/${n}`, body);
  let r = await port(2, { lineMode: 'e1', clockPriority: 1 });
  t.equal(r.status, 400, 'two spans with clock priority 1');
  t.equal(r.body.error.field, 'clockPriority');
  r = await port(1, { lineMode: 'e1', framing: 'cas', clockPriority: 1 });
  t.equal(r.status, 400, 'PRI with CAS framing');
  t.equal(r.body.error.field, 'framing');
  r = await port(3, { lineMode: 'e1', lbo: 3 });
  t.equal(r.body.error.field, 'lbo', 'line build-out is a T1 option');
  r = await port(3, { lineMode: 'e1', framing: 'esf' });
  t.equal(r.body.error.field, 'framing', 'esf on an E1 port');
  r = await port(3, { lineMode: 't1', crc4: true });
  t.equal(r.body.error.field, 'crc4', 'CRC4 on a T1 port');
  r = await port(5, { lineMode: 'e1' });
  t.equal(r.body.error.field, 'port', 'the card has 4 ports');
  r = await post({ kind: 'e1', name: 'R2 on ccs', location: LOC, port: 3, signalling: r2, group: 3 });
  t.equal(r.status, 201, 'R2 on a port without settings gets cas framing');
  r = await port(3, { lineMode: 'e1', framing: 'ccs' });
  t.equal(r.body.error.field, 'framing', 'R2 with CCS framing');
  r = await post({
    kind: 'e1',
    name: 'net side',
    location: LOC,
    port: 4,
    signalling: { ...pri, node: 'pri_net' },
    group: 4,
  });
  t.equal(r.status, 201);
  r = await port(4, { lineMode: 'e1', clockPriority: 2 });
  t.equal(r.body.error.field, 'clockPriority', 'a pri_net port must not be line-timed');
  r = await port(4, { lineMode: 't1' });
  t.equal(r.body.error.field, 'maxChannels', 'a T1 span has 23 bearer channels, not 30');
});

t.test('hostile strings never reach a file: 400 on the field', async (t) => {
  const base = { kind: 'e1', location: LOC, port: 3, signalling: pri, group: 9 };
  for (const name of ['a\nb', 'x;y', '[channels]', '${SHELL(id)}', '"q"', 'n'.repeat(65)]) {
    const r = await post({ ...base, name });
    t.equal(r.status, 400, JSON.stringify(name));
    t.equal(r.body.error.field, 'name');
  }
  for (const location of ['a b', 'x;y', '*', 'l\nm', `${'L'.repeat(201)}`]) {
    const r = await post({ ...base, name: 'ok', location });
    t.equal(r.body.error.field, 'location', JSON.stringify(location));
  }
  let r = await app.api.req('PUT', `/api/v1/hardware/cards/${encodeURIComponent('a;b')}`, {
    driver: 'wct4xxp',
    portCount: 1,
  });
  t.equal(r.status, 400);
  r = await post({ ...base, name: 'ok', signalling: { ...pri, switchtype: 'euroisdn\nsignalling=fxs_ks' } });
  t.equal(r.body.error.field, 'signalling.switchtype');
  r = await post({ ...base, name: 'ok', signalling: { ...r2, idleBits: '11;1' } });
  t.equal(r.body.error.field, 'signalling.idleBits');
  r = await post({ ...base, name: 'ok', group: 64 });
  t.equal(r.body.error.field, 'group');
  r = await app.api.req('PUT', '/api/v1/hardware/settings', { toneZone: 'c\n' });
  t.equal(r.body.error.field, 'toneZone');
  t.notMatch(gen('chan_dahdi.conf'), /fxs_ks|SHELL/);
});

t.test('a SIP trunk still works next to E1 trunks', async (t) => {
  // the fake Asterisk must list the SIP trunk's endpoint for the apply's verify step
  const next = Math.max(0, ...(await app.api.get('/api/v1/trunks')).items.map((x: any) => x.id)) + 1;
  app.fake.endpoints = [{ name: `trunk-${next}`, state: 'Not in use' }];
  const r = await post({ kind: 'sip', name: 'carrier', host: '203.0.113.7', auth: 'ip' });
  t.equal(r.status, 201);
  t.match(gen('pjsip_trunks.conf'), new RegExp(`\\[trunk-${r.body.id}\\]`));
  t.notMatch(gen('pjsip_trunks.conf'), /DAHDI|hotline-e1-in/);
  const bad = await app.api.req('PATCH', `/api/v1/trunks/${r.body.id}`, { signalling: pri });
  t.equal(bad.status, 400, 'E1 fields on a SIP trunk');
});

t.test('PATCH an E1 trunk; delete refuses while a card carries trunks', async (t) => {
  const e1 = (await app.api.get('/api/v1/trunks')).items.find((x: any) => x.name === 'net side');
  let r = await app.api.req('PATCH', `/api/v1/trunks/${e1.id}`, { maxChannels: 20, host: 'x' });
  t.equal(r.status, 400);
  t.equal(r.body.error.field, 'host');
  r = await app.api.req('PATCH', `/api/v1/trunks/${e1.id}`, { maxChannels: 20 });
  t.equal(r.status, 200, JSON.stringify(r.body));
  t.match(gen('extensions_trunks.conf'), /HOTLINE_TRUNK_MAX=20/);
  r = await app.api.req('DELETE', `/api/v1/hardware/cards/${LOC}`);
  t.equal(r.status, 409);
  r = await app.api.req('DELETE', `/api/v1/trunks/${e1.id}`);
  t.equal(r.status, 204);
  t.notMatch(gen('chan_dahdi.conf'), /pri_net/);
});

t.test('roles: supervisors read hardware and health, only admins change it', async (t) => {
  const sup = await app.loginAs('supervisor');
  t.equal((await sup.req('GET', '/api/v1/hardware')).status, 200);
  t.equal((await sup.req('GET', '/api/v1/hardware/health')).status, 200);
  t.equal((await sup.req('PUT', `/api/v1/hardware/ports/${LOC}/2`, { lineMode: 'e1' })).status, 403);
  t.equal((await sup.req('POST', '/api/v1/hardware/channels/5/block')).status, 403);
  const agent = await app.loginAs('agent');
  t.equal((await agent.req('GET', '/api/v1/hardware')).status, 403);
  t.equal((await agent.req('GET', '/api/v1/hardware/alarms')).status, 403);
});
