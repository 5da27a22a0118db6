import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { type AudioTools, createAudioTools } from '../../src/prompts/audio.js';
import { PROMPT_FORMAT, soxWav } from '../support/audio.js';
import { startPromptsApp } from '../support/prompts-app.js';

const fixtures = mkdtempSync(path.join(tmpdir(), 'hotline-prompt-fx-'));
t.teardown(() => rmSync(fixtures, { recursive: true, force: true }));
/** A fixture made by sox itself, read back. */
const make = (name: string, format: string[], effects: string[]) =>
  readFileSync(soxWav(path.join(fixtures, name), effects, format));
const tone = make('tone.wav', ['-r', '44100', '-c', '2'], ['synth', '1', 'sine', '440']);
const long = make(
  'long.wav',
  ['-r', '8000', '-c', '1', '-b', '8', '-e', 'unsigned'],
  ['synth', '660', 'sine', '440'],
);
const empty = make('empty.wav', PROMPT_FORMAT, ['trim', '0', '0']);

/** The real tools, counting synthesizer runs. */
function countingTools() {
  const real = createAudioTools();
  const counts = { synthesize: 0 };
  const tools: AudioTools = {
    ...real,
    synthesize: (...a) => {
      counts.synthesize++;
      return real.synthesize(...a);
    },
  };
  return { tools, counts };
}

const uploadUrl = (name: string) => `/api/v1/prompts?name=${encodeURIComponent(name)}`;
/** Uploads `raw` as the prompt `name`, as the admin unless `cookie` says otherwise. */
const upload = (
  app: Awaited<ReturnType<typeof startPromptsApp>>,
  name: string,
  raw: Buffer,
  contentType = 'audio/wav',
  cookie = app.adminCookie,
) => app.call('POST', uploadUrl(name), { raw, contentType, cookie });

t.test('an uploaded WAV is converted to 8 kHz mono and served back', async (t) => {
  const app = await startPromptsApp(t);
  const r = await upload(app, '欢迎语 welcome', tone);
  t.equal(r.status, 201, r.body.toString());
  t.match(r.json, {
    name: '欢迎语 welcome',
    kind: 'upload',
    language: 'zh',
    text: null,
    playback: `/var/lib/asterisk/sounds/hotline/${r.json.id}`,
    usedBy: [],
  });
  t.ok(r.json.durationMs >= 950 && r.json.durationMs <= 1050, `duration ${r.json.durationMs} ms`);
  const file = app.host(`/var/lib/asterisk/sounds/hotline/${r.json.id}.wav`);
  t.ok(existsSync(file), 'stored where Asterisk plays it');
  const info = execFileSync('/usr/bin/sox', ['--i', file]).toString();
  t.match(info, /Sample Rate\s+: 8000/);
  t.match(info, /Channels\s+: 1/);
  t.equal(r.json.sizeBytes, readFileSync(file).length);

  const audio = await app.call('GET', `/api/v1/prompts/${r.json.id}/audio`, { cookie: app.adminCookie });
  t.equal(audio.status, 200);
  t.equal(audio.headers.get('content-type'), 'audio/wav');
  t.same(audio.body, readFileSync(file));

  const list = await app.call('GET', '/api/v1/prompts', { cookie: app.adminCookie });
  t.equal(list.json.total, 1);
});

t.test('bad audio is refused with 400 naming the body, and nothing is stored', async (t) => {
  const app = await startPromptsApp(t);
  const cases: [string, Buffer, string, RegExp][] = [
    ['not audio', Buffer.from('hello, I am text'), 'audio/wav', /not a WAV or MP3/],
    ['a broken WAV', Buffer.from('RIFF\u0024\u0000\u0000\u0000WAVEjunkjunk'), 'audio/wav', /unreadable/],
    ['WAV sent as MP3', tone, 'audio/mpeg', /Content-Type/],
    ['over ten minutes', long, 'audio/wav', /at most 600 s/],
    ['zero seconds', empty, 'audio/wav', /empty/],
    ['an empty body', Buffer.alloc(0), 'audio/wav', /empty/],
  ];
  for (const [what, raw, contentType, message] of cases) {
    const r = await upload(app, 'x', raw, contentType);
    t.equal(r.status, 400, what);
    t.equal(r.json?.error?.field, 'body', what);
    t.match(r.json?.error?.message, message, what);
  }
  const big = Buffer.alloc(21 * 1024 * 1024);
  big.write('RIFF');
  const r = await upload(app, 'big', big);
  t.equal(r.status, 413, 'over 20 MB');
  t.equal(r.json?.error?.field, 'body');
  const list = await app.call('GET', '/api/v1/prompts', { cookie: app.adminCookie });
  t.equal(list.json.total, 0, 'no prompt was stored');
});

t.test('an MP3 upload is decoded to 8 kHz mono WAV; garbage declared as MP3 is refused', async (t) => {
  const app = await startPromptsApp(t);
  // scripts/test installs libsox-fmt-mp3, so sox both writes this fixture and decodes it
  const mp3 = make('tone.mp3', ['-r', '44100', '-c', '2'], ['synth', '2', 'sine', '523']);
  const ok = await upload(app, '欢迎 mp3', mp3, 'audio/mpeg');
  t.equal(ok.status, 201, JSON.stringify(ok.json));
  t.ok(Math.abs(ok.json.durationMs - 2000) < 150, `duration ${ok.json.durationMs} ms`);
  const audio = await app.call('GET', `/api/v1/prompts/${ok.json.id}/audio`, { cookie: app.adminCookie });
  t.equal(audio.status, 200);

  const junk = Buffer.concat([
    Buffer.from('ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000'),
    Buffer.alloc(64),
  ]);
  const r = await upload(app, 'junk', junk, 'audio/mpeg');
  t.equal(r.status, 400);
  t.equal(r.json.error.field, 'body');
  t.match(r.json.error.message, /unreadable|empty/);
});

t.test('hostile names and texts are refused with 400 naming the field', async (t) => {
  const app = await startPromptsApp(t);
  const names = ['evil\n[default]', 'a\u0000b', 'x'.repeat(10_000), '', 'rtl\u202egnp.exe'];
  for (const name of names) {
    const r = await upload(app, name, tone);
    t.equal(r.status, 400, JSON.stringify(name.slice(0, 20)));
    t.equal(r.json.error.field, 'name');
    const j = await app.call('POST', '/api/v1/prompts', {
      body: { name, text: 'hello' },
      cookie: app.adminCookie,
    });
    t.equal(j.json.error.field, 'name');
  }
  for (const [body, field] of [
    [{ name: 'a', text: 'x'.repeat(10_000) }, 'text'],
    [{ name: 'a', text: 'line\nbreak' }, 'text'],
    [{ name: 'a', text: '' }, 'text'],
    [{ name: 'a', text: 'hi', language: 'fr' }, 'language'],
    [{ name: 'a', text: 'hi', voice: '/etc/passwd' }, 'voice'],
  ] as const) {
    const r = await app.call('POST', '/api/v1/prompts', { body, cookie: app.adminCookie });
    t.equal(r.status, 400, JSON.stringify(body).slice(0, 60));
    t.equal(r.json.error.field, field);
  }
  const q = await app.call('POST', `${uploadUrl('ok')}&shell=1`, {
    raw: tone,
    contentType: 'audio/wav',
    cookie: app.adminCookie,
  });
  t.equal(q.json.error.field, 'shell', 'unknown query parameter named');
  const ct = await app.call('POST', '/api/v1/prompts', {
    raw: 'x',
    contentType: 'text/plain',
    cookie: app.adminCookie,
  });
  t.equal(ct.json.error.field, 'content-type');
});

t.test('text is synthesized once per (voice, text) and cached', async (t) => {
  const { tools, counts } = countingTools();
  const app = await startPromptsApp(t, { tools });
  const body = { name: '欢迎', text: '您好，欢迎致电客服中心', language: 'zh' };
  const a = await app.call('POST', '/api/v1/prompts', { body, cookie: app.adminCookie });
  t.equal(a.status, 201, a.body.toString());
  t.match(a.json, { kind: 'tts', language: 'zh', text: body.text, cached: false });
  t.ok(a.json.durationMs > 1000, `Mandarin speech lasts ${a.json.durationMs} ms`);
  const b = await app.call('POST', '/api/v1/prompts', {
    body: { ...body, name: '欢迎 2' },
    cookie: app.adminCookie,
  });
  t.equal(b.status, 201);
  t.equal(b.json.cached, true, 'same text, same voice: from the cache');
  t.equal(counts.synthesize, 1, 'espeak-ng ran once');
  t.not(a.json.id, b.json.id);
  t.same(
    readFileSync(app.host(`/var/lib/asterisk/sounds/hotline/${a.json.id}.wav`)),
    readFileSync(app.host(`/var/lib/asterisk/sounds/hotline/${b.json.id}.wav`)),
  );
  const en = await app.call('POST', '/api/v1/prompts', {
    body: { name: 'en', text: body.text, language: 'en' },
    cookie: app.adminCookie,
  });
  t.equal(en.json.cached, false, 'another voice is another entry');
  t.equal(counts.synthesize, 2);
});

t.test('a prompt an announcement plays cannot be deleted; an unused one can', async (t) => {
  const app = await startPromptsApp(t);
  const p = await upload(app, 'hold', tone);
  const a = await app.call('POST', '/api/v1/announcements', {
    body: { name: '节假日通知', promptId: p.json.id },
    cookie: app.adminCookie,
  });
  t.equal(a.status, 201, a.body.toString());
  const del = await app.call('DELETE', `/api/v1/prompts/${p.json.id}`, { cookie: app.adminCookie });
  t.equal(del.status, 409);
  t.match(del.json.error.message, new RegExp(`announcement ${a.json.id} "节假日通知"`));
  t.same(del.json.error.details.usedBy, [{ type: 'announcement', id: a.json.id, name: '节假日通知' }]);
  const view = await app.call('GET', `/api/v1/prompts/${p.json.id}`, { cookie: app.adminCookie });
  t.equal(view.json.usedBy.length, 1);

  t.equal(
    (await app.call('DELETE', `/api/v1/announcements/${a.json.id}`, { cookie: app.adminCookie })).status,
    204,
  );
  t.equal(
    (await app.call('DELETE', `/api/v1/prompts/${p.json.id}`, { cookie: app.adminCookie })).status,
    204,
  );
  t.notOk(existsSync(app.host(`/var/lib/asterisk/sounds/hotline/${p.json.id}.wav`)), 'file removed');
  t.equal((await app.call('GET', `/api/v1/prompts/${p.json.id}`, { cookie: app.adminCookie })).status, 404);
});

t.test('supervisors read prompts, only admins change them, agents see none', async (t) => {
  const app = await startPromptsApp(t);
  const p = await upload(app, 'x', tone);
  const sup = await app.userCookie('sup1', 'supervisor');
  const agent = await app.userCookie('agent1', 'agent');
  t.equal((await app.call('GET', '/api/v1/prompts', { cookie: sup })).status, 200);
  t.equal((await app.call('GET', `/api/v1/prompts/${p.json.id}/audio`, { cookie: sup })).status, 200);
  t.equal((await upload(app, 'y', tone, 'audio/wav', sup)).status, 403);
  t.equal((await app.call('DELETE', `/api/v1/prompts/${p.json.id}`, { cookie: sup })).status, 403);
  t.equal((await app.call('GET', '/api/v1/prompts', { cookie: agent })).status, 403);
  const renamed = await app.call('PATCH', `/api/v1/prompts/${p.json.id}`, {
    body: { name: '新名字' },
    cookie: app.adminCookie,
  });
  t.equal(renamed.json.name, '新名字');
});
