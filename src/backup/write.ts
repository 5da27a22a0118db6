import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Db } from '../db/index.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import type { Settings } from '../settings.js';
import { HOTLINED_VERSION } from '../system/health.js';
import { deriveKey, memberCipher, newKdf, passphraseCheck } from './crypto.js';
import { CHECKSUMS, type Checksums, FORMAT, MANIFEST, type Manifest, type MemberSum } from './manifest.js';
import { backupTrees, treeFiles } from './sources.js';

/** The schema this hotlined runs: its highest migration. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/**
 * Writes one backup archive (tar, gzip) to `file`: manifest.json, the
 * database as SQLite's online backup API copies it (consistent while calls
 * and ingestion keep writing), the secrets of hotline.json, the file trees,
 * then checksums.json. Every member but the two JSON files is encrypted.
 * Written to a temporary name and renamed: a half-written archive never
 * carries the final name.
 */
export async function writeBackup(opts: {
  db: Db;
  settings: Settings;
  file: string;
  passphrase: string;
  includeRecordings: boolean;
}): Promise<{ manifest: Manifest; size: number }> {
  const { settings, file } = opts;
  const kdf = newKdf();
  const key = await deriveKey(opts.passphrase, kdf);
  const trees = backupTrees(settings).filter((t) => opts.includeRecordings || !t.recordings);
  const manifest: Manifest = {
    format: FORMAT,
    hotlineVersion: HOTLINED_VERSION,
    schemaVersion: SCHEMA_VERSION,
    createdAt: new Date().toISOString(),
    hostname: hostname(),
    includeRecordings: opts.includeRecordings,
    kdf,
    check: passphraseCheck(key),
    trees: trees.map((t) => t.name),
  };
  const tmp = `${file}.partial`;
  const dbCopy = `${file}.db-partial`;
  const pack = tar.pack();
  let size = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      cb(null, chunk);
    },
  });
  const written = pipeline(pack, createGzip(), counting, createWriteStream(tmp, { mode: 0o600 }));
  const sums: MemberSum[] = [];

  const addBuffer = (name: string, body: Buffer) =>
    new Promise<void>((resolve, reject) =>
      pack.entry({ name, mode: 0o600 }, body, (e) => (e ? reject(e) : resolve())),
    );
  /** A member from a file, encrypted on the way in; `size` fixed at the start (tar needs it first). */
  const addFile = async (name: string, source: string, bytes: number) => {
    const { cipher, iv } = memberCipher(key);
    const hash = createHash('sha256');
    const entry = pack.entry({ name, size: bytes, mode: 0o600 });
    const input = bytes === 0 ? [] : createReadStream(source, { start: 0, end: bytes - 1 });
    await pipeline(
      input,
      cipher,
      new Transform({
        transform(chunk: Buffer, _e, cb) {
          hash.update(chunk);
          cb(null, chunk);
        },
      }),
      entry,
    );
    sums.push({
      name,
      size: bytes,
      sha256: hash.digest('hex'),
      iv,
      tag: cipher.getAuthTag().toString('base64'),
    });
  };
  const addSecret = async (name: string, body: Buffer) => {
    const { cipher, iv } = memberCipher(key);
    const data = Buffer.concat([cipher.update(body), cipher.final()]);
    await addBuffer(name, data);
    sums.push({
      name,
      size: data.length,
      sha256: sha256(data),
      iv,
      tag: cipher.getAuthTag().toString('base64'),
    });
  };

  try {
    const manifestText = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await addBuffer(MANIFEST, manifestText);
    await opts.db.backup(dbCopy);
    await addFile('db/hotline.db', dbCopy, statSync(dbCopy).size);
    rmSync(dbCopy, { force: true });
    const { ami, ari } = settings.asterisk;
    await addSecret('secrets.json', Buffer.from(JSON.stringify({ ami, ari })));
    for (const tree of trees) {
      for (const f of treeFiles(tree))
        await addFile(`files/${tree.name}/${f.rel}`, path.join(tree.dir, f.rel), f.size);
    }
    const checksums: Checksums = { manifestSha256: sha256(manifestText), members: sums };
    await addBuffer(CHECKSUMS, Buffer.from(`${JSON.stringify(checksums, null, 2)}\n`));
    pack.finalize();
    await written;
    renameSync(tmp, file);
    return { manifest, size };
  } catch (err) {
    pack.destroy(err as Error);
    await written.catch(() => undefined);
    rmSync(tmp, { force: true });
    rmSync(dbCopy, { force: true });
    throw err;
  }
}
