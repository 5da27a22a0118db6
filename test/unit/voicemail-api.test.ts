import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { soxWav } from '../support/audio.js';
import { startPromptsApp } from '../support/prompts-app.js';

/** A message as app_voicemail leaves it: msgNNNN.txt + msgNNNN.wav in <spool>/voicemail/default/<ext>/<folder>. */
function leaveMessage(
  app: Awaited<ReturnType<typeof startPromptsApp>>,
  ext: string,
  n: number,
  from: string,
  at: number,
  folder = 'INBOX',
) {
  const dir = app.host(`/var/spool/asterisk/voicemail/default/${ext}/${folder}`);
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `msg${String(n).padStart(4, '0')}`);
  writeFileSync(
    `${base}.txt`,
    `;\n; Message Information file\n;\n[message]\norigmailbox=${ext}\ncallerid="${from}" <${from}>\norigtime=${at}\nmsg_id=${at}-0000000${n}\nduration=3\n`,
  );
  soxWav(`${base}.wav`, ['synth', '3', 'sine', '300']);
  return { id: `${at}-0000000${n}`, wav: `${base}.wav` };
}

async function setup(t: Parameters<typeof startPromptsApp>[0]) {
  const app = await startPromptsApp(t);
  const cookie = app.adminCookie;
  for (const [extension, name, voicemail] of [
    ['1001', '客服一组, 张伟', true],
    ['1002', 'Li Na', true],
    ['1003', 'No Mail', false],
  ] as const) {
    const s = await app.call('POST', '/api/v1/seats', { body: { extension, name, voicemail }, cookie });
    if (s.status !== 201) throw new Error(`seat: ${s.status} ${s.body}`);
  }
  return { app, cookie };
}

t.test('seats with voicemail get a mailbox with a random 6-digit PIN and a safe name', async (t) => {
  const { app } = await setup(t);
  const conf = app.generated('voicemail_seats.conf') ?? '';
  t.match(conf, /^1001 => [0-9]{6},客服一组 张伟$/m, 'the comma in the seat name is not a field separator');
  t.match(conf, /^1002 => [0-9]{6},Li Na$/m);
  t.notMatch(conf, /^1003 /m, 'no voicemail, no mailbox');
  const pin1001 = /^1001 => ([0-9]{6})/m.exec(conf)?.[1];
  const r = await app.call('GET', '/api/v1/voicemail/1001/pin', { cookie: app.adminCookie });
  t.same(r.json, { extension: '1001', pin: pin1001 }, 'the API shows the PIN the file holds');
});

t.test(
  'an agent linked to seat 1001 lists, hears and deletes its messages; another agent gets 403',
  async (t) => {
    const { app, cookie } = await setup(t);
    const m1 = leaveMessage(app, '1001', 0, '1002', 1718093702);
    const m2 = leaveMessage(app, '1001', 0, '13800138000', 1718000000, 'Old');
    leaveMessage(app, '1002', 0, '1001', 1718093800);
    const owner = await app.userCookie('zhangwei', 'agent', '1001');
    const other = await app.userCookie('lina', 'agent', '1002');
    const loose = await app.userCookie('nobody', 'agent');

    const mine = await app.call('GET', '/api/v1/voicemail?extension=1001', { cookie: owner });
    t.equal(mine.status, 200);
    t.equal(mine.json.total, 2);
    t.match(mine.json.items[0], {
      msgId: m1.id,
      extension: '1001',
      folder: 'INBOX',
      callerNumber: '1002',
      durationSeconds: 3,
      receivedAt: new Date(1718093702000).toISOString(),
      audio: `/api/v1/voicemail/1001/${m1.id}/audio`,
    });
    t.match(mine.json.items[1], { msgId: m2.id, folder: 'Old', callerNumber: '13800138000' });
    t.equal(
      (await app.call('GET', '/api/v1/voicemail', { cookie: owner })).json.total,
      2,
      'no extension: own mailbox',
    );

    const audio = await app.call('GET', `/api/v1/voicemail/1001/${m1.id}/audio`, { cookie: owner });
    t.equal(audio.status, 200);
    t.equal(audio.headers.get('content-type'), 'audio/wav');
    t.same(audio.body, readFileSync(m1.wav));

    for (const [method, p] of [
      ['GET', '/api/v1/voicemail?extension=1001'],
      ['GET', `/api/v1/voicemail/1001/${m1.id}/audio`],
      ['DELETE', `/api/v1/voicemail/1001/${m1.id}`],
      ['GET', '/api/v1/voicemail/1001/pin'],
    ] as const) {
      t.equal((await app.call(method, p, { cookie: other })).status, 403, `other agent: ${method} ${p}`);
      t.equal((await app.call(method, p, { cookie: loose })).status, 403, `unlinked agent: ${method} ${p}`);
    }
    t.equal((await app.call('GET', '/api/v1/voicemail', { cookie: loose })).status, 403);

    const all = await app.call('GET', '/api/v1/voicemail', { cookie });
    t.equal(all.json.total, 3, 'the admin sees every mailbox');

    t.equal((await app.call('DELETE', `/api/v1/voicemail/1001/${m1.id}`, { cookie: owner })).status, 204);
    t.notOk(existsSync(m1.wav), 'audio gone');
    t.equal((await app.call('GET', '/api/v1/voicemail?extension=1001', { cookie: owner })).json.total, 1);
    t.equal((await app.call('GET', `/api/v1/voicemail/1001/${m1.id}/audio`, { cookie: owner })).status, 404);
    t.ok(app.amiActions.includes('VoicemailRefresh'), 'MWI refresh asked for after a delete');
  },
);

t.test(
  'the PIN is changed by the owner or an admin, validated, and written to the mailbox file',
  async (t) => {
    const { app, cookie } = await setup(t);
    const owner = await app.userCookie('zhangwei', 'agent', '1001');
    const ok = await app.call('PUT', '/api/v1/voicemail/1001/pin', {
      body: { pin: '135790' },
      cookie: owner,
    });
    t.equal(ok.status, 200);
    t.match(app.generated('voicemail_seats.conf'), /^1001 => 135790,/m);
    const before = app.generated('voicemail_seats.conf');
    for (const pin of ['12', '1234\n1002 => 0000', '12,34', 'abcd', '${X}', '1'.repeat(10_000)]) {
      const r = await app.call('PUT', '/api/v1/voicemail/1001/pin', { body: { pin }, cookie });
      t.equal(r.status, 400);
      t.equal(r.json.error.field, 'pin');
    }
    const extra = await app.call('PUT', '/api/v1/voicemail/1001/pin', {
      body: { pin: '1234', x: 1 },
      cookie,
    });
    t.equal(extra.json.error.field, 'x');
    const badExt = await app.call('PUT', '/api/v1/voicemail/10;01/pin', { body: { pin: '1234' }, cookie });
    t.equal(badExt.json.error.field, 'extension');
    t.equal(app.generated('voicemail_seats.conf'), before, 'byte-identical after every refusal');
  },
);

t.test('users link to a seat through PATCH /users/:id { seatExtension }', async (t) => {
  const { app, cookie } = await setup(t);
  const u = await app.call('POST', '/api/v1/users', {
    body: { username: 'x1', role: 'agent', password: 'correct horse battery' },
    cookie,
  });
  t.equal(u.json.user.seatExtension, null);
  for (const seatExtension of ['10;01', '1001\n', 1001, '${EXTEN}']) {
    const r = await app.call('PATCH', `/api/v1/users/${u.json.user.id}`, { body: { seatExtension }, cookie });
    t.equal(r.status, 400);
    t.equal(r.json.error.field, 'seatExtension');
  }
  const linked = await app.call('PATCH', `/api/v1/users/${u.json.user.id}`, {
    body: { seatExtension: '1001' },
    cookie,
  });
  t.equal(linked.json.user.seatExtension, '1001');
  const unlinked = await app.call('PATCH', `/api/v1/users/${u.json.user.id}`, {
    body: { seatExtension: null },
    cookie,
  });
  t.equal(unlinked.json.user.seatExtension, null);
});

t.test('hostile message ids and extensions are 400 naming the field', async (t) => {
  const { app, cookie } = await setup(t);
  const r1 = await app.call('GET', '/api/v1/voicemail/1001/..%2F..%2Fetc/audio', { cookie });
  t.equal(r1.status, 400);
  t.equal(r1.json.error.field, 'msgId');
  const r2 = await app.call('GET', '/api/v1/voicemail?extension=1001%0A', { cookie });
  t.equal(r2.json.error.field, 'extension');
  const r3 = await app.call('GET', '/api/v1/voicemail/9999/x/audio', { cookie });
  t.equal(r3.status, 404);
});
