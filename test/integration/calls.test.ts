import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { type Api, login, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import { type Stack, startStack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { rigAmi } from '../support/phones.js';

/**
 * Per-call records and recordings with real calls from the carrier:
 * (a) DID → seat 1003 (recording policy always), the phone answers, the
 *     carrier plays a 3 s sound and hangs up: one calls row with the DID,
 *     caller, agent, talk time ≈ 3 s, outcome answered, and a recording that
 *     is on disk, downloadable by an admin only, and not silent;
 * (b) DID → a schedule that is closed now → voicemail: outcome after_hours;
 * (c) DID → seat 1007, whose phone rings and never answers; the carrier gives
 *     up after 3 s: outcome missed, not answered, no recording;
 * (d) seats 1008 and 1009 record on demand: the caller dialling *1 into
 *     1008 records nothing; 1009's phone dialling *1 records the rest of the call.
 */
const CALLER = '01088886666';
let stack: Stack;
let carrier: CarrierInstance;
let carrierAmi: Ami;
let phones: PhonesInstance;
let phonesAmi: Ami;
let api: Api;
let adminCookie: string;
const fx = mkdtempSync(path.join(tmpdir(), 'hotline-calls-int-'));

async function loginCookie(username: string, password: string): Promise<string> {
  const res = await fetch(`${stack.hotlined.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function post(p: string, body: unknown) {
  const r = await api.req('POST', p, body);
  if (r.status !== 201) throw new Error(`${p}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

t.before(async () => {
  stack = await startStack({ logLevel: 'warn' });
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  api = await login(stack.hotlined.url, stack.admin.username, stack.admin.password);
  adminCookie = await loginCookie(stack.admin.username, stack.admin.password);
  const accounts = [];
  for (const [extension, recording] of [
    ['1003', 'always'],
    ['1007', 'always'],
    ['1008', 'on_demand'],
    ['1009', 'on_demand'],
  ] as const) {
    const s = await post('/api/v1/seats', { extension, name: `坐席 ${extension}`, recording });
    t.equal(s.recording, recording, `seat ${extension} records ${recording}`);
    accounts.push({ extension, secret: s.secret as string });
  }
  phones = await stack.startPhones(accounts);
  phonesAmi = await rigAmi(phones);
  // phone 1007 rings and never answers: an exact extension wins over the phones' _X. auto-answer
  for (const [priority, app, data] of [
    [1, 'Ringing', ''],
    [2, 'Wait', '60'],
  ] as const) {
    await phonesAmi.action('DialplanExtensionAdd', {
      Context: 'phone-answers',
      Extension: '1007',
      Priority: priority,
      Application: app,
      ApplicationData: data,
    });
  }
  // phone 1009 answers and dials *1 (the on-demand recording code) a second later
  for (const [priority, app, data] of [
    [1, 'Answer', ''],
    [2, 'Wait', '1'],
    [3, 'SendDTMF', '*1'],
    [4, 'Echo', ''],
  ] as const) {
    await phonesAmi.action('DialplanExtensionAdd', {
      Context: 'phone-answers',
      Extension: '1009',
      Priority: priority,
      Application: app,
      ApplicationData: data,
    });
  }
  await until(
    'phones registered',
    async () => {
      const list = await api.get('/api/v1/seats');
      return list.items.filter((s: any) => s.registration.registered).length === 4;
    },
    30_000,
  );
  await until(
    'carrier trunk created',
    async () => {
      const r = await api.req('POST', '/api/v1/trunks', {
        kind: 'sip',
        name: 'carrier',
        host: '127.0.0.2',
        port: carrier.ports.sip,
        auth: 'ip',
      });
      return r.status === 201 || r.status === 409;
    },
    60_000,
  );
  const noHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  const closed = await post('/api/v1/schedules', {
    name: '下班',
    timeZone: 'Asia/Shanghai',
    weekly: noHours,
  });
  await post('/api/v1/inbound-routes', { did: '5551003', destination: { type: 'seat', extension: '1003' } });
  await post('/api/v1/inbound-routes', { did: '5551007', destination: { type: 'seat', extension: '1007' } });
  await post('/api/v1/inbound-routes', { did: '5551008', destination: { type: 'seat', extension: '1008' } });
  await post('/api/v1/inbound-routes', { did: '5551009', destination: { type: 'seat', extension: '1009' } });
  await post('/api/v1/inbound-routes', {
    did: '5552000',
    destination: {
      type: 'schedule',
      scheduleId: closed.id,
      open: { type: 'seat', extension: '1003' },
      closed: { type: 'voicemail', extension: '1003' },
    },
  });
  carrierAmi = await rigAmi(carrier);
});

t.teardown(async () => {
  await carrierAmi?.stop();
  await phonesAmi?.stop();
  await carrier?.destroy();
  await stack?.stop();
  void phones;
  rmSync(fx, { recursive: true, force: true });
});

async function idle(): Promise<void> {
  await until(
    'no calls up',
    async () => /^0 active channels/m.test(await stack.box.cli('core show channels count')),
    30_000,
  );
}

/** The carrier calls `did` and plays `sound` once answered, then hangs up; gives up unanswered after timeoutMs. */
async function carrierPlays(did: string, sound: string, timeoutMs = 20_000): Promise<void> {
  await idle();
  await carrierAmi.action('Originate', {
    Channel: `PJSIP/${did}@box`,
    CallerID: `<${CALLER}>`,
    Application: 'Playback',
    Data: sound,
    Async: 'true',
    Timeout: timeoutMs,
  });
}

/** The calls row for `did` once it is there (and stable for a moment: more CDRs may follow). */
async function callTo(did: string): Promise<any> {
  await until('the call over', async () => {
    await idle();
    return true;
  });
  const rows = await until(
    `calls row for ${did}`,
    async () => {
      const r = await api.get(`/api/v1/calls?number=${did}`);
      return r.total > 0 ? r : null;
    },
    30_000,
  );
  await new Promise((r) => setTimeout(r, 2500));
  const again = await api.get(`/api/v1/calls?number=${did}`);
  t.equal(again.total, rows.total, `one row for the call to ${did}, not more as CDRs arrive`);
  return again.items[0];
}

/** RMS amplitude from `sox <file> -n stat` (which prints its figures on stderr). */
function rms(file: string): number {
  const r = spawnSync('/usr/bin/sox', [file, '-n', 'stat'], { encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  const m = /RMS\s+amplitude:\s+([0-9.]+)/.exec(out);
  if (!m?.[1]) throw new Error(`no RMS amplitude in sox stat output: ${out}`);
  return Number(m[1]);
}

t.test(
  'a carrier call answered by seat 1003 (records always): one answered row with its recording',
  async (t) => {
    const dialplan = await stack.box.cli('dialplan show 1003@hotline-seat-recording');
    t.match(dialplan, /hotline-record-start/, 'the seat policy is in the dialplan');
    // tt-weasels lasts about 3 s; the carrier hangs up when it ends
    await carrierPlays('5551003', 'tt-weasels');
    const call = await callTo('5551003');
    t.comment(JSON.stringify(call));
    t.match(call, {
      direction: 'inbound',
      caller: CALLER,
      did: '5551003',
      agent: '1003',
      outcome: 'answered',
      queueId: null,
    });
    t.ok(call.talkSeconds >= 2 && call.talkSeconds <= 5, `talk ${call.talkSeconds} s ≈ 3 s`);
    t.ok(call.waitSeconds !== null && call.waitSeconds <= 3, `rang ${call.waitSeconds} s`);
    t.ok(Math.abs(Date.parse(call.enteredAt) - Date.now()) < 60_000, 'entered just now');
    t.equal(call.recording, `/api/v1/recordings/${call.id}`, 'the call links its recording');

    // the file where the contract says: <spool>/monitor/hotline/<YYYYMMDD>/<linkedid>-<uniqueid>.wav
    const cdrs = (await api.get(`/api/v1/cdrs?number=${CALLER}&limit=10`)).items.filter(
      (c: any) => c.linkedid === call.linkedid,
    );
    const rel = cdrs.map((c: any) => c.recording).find((r: string) => r !== '');
    t.match(rel, new RegExp(`^[0-9]{8}/${call.linkedid.replace('.', '\\.')}-[0-9.]+\\.wav$`));
    const onDisk = path.join(stack.root, stack.box.dirs.spool, 'monitor', 'hotline', rel);
    t.ok(existsSync(onDisk), 'the recording is on disk');

    const res = await fetch(`${stack.hotlined.url}${call.recording}`, { headers: { cookie: adminCookie } });
    t.equal(res.status, 200);
    t.equal(res.headers.get('content-type'), 'audio/wav');
    const file = path.join(fx, 'call.wav');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    t.equal(statSync(file).size, statSync(onDisk).size, 'the download is the whole file');
    const level = rms(file);
    t.comment(`recording RMS amplitude ${level.toFixed(4)}`);
    t.ok(level > 0.01, `the recording holds the conversation (RMS ${level.toFixed(4)})`);

    // an agent without this call is refused; the usage counts the file
    const u = await api.req('POST', '/api/v1/users', {
      username: 'agent7',
      role: 'agent',
      password: 'correct horse battery',
    });
    t.equal(u.status, 201);
    await api.req('PATCH', `/api/v1/users/${u.body.user.id}`, { seatExtension: '1007' });
    const agentCookie = await loginCookie('agent7', 'correct horse battery');
    const denied = await fetch(`${stack.hotlined.url}${call.recording}`, {
      headers: { cookie: agentCookie },
    });
    t.equal(denied.status, 403, 'another agent may not download it');
    const usage = await api.get('/api/v1/recordings/usage');
    t.ok(
      usage.files >= 1 && usage.bytes >= statSync(onDisk).size,
      `usage ${usage.files} files, ${usage.bytes} B`,
    );
  },
);

t.test('a call to a closed schedule (to voicemail) is after hours', async (t) => {
  await carrierPlays('5552000', 'tt-weasels');
  const call = await callTo('5552000');
  t.comment(JSON.stringify(call));
  t.match(call, { did: '5552000', caller: CALLER, outcome: 'after_hours', agent: '', recording: null });
});

t.test('a caller who hangs up while the seat rings is a missed call, not answered', async (t) => {
  await carrierPlays('5551007', 'tt-weasels', 3000);
  const call = await callTo('5551007');
  t.comment(JSON.stringify(call));
  t.match(call, {
    did: '5551007',
    caller: CALLER,
    outcome: 'missed',
    agent: '',
    talkSeconds: 0,
    recording: null,
  });
  t.ok(
    call.waitSeconds >= 2 && call.waitSeconds <= 5,
    `rang ${call.waitSeconds} s before the caller gave up`,
  );
  const missed = await api.get('/api/v1/calls?outcome=missed');
  t.equal(missed.total, 1, 'the outcome filter finds it');
});

t.test(
  'on demand: the caller dialling *1 records nothing, the seat dialling *1 records the call',
  async (t) => {
    // the carrier (the outside caller) sends *1 a second into the call
    await idle();
    await carrierAmi.action('Originate', {
      Channel: 'PJSIP/5551008@box',
      CallerID: `<${CALLER}>`,
      Context: 'carrier-talks',
      Exten: 's',
      Priority: 1,
      Variable: ['TALK_SECONDS=3', 'DTMF=*1', 'DTMF_DELAY=1', 'RECORD_FILE='],
      Async: 'true',
      Timeout: 20000,
    });
    const byCaller = await callTo('5551008');
    t.match(
      byCaller,
      { outcome: 'answered', agent: '1008', recording: null },
      'no recording for the caller’s *1',
    );
    // the phone of seat 1009 dials *1 a second after answering
    await carrierPlays('5551009', 'tt-weasels');
    const bySeat = await callTo('5551009');
    t.comment(JSON.stringify(bySeat));
    t.match(bySeat, { caller: CALLER, outcome: 'answered', agent: '1009' });
    t.equal(bySeat.recording, `/api/v1/recordings/${bySeat.id}`, 'the seat’s *1 recorded the call');
    const res = await fetch(`${stack.hotlined.url}${bySeat.recording}`, { headers: { cookie: adminCookie } });
    t.equal(res.status, 200);
    const file = path.join(fx, 'ondemand.wav');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const level = rms(file);
    t.ok(level > 0.01, `it holds the rest of the call (RMS ${level.toFixed(4)})`);
  },
);

t.test('queue_log lines Asterisk writes are ingested into queue_events', async (t) => {
  const boxAmi = await rigAmi({ ports: { ami: stack.box.ports.ami }, ami: stack.box.ami });
  try {
    // the same logger path app_queue uses: a PAUSE with a Chinese reason for member 1003 of q9
    await boxAmi.action('QueueLog', { Queue: 'q9', Event: 'PAUSE', Interface: '1003', Message: '培训' });
  } finally {
    await boxAmi.stop();
  }
  const db = new Database(path.join(stack.dataDir, 'hotline.db'), { readonly: true, fileMustExist: true });
  try {
    const row = await until(
      'the PAUSE line in queue_events',
      async () =>
        db
          .prepare("SELECT queue, queue_id, agent, event, data1 FROM queue_events WHERE event = 'PAUSE'")
          .get() ?? null,
      15_000,
    );
    t.same(row, { queue: 'q9', queue_id: 9, agent: '1003', event: 'PAUSE', data1: '培训' });
  } finally {
    db.close();
  }
});
