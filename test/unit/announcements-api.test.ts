// biome-ignore-all lint/suspicious/noThenProperty: `then` (what follows the prompt) is the API's field name from the issue-3 contract; it always holds a destination object, never a function, so nothing treats it as a thenable.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { soxWav } from '../support/audio.js';
import { startPromptsApp } from '../support/prompts-app.js';

const fx = mkdtempSync(path.join(tmpdir(), 'hotline-ann-fx-'));
t.teardown(() => rmSync(fx, { recursive: true, force: true }));
const tone = readFileSync(soxWav(path.join(fx, 'tone.wav'), ['synth', '1', 'sine', '440']));

async function setup(t: Parameters<typeof startPromptsApp>[0]) {
  const app = await startPromptsApp(t);
  const cookie = app.adminCookie;
  for (const [extension, voicemail] of [
    ['1001', true],
    ['1002', false],
  ] as const) {
    const s = await app.call('POST', '/api/v1/seats', {
      body: { extension, name: `seat ${extension}`, voicemail },
      cookie,
    });
    if (s.status !== 201) throw new Error(`seat: ${s.status} ${s.body}`);
  }
  const p = await app.call('POST', '/api/v1/prompts?name=hello', {
    raw: tone,
    contentType: 'audio/wav',
    cookie,
  });
  return { app, cookie, promptId: p.json.id as number };
}

t.test('an announcement plays its prompt, then goes where `then` says', async (t) => {
  const { app, cookie, promptId } = await setup(t);
  const a = await app.call('POST', '/api/v1/announcements', {
    body: { name: '欢迎', promptId, then: { type: 'seat', extension: '1001' } },
    cookie,
  });
  t.equal(a.status, 201, a.body.toString());
  t.match(a.json, { name: '欢迎', promptId, then: { type: 'seat', extension: '1001' } });
  t.equal(a.json.context, `hotline-announcement-${a.json.id}`);
  const conf = app.generated('extensions_announcements.conf') ?? '';
  t.match(conf, `[hotline-announcement-${a.json.id}]\nexten => s,1,Answer()`);
  t.match(conf, `Playback(/var/lib/asterisk/sounds/hotline/${promptId})`);
  t.match(conf, 'Gosub(hotline-call-seat,s,1(1001,30))');

  const hangup = await app.call('POST', '/api/v1/announcements', { body: { name: 'bye', promptId }, cookie });
  t.same(hangup.json.then, { type: 'hangup' }, 'then defaults to hangup');

  const upd = await app.call('PATCH', `/api/v1/announcements/${a.json.id}`, {
    body: { then: { type: 'voicemail', extension: '1001' } },
    cookie,
  });
  t.equal(upd.status, 200);
  t.match(app.generated('extensions_announcements.conf'), 'VoiceMail(1001@default,u)');

  const list = await app.call('GET', '/api/v1/announcements', { cookie });
  t.equal(list.json.total, 2);
  t.equal((await app.call('DELETE', `/api/v1/announcements/${hangup.json.id}`, { cookie })).status, 204);
  t.notMatch(app.generated('extensions_announcements.conf'), `hotline-announcement-${hangup.json.id}]`);
});

t.test(
  'hostile or dangling input is refused with 400 naming the field; the dialplan stays byte-identical',
  async (t) => {
    const { app, cookie, promptId } = await setup(t);
    const ok = await app.call('POST', '/api/v1/announcements', { body: { name: 'ok', promptId }, cookie });
    const before = app.generated('extensions_announcements.conf');
    const cases: [unknown, string][] = [
      [{ name: 'x\n[hotline-seats]', promptId }, 'name'],
      [{ name: 'x'.repeat(10_000), promptId }, 'name'],
      [{ name: 'x', promptId: '1;System(id)' }, 'promptId'],
      [{ name: 'x', promptId: 999 }, 'promptId'],
      [{ name: 'x', promptId, then: { type: 'seat', extension: '1001,1,System(id)' } }, 'then.extension'],
      [{ name: 'x', promptId, then: { type: 'seat', extension: '${EXTEN}' } }, 'then.extension'],
      [{ name: 'x', promptId, then: { type: 'seat', extension: '4321' } }, 'then.extension'],
      [{ name: 'x', promptId, then: { type: 'voicemail', extension: '1002' } }, 'then.extension'],
      [{ name: 'x', promptId, then: { type: 'announcement', announcementId: 999 } }, 'then.announcementId'],
      [{ name: 'x', promptId, then: { type: 'queue', queueId: 1 } }, 'then.queueId'],
      [{ name: 'x', promptId, then: { type: 'System' } }, 'then.type'],
      [{ name: 'x', promptId, app: 'System(id)' }, 'app'],
    ];
    for (const [body, field] of cases) {
      const r = await app.call('POST', '/api/v1/announcements', { body, cookie });
      t.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
      t.equal(r.json?.error?.field, field, JSON.stringify(body).slice(0, 80));
    }
    const self = await app.call('PATCH', `/api/v1/announcements/${ok.json.id}`, {
      body: { then: { type: 'announcement', announcementId: ok.json.id } },
      cookie,
    });
    t.equal(self.status, 400, 'an announcement cannot loop to itself');
    t.equal(self.json.error.field, 'then.announcementId');
    t.equal(app.generated('extensions_announcements.conf'), before, 'byte-identical after every refusal');
  },
);

t.test('an announcement another one goes on to cannot be deleted', async (t) => {
  const { app, cookie, promptId } = await setup(t);
  const a = await app.call('POST', '/api/v1/announcements', { body: { name: 'first', promptId }, cookie });
  const b = await app.call('POST', '/api/v1/announcements', {
    body: { name: 'second', promptId, then: { type: 'announcement', announcementId: a.json.id } },
    cookie,
  });
  const del = await app.call('DELETE', `/api/v1/announcements/${a.json.id}`, { cookie });
  t.equal(del.status, 409);
  t.match(del.json.error.message, `announcement ${b.json.id} "second"`);
});

t.test('supervisors read announcements; agents and supervisors cannot change them', async (t) => {
  const { app, promptId } = await setup(t);
  const sup = await app.userCookie('sup', 'supervisor');
  const agent = await app.userCookie('agent', 'agent');
  t.equal((await app.call('GET', '/api/v1/announcements', { cookie: sup })).status, 200);
  t.equal((await app.call('GET', '/api/v1/announcements', { cookie: agent })).status, 403);
  const body = { name: 'x', promptId };
  t.equal((await app.call('POST', '/api/v1/announcements', { body, cookie: sup })).status, 403);
});
