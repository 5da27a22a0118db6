import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { type Api, loginCookie, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import type { Stack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { rms } from '../support/audio.js';
import { rigAmi } from '../support/phones.js';
import { adminStack, carrierTrunkBody, noCallsUp, seatsWithPhones } from '../support/stack.js';

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

t.before(async () => {
  ({ stack, api } = await adminStack());
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  adminCookie = await loginCookie(stack.hotlined.url, stack.admin.username, stack.admin.password);
  const recordings = [
    ['1003', 'always'],
    ['1007', 'always'],
    ['1008', 'on_demand'],
    ['1009', 'on_demand'],
  ] as const;
  const created = await seatsWithPhones(
    stack,
    api,
    recordings.map(([extension, recording]) => ({ extension, recording })),
  );
  for (const [i, [extension, recording]] of recordings.entries())
    t.equal(created.seats[i].recording, recording, `seat ${extension} records ${recording}`);
  phones = created.phones;
  phonesAmi = await rigAmi(phones);
  // phone 1007 rings and never answers
  await phoneAnswers('1007', [
    ['Ringing', ''],
    ['Wait', '60'],
  ]);
  // phone 1009 answers and dials *1 (the on-demand recording code) a second later
  await phoneAnswers('1009', [
    ['Answer', ''],
    ['Wait', '1'],
    ['SendDTMF', '*1'],
    ['Echo', ''],
  ]);
  await until(
    'carrier trunk created',
    async () => {
      const r = await api.req('POST', '/api/v1/trunks', carrierTrunkBody(carrier));
      return r.status === 201 || r.status === 409;
    },
    60_000,
  );
  const noHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
  const closed = await api.post('/api/v1/schedules', {
    name: '下班',
    timeZone: 'Asia/Shanghai',
    weekly: noHours,
  });
  // DID 555<ext> rings seat <ext>
  for (const extension of ['1003', '1007', '1008', '1009'])
    await api.post('/api/v1/inbound-routes', {
      did: `555${extension}`,
      destination: { type: 'seat', extension },
    });
  await api.post('/api/v1/inbound-routes', {
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

const idle = () => noCallsUp(stack.box);

/** What phone `extension` does when called: an exact extension wins over the phones' _X. auto-answer. */
async function phoneAnswers(extension: string, steps: [app: string, data: string][]): Promise<void> {
  for (const [i, [app, data]] of steps.entries()) {
    await phonesAmi.action('DialplanExtensionAdd', {
      Context: 'phone-answers',
      Extension: extension,
      Priority: i + 1,
      Application: app,
      ApplicationData: data,
    });
  }
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
    const agentCookie = await loginCookie(stack.hotlined.url, 'agent7', 'correct horse battery');
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
