import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { type Api, anonymous, loginCookie, until } from '../../dev/api-client.js';
import { type CarrierInstance, startCarrier } from '../../dev/rig-carrier.js';
import type { PhonesInstance } from '../../dev/rig-phones.js';
import { type Stack, startStack } from '../../dev/stack.js';
import type { Ami } from '../../src/asterisk/ami.js';
import { rms, soxWav } from '../support/audio.js';
import { carrierCall, rigAmi } from '../support/phones.js';
import { header, partBytes, smtpServer } from '../support/smtp-server.js';
import { carrierTrunkBody, noCallsUp, seatsWithPhones, uploadPrompt } from '../support/stack.js';

/**
 * Voicemail and announcements with real calls:
 * (a) phone 1002 calls seat 1001, which has no phone registered: the box
 *     sends the call to 1001's mailbox, the caller "talks" (plays a sound
 *     file) and the message shows up in the API for 1001's user only, and
 *     reaches the user's e-mail (a real SMTP server) with the recording;
 * (b) a Mandarin text prompt is synthesized, an announcement plays it, the
 *     carrier calls a DID routed to it and records what it hears; the
 *     recording's RMS amplitude is compared with a call to a silent prompt.
 */
let stack: Stack;
let api: Api;
let adminCookie: string;
let phones: PhonesInstance;
let phonesAmi: Ami;
let boxAmi: Ami;
let carrier: CarrierInstance | undefined;
let carrierAmi: Ami | undefined;
const fx = mkdtempSync(path.join(tmpdir(), 'hotline-pv-int-'));

t.before(async () => {
  stack = await startStack({ logLevel: 'warn' });
  adminCookie = await loginCookie(stack.hotlined.url, stack.admin.username, stack.admin.password);
  api = anonymous(stack.hotlined.url, { cookie: adminCookie });
  // only 1002 has a phone: calls to 1001 go unanswered, into its mailbox
  ({ phones } = await seatsWithPhones(
    stack,
    api,
    [
      { extension: '1001', name: '客服一组, 张伟', voicemail: true },
      { extension: '1002', name: 'Li Na', voicemail: true },
    ],
    ['1002'],
  ));
  phonesAmi = await rigAmi(phones);
  boxAmi = await rigAmi({ ports: { ami: stack.box.ports.ami }, ami: stack.box.ami });
});

t.teardown(async () => {
  await carrierAmi?.stop();
  await carrier?.destroy();
  await boxAmi?.stop();
  await phonesAmi?.stop();
  await stack?.stop();
  rmSync(fx, { recursive: true, force: true });
});

/** An agent user linked to `seat`, logged in; its session cookie. */
async function agent(username: string, seat: string): Promise<string> {
  const password = 'correct horse battery';
  const u = await api.req('POST', '/api/v1/users', { username, role: 'agent', password });
  if (u.status !== 201) throw new Error(`user: ${u.status} ${JSON.stringify(u.body)}`);
  const p = await api.req('PATCH', `/api/v1/users/${u.body.user.id}`, { seatExtension: seat });
  if (p.status !== 200) throw new Error(`link: ${p.status} ${JSON.stringify(p.body)}`);
  return loginCookie(stack.hotlined.url, username, password);
}

t.test('the seat mailboxes are loaded by app_voicemail and the phone endpoint carries MWI', async (t) => {
  const users = await stack.box.cli('voicemail show users for default');
  t.match(users, /1001\s+客服一组 张伟/, 'mailbox 1001 with its name made safe');
  t.match(users, /1002\s+Li Na/);
  t.match(await stack.box.cli('pjsip show endpoint 1001'), /mailboxes\s*:\s*1001@default/);
});

t.test(
  'a caller leaves a voicemail for 1001; its user downloads it and gets it by e-mail, another agent cannot',
  async (t) => {
    const smtp = await smtpServer(t);
    const settings = await api.req('PUT', '/api/v1/mail/settings', {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      fromAddress: 'hotline@example.org',
      fromName: '客服中心',
    });
    t.equal(settings.status, 200, JSON.stringify(settings.body));
    const ownerCookie = await agent('zhangwei', '1001');
    const owner = anonymous(stack.hotlined.url, { cookie: ownerCookie });
    const me = (await api.req('GET', '/api/v1/users?q=zhangwei')).body.items[0];
    t.equal(
      (await api.req('PATCH', `/api/v1/users/${me.id}`, { email: 'zhangwei@example.org' })).status,
      200,
    );
    const on = await owner.req('PUT', '/api/v1/voicemail/1001/email', { enabled: true });
    t.equal(on.status, 200, JSON.stringify(on.body));
    t.match(on.body, { enabled: true, address: null, to: 'zhangwei@example.org' }, 'the owner’s address');
    const other = anonymous(stack.hotlined.url, { cookie: await agent('lina', '1002') });
    t.equal((await owner.get('/api/v1/voicemail?extension=1001')).total, 0);
    // 1002 calls 1001 and "talks": plays a 16 s sound file into the call, then hangs up
    await phonesAmi.action('Originate', {
      Channel: 'PJSIP/1001@phone-1002',
      Application: 'Playback',
      Data: 'tt-monkeys',
      Async: 'true',
      Timeout: 20000,
    });
    const list = await until(
      'the message listed in the API',
      async () => {
        const r = await owner.get('/api/v1/voicemail?extension=1001');
        return r.total > 0 ? r : null;
      },
      60_000,
    );
    const msg = list.items[0];
    t.match(msg, { extension: '1001', folder: 'INBOX', callerNumber: '1002' });
    t.ok(msg.durationSeconds >= 2, `message lasts ${msg.durationSeconds} s`);
    t.ok(Date.now() - Date.parse(msg.receivedAt) < 120_000, 'received just now');

    const audio = await fetch(`${stack.hotlined.url}${msg.audio}`, { headers: { cookie: ownerCookie } });
    t.equal(audio.status, 200);
    t.equal(audio.headers.get('content-type'), 'audio/wav');
    const file = path.join(fx, 'vm.wav');
    writeFileSync(file, Buffer.from(await audio.arrayBuffer()));
    const level = rms(file);
    t.comment(`voicemail message RMS amplitude ${level.toFixed(4)}`);
    t.ok(level > 0.01, `the message holds what the caller said (RMS ${level.toFixed(4)})`);

    // the message-waiting event mails it: Chinese subject intact, the WAV as stored
    const mail = await until('the voicemail e-mail received', async () => smtp.received[0], 30_000);
    t.same(
      mail.session.envelope.rcptTo.map((r) => r.address),
      ['zhangwei@example.org'],
    );
    const subject = header(mail.raw, 'Subject');
    t.comment(`subject: ${subject}`);
    t.equal(
      subject,
      `新语音留言：${msg.callerName ? `1002（${msg.callerName}）` : '1002'}，${msg.durationSeconds} 秒`,
      'the Chinese subject intact: caller and duration',
    );
    t.same(
      partBytes(mail.raw, 'audio/wav'),
      readFileSync(file),
      'the attachment is the message’s WAV, byte for byte',
    );
    const outbox = (await api.req('GET', '/api/v1/mail/outbox?reason=voicemail')).body.items;
    t.match(outbox, [
      { status: 'sent', attachments: [{ contentType: 'audio/wav', size: statSync(file).size }] },
    ]);

    const denied = await other.req('GET', msg.audio);
    t.equal(denied.status, 403, 'another agent is refused the audio');
    t.equal((await other.req('GET', '/api/v1/voicemail?extension=1001')).status, 403, 'and the list');

    // message waiting: app_voicemail counts the new message for the seat's mailbox
    const count = await boxAmi.action('MailboxCount', { Mailbox: '1001@default' });
    t.equal(count.NewMessages, '1', 'MailboxCount shows one new message for 1001');

    t.equal((await owner.req('DELETE', `/api/v1/voicemail/1001/${msg.msgId}`)).status, 204);
    t.equal((await owner.get('/api/v1/voicemail?extension=1001')).total, 0);
    await until('MWI cleared after the delete', async () => {
      const c = await boxAmi.action('MailboxCount', { Mailbox: '1001@default' });
      return c.NewMessages === '0';
    });
  },
);

t.test('a Chinese text prompt played by an announcement reaches the caller, not silence', async (t) => {
  carrier = await startCarrier({ root: stack.root, runId: stack.runId, boxSipPort: stack.box.ports.sip });
  carrierAmi = await rigAmi(carrier);
  const tts = await api.post('/api/v1/prompts', {
    name: '欢迎语',
    text: '您好，欢迎致电客服中心',
    language: 'zh',
  });
  t.ok(tts.durationMs > 1500, `speech lasts ${tts.durationMs} ms`);
  const silence = soxWav(path.join(fx, 'silence.wav'), ['trim', '0', '4']);
  const silentPrompt = await uploadPrompt(stack, adminCookie, '静音', readFileSync(silence));
  const speech = await api.post('/api/v1/announcements', {
    name: '欢迎',
    promptId: tts.id,
  });
  const silent = await api.post('/api/v1/announcements', { name: '静音', promptId: silentPrompt.id });
  t.match(
    await stack.box.cli(`dialplan show hotline-announcement-${speech.id}`),
    `Playback(${tts.playback})`,
  );

  // the carrier reaches the box through helper A's trunk and helper B's inbound routes
  await until(
    'carrier trunk created',
    async () => {
      const r = await api.req('POST', '/api/v1/trunks', carrierTrunkBody(carrier!));
      if (r.status === 201 || r.status === 409) return true;
      if (r.status === 404) return false;
      throw new Error(`trunk: ${r.status} ${JSON.stringify(r.body)}`);
    },
    20 * 60_000,
  );
  for (const [did, id] of [
    ['95566', speech.id],
    ['95567', silent.id],
  ]) {
    await until(
      `inbound route ${did}`,
      async () => {
        const r = await api.req('POST', '/api/v1/inbound-routes', {
          did,
          destination: { type: 'announcement', announcementId: id },
        });
        if (r.status === 201) return true;
        if (r.status === 404) return false;
        throw new Error(`route: ${r.status} ${JSON.stringify(r.body)}`);
      },
      20 * 60_000,
    );
  }

  const heard = await recordCall('95566', 'speech');
  const quiet = await recordCall('95567', 'silence');
  t.comment(`RMS amplitude: announcement ${heard.toFixed(4)}, silent reference ${quiet.toFixed(4)}`);
  t.ok(heard > 0.02, `the announcement is audible (RMS ${heard.toFixed(4)})`);
  t.ok(heard > quiet * 10 + 0.005, `well above the silent call (RMS ${quiet.toFixed(4)})`);

  const del = await api.req('DELETE', `/api/v1/prompts/${tts.id}`);
  t.equal(del.status, 409, 'the prompt in use cannot be deleted');
  const delAnn = await api.req('DELETE', `/api/v1/announcements/${speech.id}`);
  t.equal(delAnn.status, 409, 'an announcement an inbound route sends calls to cannot be deleted');
});

/** The carrier calls `did` and records what it hears; the recording's RMS amplitude. */
async function recordCall(did: string, name: string): Promise<number> {
  await noCallsUp(stack.box);
  await carrierCall(carrierAmi!, { did, callerId: '01088886666', seconds: 15, recordFile: name });
  const file = carrier!.hostPath(`rec/${name}.wav`);
  await until('the call answered', async () => existsSync(file), 20_000);
  // the box hangs up after the prompt; MixMonitor closes the file with the channel
  await noCallsUp(carrier!);
  await until('the recording complete', async () => statSync(file).size > 44, 5_000);
  return rms(file);
}
