import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import { type Stack, startStack } from '../../dev/stack.js';

/**
 * The rig's Asterisk has asterisk-dahdi but no card and no /dev/dahdi: the
 * generated chan_dahdi config must still load without parse errors, and
 * hotlined must report "no DAHDI hardware" cleanly. Real apply on a card is
 * checked by scripts/hil-e1.sh on a box that has one.
 */
let stack: Stack;
let api: Api;
const LOC = 'PCI_Express_Bus_02_Slot_01';

t.before(async () => {
  stack = await startStack({ logLevel: 'warn' });
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
});
t.teardown(async () => {
  await stack?.stop();
});

const messages = () => {
  try {
    return readFileSync(stack.box.hostPath('log/messages.log'), 'utf8');
  } catch {
    return '';
  }
};
/** What chan_dahdi or the config parser would say about a bad file. */
const PARSE_PROBLEM =
  /(chan_dahdi|config\.c|config_text_file_load).*(unknown|parse|syntax|invalid|no closing|not found|Ignoring unknown|Unable to load)/i;
const problems = (log: string) => log.split('\n').filter((l) => PARSE_PROBLEM.test(l));

t.test('chan_dahdi is loaded in the box and hotlined reports no DAHDI hardware', async (t) => {
  t.match(await stack.box.cli('module show like chan_dahdi'), /chan_dahdi\.so.*Running/);
  const hw = await api.get('/api/v1/hardware');
  t.equal(hw.present, false);
  t.equal(hw.message, 'no DAHDI hardware');
  t.same(hw.cards, []);
  const health = await until(
    'a DAHDI poll',
    async () => {
      const h = await api.get('/api/v1/hardware/health');
      return h.dahdi !== null ? h : null;
    },
    40_000,
  ).catch(() => null);
  t.equal(health?.dahdi, false, 'chan_dahdi answers DAHDIShowStatus with "No DAHDI detected"');
  t.same(health?.spans, []);
});

t.test('PRI and China No.1 trunks: the generated chan_dahdi config loads with no parse errors', async (t) => {
  let r = await api.req('PUT', `/api/v1/hardware/cards/${LOC}`, { driver: 'wct4xxp', portCount: 2 });
  t.equal(r.status, 200, JSON.stringify(r.body));
  r = await api.req('PUT', `/api/v1/hardware/ports/${LOC}/1`, {
    lineMode: 'e1',
    clockPriority: 1,
    echoCanceller: 'oslec',
  });
  t.equal(r.status, 200, JSON.stringify(r.body));
  r = await api.req('POST', '/api/v1/trunks', {
    kind: 'e1',
    name: '电信 PRI',
    location: LOC,
    port: 1,
    signalling: { kind: 'pri', node: 'pri_cpe', switchtype: 'euroisdn', overlapDial: true },
    group: 1,
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  r = await api.req('POST', '/api/v1/trunks', {
    kind: 'e1',
    name: '联通 No.1',
    location: LOC,
    port: 2,
    signalling: { kind: 'mfcr2', variant: 'cn', maxDnis: 8, getAniFirst: false, callFiles: true },
    group: 2,
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  const conf = readFileSync(path.join(stack.box.paths.confDir, 'hotline', 'chan_dahdi.conf'), 'utf8');
  t.match(conf, /^mfcr2_variant=cn$/m);
  t.match(conf, /^signalling=pri_cpe$/m);
  t.same(problems(messages()), [], 'reload: no parse errors');

  // load-time options (reportalarms, signalling, every mfcr2_*) are read only on load: load it fresh
  await stack.box.stop();
  const before = messages().length;
  await stack.box.start();
  t.match(await stack.box.cli('module show like chan_dahdi'), /chan_dahdi\.so.*Running/, 'still loads');
  const fresh = messages().slice(before);
  t.same(problems(fresh), [], 'fresh load: no parse errors');
  // every span block was parsed through to its channel line; only opening the missing device failed
  t.match(fresh, /Channel '1-15,17-31' failure ignored: ignore_failed_channels/);
  t.match(fresh, /Channel '32-46,48-62' failure ignored: ignore_failed_channels/);
  t.match(await stack.box.cli('dialplan show hotline-e1-in-1'), /hotline-trunk-in/);
  const hw = await until('hotlined back on AMI', async () => {
    const h = await api.get('/api/v1/hardware');
    return h.configured.spans.length === 2 ? h : null;
  });
  t.equal(hw.message, 'no DAHDI hardware', 'still a clean answer, hotlined did not crash');
});

t.test('an outbound route over the E1 trunk loads in the real dialplan', async (t) => {
  const e1 = (await api.get('/api/v1/trunks')).items.find((x: any) => x.kind === 'e1' && x.port === 1);
  const r = await api.req('POST', '/api/v1/outbound-routes', {
    name: '经 E1 外呼',
    patterns: ['_0X.'],
    requiredClass: 'national',
    trunkIds: [e1.id],
  });
  t.equal(r.status, 201, JSON.stringify(r.body));
  t.match(
    await stack.box.cli(`dialplan show hotline-trunk-${e1.id}`),
    /Dial\(DAHDI\/g1\/\$\{ARG1\},120,b\(hotline-trunk-tag/,
  );
  t.match(await stack.box.cli('dialplan show hotline-trunk-tag'), /GROUP\(hotline-trunk\)/);
});

t.test('the log check is not blind: a bad option in chan_dahdi.conf is reported', async (t) => {
  const file = path.join(stack.box.paths.confDir, 'hotline', 'chan_dahdi.conf');
  const good = readFileSync(file, 'utf8');
  writeFileSync(file, good.replace('[channels]', '[channels]\nswitchtype=martian\nbogus_option_xyz=1'));
  await stack.box.stop();
  const before = messages().length;
  await stack.box.start();
  const fresh = messages().slice(before);
  writeFileSync(file, good);
  t.not(problems(fresh).length, 0, problems(fresh).join('\n'));
});
