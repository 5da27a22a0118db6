import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { diskUsage, resolveRecording, sweepRecordings } from '../../src/recordings/files.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 10, 23, 12, 0, 0);

/** A recordings tree with files of given ages (days) and sizes. */
function tree(t: { teardown(fn: () => unknown): void }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-rec-'));
  const root = path.join(dir, 'monitor', 'hotline');
  mkdirSync(root, { recursive: true });
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const add = (rel: string, ageDays: number, bytes = 1000) => {
    const f = path.join(root, rel);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, Buffer.alloc(bytes, 1));
    const when = new Date(NOW - ageDays * DAY);
    utimesSync(f, when, when);
    return f;
  };
  return { dir, root, add };
}

t.test('resolve: only well-formed names under the root, never a traversal or a symlink', async (t) => {
  const { dir, root, add } = tree(t);
  add('20241123/1732359000.1-1732359000.1.wav', 0, 500);
  writeFileSync(path.join(dir, 'secret.wav'), 'x');
  mkdirSync(path.join(root, '20241122'));
  symlinkSync(path.join(dir, 'secret.wav'), path.join(root, '20241122', 'link.wav'));
  symlinkSync(dir, path.join(root, '20241121'));
  t.match(resolveRecording(root, '20241123/1732359000.1-1732359000.1.wav'), { size: 500 });
  for (const bad of [
    '../secret.wav',
    '20241123/../../secret.wav',
    '/etc/passwd',
    '20241122/link.wav',
    '20241121/secret.wav',
    '20241123/missing.wav',
    '20241123/1732359000.1-1732359000.1.wav\n',
    '20241123\\..\\x.wav',
    '',
  ]) {
    t.equal(resolveRecording(root, bad), null, JSON.stringify(bad));
  }
});

t.test('usage counts every recording and its bytes, oldest and newest', async (t) => {
  const { root, add } = tree(t);
  t.match(diskUsage(root), { files: 0, bytes: 0, oldestAt: null });
  add('20241101/a-1.wav', 22, 1000);
  add('20241120/b-2.wav', 3, 2000);
  add('20241123/c-3.wav', 0, 3000);
  writeFileSync(path.join(root, 'stray.txt'), 'not a recording');
  const u = diskUsage(root);
  t.match(u, { files: 3, bytes: 6000 });
  t.equal(u.oldestAt, new Date(NOW - 22 * DAY).toISOString());
  t.equal(u.newestAt, new Date(NOW).toISOString());
  t.ok(u.disk && u.disk.totalBytes > 0 && u.disk.freeBytes >= 0, 'the filesystem figures');
});

t.test('retention deletes files older than the limit by mtime, and empty date folders', async (t) => {
  const { root, add } = tree(t);
  const old1 = add('20241001/a-1.wav', 53);
  add('20241001/a-2.wav', 31);
  add('20241022/b-1.wav', 30.5);
  const keep = add('20241023/c-1.wav', 29.9);
  add('20241123/d-1.wav', 0);
  const r = sweepRecordings(root, 30, NOW);
  t.same(r, { deleted: 3, bytes: 3000 });
  t.same(readdirSync(root).sort(), ['20241023', '20241123'], 'emptied date folders are gone');
  t.same(readdirSync(path.dirname(keep)), ['c-1.wav']);
  t.notOk(readdirSync(root).includes(path.basename(path.dirname(old1))));
  t.same(sweepRecordings(root, 30, NOW), { deleted: 0, bytes: 0 }, 'a second sweep finds nothing');
});

t.test('retention never follows a symlink out of the root nor deletes non-recordings', async (t) => {
  const { dir, root, add } = tree(t);
  const outside = path.join(dir, 'outside.wav');
  writeFileSync(outside, 'x');
  utimesSync(outside, new Date(0), new Date(0));
  mkdirSync(path.join(root, '20240101'));
  symlinkSync(outside, path.join(root, '20240101', 'link.wav'));
  const notes = path.join(root, '20240101', 'notes.txt');
  writeFileSync(notes, 'x');
  utimesSync(notes, new Date(0), new Date(0));
  add('20240101/a-1.wav', 400);
  t.same(sweepRecordings(root, 30, NOW), { deleted: 1, bytes: 1000 });
  t.same(readdirSync(path.join(root, '20240101')).sort(), ['link.wav', 'notes.txt']);
  t.same(readdirSync(dir).sort(), ['monitor', 'outside.wav'], 'the link target is untouched');
});

t.test('header-only files (calls nobody answered) go after an hour, even with retention off', async (t) => {
  const { root, add } = tree(t);
  add('20241123/unanswered-1.wav', 2 / 24, 44);
  const ringing = add('20241123/ringing-2.wav', 0, 44);
  const kept = add('20241123/talk-3.wav', 400, 45);
  t.same(sweepRecordings(root, null, NOW), { deleted: 1, bytes: 44 });
  t.same(readdirSync(path.dirname(kept)).sort(), [path.basename(ringing), path.basename(kept)].sort());
});
