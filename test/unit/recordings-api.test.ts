import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { call, startCallsApp } from '../support/calls-app.js';

const REC = '20241123/1732324860.1-1732324860.1.wav';

/** Call 1 (seat 1003 answered) with its recording on disk; call 2 claims a hostile path. */
async function withRecording(tt: Parameters<typeof startCallsApp>[0]) {
  const app = await startCallsApp(tt);
  const file = path.join(app.recRoot, REC);
  mkdirSync(path.dirname(file), { recursive: true });
  const audio = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4000, 7)]);
  writeFileSync(file, audio);
  writeFileSync(path.join(app.recRoot, '..', 'secret.wav'), 'secret');
  await app.cdrs([
    call(1, { recording: REC }),
    call(2, { recording: '20241123/../../secret.wav', dstchannel: 'PJSIP/1004-00000002' }),
  ]);
  const items = (await app.get('?sort=asc')).body.items;
  return { app, file, audio, first: items[0], second: items[1] };
}

t.test('a call links its recording; admins, supervisors and the agent who took it download it', async (t) => {
  const { app, audio, first } = await withRecording(t);
  t.equal(first.recording, `/api/v1/recordings/${first.id}`);
  for (const [role, user] of [
    ['admin', 1],
    ['supervisor', 1],
    ['agent', 2],
  ] as const) {
    const r = await app.fetchRaw(first.recording, role, user);
    t.equal(r.status, 200, `${role} ${user}`);
    t.equal(r.headers.get('content-type'), 'audio/wav');
    t.match(r.headers.get('content-disposition'), /attachment; filename="call-\d+\.wav"/);
    t.same(Buffer.from(await r.arrayBuffer()), audio, 'the whole file');
  }
});

t.test('anyone else is refused: another agent 403, no session 401', async (t) => {
  const { app, first } = await withRecording(t);
  t.equal((await app.fetchRaw(first.recording, 'agent', 3)).status, 403, 'the agent of seat 1004');
  t.equal((await app.fetchRaw(first.recording, 'agent', 4)).status, 403, 'an agent without a seat');
  t.equal((await app.fetchRaw(first.recording, null)).status, 401);
});

t.test('bad ids and missing files: 400 naming id, 404', async (t) => {
  const { app } = await withRecording(t);
  for (const id of ['abc', '0', '-1', '1.5', '%2E%2E%2Fsecret']) {
    const r = await app.req('GET', `/api/v1/recordings/${id}`, 'admin');
    t.equal(r.status, 400, id);
    t.equal(r.json.error.field, 'id');
  }
  t.equal((await app.req('GET', '/api/v1/recordings/999', 'admin')).status, 404, 'no such call');
});

t.test('a hostile recording path in a CDR is never linked nor served', async (t) => {
  const { app, second } = await withRecording(t);
  t.equal(second.recording, null);
  const r = await app.req('GET', `/api/v1/recordings/${second.id}`, 'admin');
  t.equal(r.status, 404);
  t.notMatch(r.text, /secret/);
});

t.test(
  'retention: admins set it (audited), a sweep deletes older files and unlinks their calls',
  async (t) => {
    const { app, file, first } = await withRecording(t);
    t.same((await app.req('GET', '/api/v1/recordings/settings', 'supervisor')).json, { retentionDays: null });
    t.equal(
      (await app.req('PATCH', '/api/v1/recordings/settings', 'supervisor', 1, { retentionDays: 30 })).status,
      403,
    );
    for (const [body, field] of [
      [{ retentionDays: 0 }, 'retentionDays'],
      [{ retentionDays: 3651 }, 'retentionDays'],
      [{ retentionDays: '30' }, 'retentionDays'],
      [{ retentionDays: 1.5 }, 'retentionDays'],
      [{}, 'retentionDays'],
      [{ retentionDays: 30, path: '/' }, 'path'],
    ] as [unknown, string][]) {
      const r = await app.req('PATCH', '/api/v1/recordings/settings', 'admin', 1, body);
      t.equal(r.status, 400, JSON.stringify(body));
      t.equal(r.json.error.field, field);
    }
    t.equal(app.recordings.service.sweep().deleted, 0, 'no retention: nothing deleted');
    const set = await app.req('PATCH', '/api/v1/recordings/settings', 'admin', 1, { retentionDays: 30 });
    t.same(set.json, { retentionDays: 30 });
    const audit = app.db
      .prepare("SELECT action, before, after FROM audit_log WHERE entity = 'recording_settings'")
      .all() as { action: string; before: string; after: string }[];
    t.same(
      audit.map((a) => [a.action, JSON.parse(a.before), JSON.parse(a.after)]),
      [['update', { retentionDays: null }, { retentionDays: 30 }]],
    );
    t.equal(app.recordings.service.sweep().deleted, 0, 'a fresh file is kept');
    const old = new Date(Date.now() - 31 * 86_400_000);
    utimesSync(file, old, old);
    t.same(app.recordings.service.sweep(), { deleted: 1, bytes: 4004 });
    const after = (await app.get('?sort=asc')).body.items[0];
    t.equal(after.id, first.id);
    t.equal(after.recording, null, 'the call no longer links a file');
    t.equal((await app.fetchRaw(first.recording, 'admin')).status, 404);
    t.equal(
      (await app.req('PATCH', '/api/v1/recordings/settings', 'admin', 1, { retentionDays: null })).status,
      200,
    );
  },
);

t.test('usage shows the files, bytes and the disk, to supervisors', async (t) => {
  const { app } = await withRecording(t);
  const u = await app.req('GET', '/api/v1/recordings/usage', 'supervisor');
  t.equal(u.status, 200);
  t.match(u.json, { files: 1, bytes: 4004, retentionDays: null });
  t.ok(u.json.disk.totalBytes > 0);
  t.equal((await app.req('GET', '/api/v1/recordings/usage', 'agent', 2)).status, 403);
});
