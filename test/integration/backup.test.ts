import { gunzipSync, gzipSync } from 'node:zlib';
import t from 'tap';
import tar from 'tar-stream';
import { type Api, login, loginCookie, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { adminStack, carrierTrunk, noCallsUp, seatsWithPhones } from '../support/stack.js';

/*
 * Backup and restore with real calls: a backup taken while a carrier call
 * is up restores on a fresh box (its own data folder, hotlined and Asterisk)
 * with every seat, trunk, route, queue, IVR, CDR and prompt, compared
 * through the API. A backup from a newer schema, a wrong passphrase and a
 * damaged archive are refused with a 4xx naming why, and change nothing.
 */
// two whole boxes, a carrier and real calls: more than tap's default file time on a loaded machine
t.setTimeout(15 * 60_000);

const PASS = 'correct horse battery 备份';
const DID = '4008005555';
let a: { stack: Stack; api: Api };
let b: { stack: Stack; api: Api } | undefined;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let boxAmi: Ami;
let archive: Buffer;
const connects: { caller: string; channel: string }[] = [];

t.before(async () => {
  a = await adminStack();
  carrier = await startCarrier({
    root: a.stack.root,
    runId: a.stack.runId,
    boxSipPort: a.stack.box.ports.sip,
  });
  await seatsWithPhones(a.stack, a.api, [
    { extension: '1003' },
    { extension: '1004', name: '客服一组 组长' },
  ]);
  await carrierTrunk(a.api, carrier);
  const queueId = (
    await a.api.post('/api/v1/queues', {
      name: '客服一组',
      settings: { announcePosition: false, joinEmpty: 'always', leaveWhenEmpty: 'always' },
    })
  ).id;
  const agent = await a.api.post('/api/v1/agents', {
    extension: '1003',
    name: '客服 1003',
    skills: [{ queueId, level: 0 }],
  });
  await a.api.post(`/api/v1/agents/${agent.id}/login`, {}, 200);
  const menu = await a.api.post('/api/v1/prompts', {
    name: '主菜单',
    text: '您好，欢迎致电。',
    language: 'zh',
  });
  await a.api.post('/api/v1/ivrs', {
    name: '客服热线菜单',
    tree: {
      start: 'main',
      nodes: {
        main: {
          type: 'menu',
          promptId: menu.id,
          options: { '2': 'service' },
          timeoutSeconds: 5,
          retries: 2,
          onTimeout: 'service',
          onInvalid: 'service',
        },
        service: { type: 'transfer', destination: { type: 'queue', queueId } },
      },
    },
  });
  await a.api.post('/api/v1/inbound-routes', { did: DID, destination: { type: 'queue', queueId } });
  carrierAmi = await rigAmi(carrier);
  boxAmi = await rigAmi(a.stack.box);
  boxAmi.onEvent((e: AmiMessage) => {
    if (e.Event === 'AgentConnect') connects.push({ caller: e.CallerIDNum ?? '', channel: e.Channel ?? '' });
  });
});

t.teardown(async () => {
  await Promise.allSettled([carrierAmi?.stop(), boxAmi?.stop()]);
  await carrier?.destroy();
  await a?.stack.stop();
  await b?.stack.stop();
});

/** What the API shows of the box's configuration and history, without what is live (registrations, states). */
async function picture(api: Api) {
  const items = async (p: string) => (await api.get(p)).items as any[];
  const prompts = await items('/api/v1/prompts');
  const audio: Record<string, string> = {};
  for (const p of prompts) {
    const res = await api.fetch(`/api/v1/prompts/${p.id}/audio`);
    audio[p.id] = Buffer.from(await res.arrayBuffer()).toString('base64');
  }
  return {
    seats: (await items('/api/v1/seats')).map(({ registration: _r, ...s }) => s),
    trunks: (await items('/api/v1/trunks')).map(({ status: _s, ...x }) => x),
    queues: await items('/api/v1/queues'),
    agents: (await items('/api/v1/agents')).map((x) => ({
      id: x.id,
      extension: x.extension,
      name: x.name,
      skills: x.skills,
    })),
    ivrs: await items('/api/v1/ivrs'),
    inbound: await items('/api/v1/inbound-routes'),
    // playback is where this box's Asterisk plays a prompt from: each rig box has its own folder
    prompts: prompts.map(({ playback: _p, ...p }) => p),
    audio,
    cdrs: await items('/api/v1/cdrs?limit=500'),
  };
}

let before: Awaited<ReturnType<typeof picture>>;

t.test('a backup taken while a carrier call is up', async (t) => {
  // one finished call, so the backup holds a CDR
  await carrierCall(carrierAmi, { did: DID, callerId: '13800000001', seconds: 2 });
  await until('first call answered', async () => connects.find((c) => c.caller === '13800000001'), 30_000);
  await noCallsUp(a.stack.box);
  await until('its CDR', async () => (await a.api.get('/api/v1/cdrs')).items.length > 0, 30_000);

  await carrierCall(carrierAmi, { did: DID, callerId: '13800000002', seconds: 120, talkAudio: true });
  const live = await until(
    'second call answered',
    async () => connects.find((c) => c.caller === '13800000002'),
    30_000,
  );
  before = await picture(a.api);
  const made = await a.api.post('/api/v1/backup/archives', { passphrase: PASS, includeRecordings: true });
  t.match(made.name, /^hotline-backup-.*\.tar\.gz$/);
  t.ok(/Up/.test(await a.stack.box.cli('core show channels')), 'the call was still up after the backup');
  await boxAmi.action('Hangup', { Channel: live.channel });
  await noCallsUp(a.stack.box);

  const list = await a.api.get('/api/v1/backup/archives');
  t.ok(list.items.some((x: any) => x.name === made.name));
  const res = await a.api.fetch(`/api/v1/backup/archives/${made.name}/download`);
  t.equal(res.status, 200);
  t.equal(res.headers.get('content-type'), 'application/gzip');
  archive = Buffer.from(await res.arrayBuffer());
  const names = (await members(archive)).map((m) => m.name);
  t.equal(names[0], 'manifest.json', 'the manifest comes first');
  t.equal(names.at(-1), 'checksums.json', 'the checksums last');
  t.ok(names.includes('db/hotline.db'));
  t.ok(
    names.some((n) => n.startsWith('files/prompts/')),
    'prompts are in',
  );
  const seat = before.seats[0];
  t.notOk(archive.includes(Buffer.from(seat.secret)), 'no seat secret in clear');
  t.notOk(gunzipSync(archive).includes(Buffer.from(seat.secret)), 'not even inside the gzip');
});

t.test('a fresh box refuses a newer schema, a wrong passphrase and a damaged archive', async (t) => {
  b = await adminStack();
  const cookie = await loginCookie(b.stack.hotlined.url, b.stack.admin.username, b.stack.admin.password);
  const upload = async (body: Buffer): Promise<string> => {
    const r = await fetch(`${b!.stack.hotlined.url}/api/v1/backup/archives/upload`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/gzip' },
      body: body as unknown as BodyInit,
    });
    const json = (await r.json()) as any;
    if (r.status !== 201) throw new Error(`upload: ${r.status} ${JSON.stringify(json)}`);
    return json.name;
  };
  const restore = (name: string, passphrase = PASS) =>
    b!.api.req('POST', `/api/v1/backup/archives/${name}/restore`, { passphrase });
  const original = await members(archive);

  const newer = original.map((m) => {
    if (m.name !== 'manifest.json') return m;
    const manifest = JSON.parse(m.body.toString());
    return {
      ...m,
      body: Buffer.from(JSON.stringify({ ...manifest, schemaVersion: manifest.schemaVersion + 1 })),
    };
  });
  let r = await restore(await upload(await repack(newer)));
  t.equal(r.status, 409, 'a newer schema is refused');
  t.match(r.body.error.message, /newer/);

  r = await restore(await upload(archive), 'not the passphrase');
  t.equal(r.status, 400);
  t.equal(r.body.error.field, 'passphrase');

  // one byte of the database changed: the archive still unpacks, its checksum does not match
  const damaged = original.map((m) => {
    if (m.name !== 'db/hotline.db') return m;
    const body = Buffer.from(m.body);
    body[Math.floor(body.length / 2)]! ^= 0xff;
    return { ...m, body };
  });
  r = await restore(await upload(await repack(damaged)));
  t.equal(r.status, 400);
  t.equal(r.body.error.field, 'archive');
  t.match(r.body.error.message, /db\/hotline\.db does not match its checksum/);

  const truncated = await upload(archive.subarray(0, Math.floor(archive.length * 0.6)));
  r = await restore(truncated);
  t.equal(r.status, 400);
  t.equal(r.body.error.field, 'archive');

  t.equal((await restore('../hotline.db.tar.gz')).status, 404, 'a path is not an archive name');
  // nothing of the refused archives reached the box: it still has none of A's seats
  t.same((await b.api.get('/api/v1/seats')).items, []);
});

t.test(
  'the backup restores on the fresh box with everything, migrated and loaded into Asterisk',
  async (t) => {
    const cookie = await loginCookie(b!.stack.hotlined.url, b!.stack.admin.username, b!.stack.admin.password);
    const r0 = await fetch(`${b!.stack.hotlined.url}/api/v1/backup/archives/upload`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/gzip' },
      body: archive as unknown as BodyInit,
    });
    const name = ((await r0.json()) as any).name;
    const exited = new Promise<void>((resolve) => b!.stack.hotlined.onExit(() => resolve()));
    const r = await b!.api.req('POST', `/api/v1/backup/archives/${name}/restore`, { passphrase: PASS });
    t.equal(r.status, 202);
    t.equal(r.body.restarting, true);
    await exited; // systemd's part on the box: start it again
    await b!.stack.hotlined.start();
    // the restored users: A's admin signs in on B
    const api = await login(b!.stack.hotlined.url, a.stack.admin.username, a.stack.admin.password);
    const after = await picture(api);
    for (const k of ['seats', 'trunks', 'queues', 'agents', 'ivrs', 'inbound', 'prompts', 'audio'] as const) {
      t.same(after[k], before[k], k);
    }
    const cdrIds = (x: typeof before) => x.cdrs.map((c: any) => c.id).sort();
    t.ok(before.cdrs.length > 0);
    t.same(
      cdrIds(after).filter((id: number) => cdrIds(before).includes(id)),
      cdrIds(before),
      'every CDR',
    );
    const endpoints = await b!.stack.box.cli('pjsip show endpoints');
    t.match(endpoints, /1003/, "B's Asterisk got the restored seats");
    t.match(endpoints, /1004/);
    const audit = await api.get('/api/v1/audit?entity=backup');
    t.ok(
      audit.items.some((x: any) => x.action === 'restored'),
      'the restore is audited in the restored database',
    );
  },
);

t.test('the support bundle holds versions, health and config but no secret', async (t) => {
  const res = await a.api.fetch('/api/v1/backup/support-bundle');
  t.equal(res.status, 200);
  const gz = Buffer.from(await res.arrayBuffer());
  const list = await members(gz);
  const names = list.map((m) => m.name);
  for (const n of ['versions.json', 'health.json', 'settings.json', 'database.json', 'logs/hotlined.log'])
    t.ok(names.includes(n), n);
  t.ok(
    names.some((n) => n.startsWith('config/asterisk-generated/')),
    'the generated config',
  );
  const all = gunzipSync(gz);
  for (const seat of before.seats)
    t.notOk(all.includes(Buffer.from(seat.secret)), `no secret of seat ${seat.extension}`);
  t.notOk(all.includes(Buffer.from(a.stack.box.ami.secret)), 'no AMI secret');
  t.notOk(all.includes(Buffer.from(a.stack.box.ari.password)), 'no ARI password');
  t.equal((await login(a.stack.hotlined.url, a.stack.admin.username, a.stack.admin.password)) !== null, true);
});

/** The members of a tar.gz, in order. */
async function members(gz: Buffer): Promise<{ name: string; body: Buffer }[]> {
  const ex = tar.extract();
  const out: { name: string; body: Buffer }[] = [];
  const done = (async () => {
    for await (const e of ex) {
      const parts: Buffer[] = [];
      for await (const c of e) parts.push(c as Buffer);
      out.push({ name: e.header.name, body: Buffer.concat(parts) });
    }
  })();
  ex.end(gunzipSync(gz));
  await done;
  return out;
}

/** An archive with these members (the test's forgeries). */
async function repack(list: { name: string; body: Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const m of list) pack.entry({ name: m.name }, m.body);
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const c of pack) parts.push(c as Buffer);
  return gzipSync(Buffer.concat(parts));
}
