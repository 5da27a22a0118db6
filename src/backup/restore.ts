import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { AppError } from '../errors.js';
import { writeAtomic } from '../fs/write-atomic.js';
import type { Settings } from '../settings.js';
import { deriveKey, keyOpens, memberDecipher } from './crypto.js';
import { CHECKSUMS, Checksums, MANIFEST, Manifest, safeMemberName } from './manifest.js';
import { backupTrees } from './sources.js';
import { planFile, STAGED, type SwapPlan, stagedTreeOf } from './swap.js';
import { SCHEMA_VERSION } from './write.js';

const corrupt = (why: string) =>
  new AppError('validation', `the archive is damaged or not a Hotline backup: ${why}`, { field: 'archive' });

interface Extracted {
  manifest: Manifest;
  manifestSha256: string;
  checksums: Checksums | null;
  /** Member name → where its encrypted bytes were put, their sha256 and size. */
  members: Map<string, { file: string; sha256: string; size: number }>;
  key: Buffer;
}

/**
 * Reads an archive into `work`: the manifest first (a newer schema or a
 * wrong passphrase stop it there), then every member, hashed as it comes.
 */
async function extract(file: string, work: string, passphrase: string): Promise<Extracted> {
  const ex = tar.extract();
  const input = pipeline(createReadStream(file), createGunzip(), ex).catch((err: Error) => {
    ex.destroy(err);
  });
  let got: Partial<Extracted> & { members: Extracted['members'] } = { members: new Map(), checksums: null };
  let n = 0;
  try {
    for await (const entry of ex) {
      const { name, type } = entry.header;
      const body = () => streamToBuffer(entry);
      if (!got.manifest) {
        if (name !== MANIFEST) throw corrupt(`it starts with ${JSON.stringify(name)}, not ${MANIFEST}`);
        const text = await body();
        const parsed = Manifest.safeParse(jsonOf(text));
        if (!parsed.success) throw corrupt('its manifest is not readable');
        const m = parsed.data;
        if (m.schemaVersion > SCHEMA_VERSION) {
          throw new AppError(
            'conflict',
            `the backup is from a newer version (hotline ${m.hotlineVersion}, schema ${m.schemaVersion}) than this box (schema ${SCHEMA_VERSION}): upgrade this box first, then restore`,
            { field: 'archive', details: { backupSchema: m.schemaVersion, boxSchema: SCHEMA_VERSION } },
          );
        }
        const key = await deriveKey(passphrase, m.kdf);
        if (!keyOpens(key, m.check)) {
          throw new AppError('validation', 'wrong passphrase for this backup', { field: 'passphrase' });
        }
        got = { ...got, manifest: m, key, manifestSha256: createHash('sha256').update(text).digest('hex') };
        continue;
      }
      if (got.checksums) throw corrupt(`a member after ${CHECKSUMS}`);
      if (name === CHECKSUMS) {
        const parsed = Checksums.safeParse(jsonOf(await body()));
        if (!parsed.success) throw corrupt('its checksums are not readable');
        got.checksums = parsed.data;
        continue;
      }
      if (type !== 'file' || !safeMemberName(name) || got.members.has(name)) {
        throw corrupt(`unexpected member ${JSON.stringify(name.slice(0, 200))}`);
      }
      const target = path.join(work, String(n++));
      const hash = createHash('sha256');
      let size = 0;
      await pipeline(
        entry,
        new Transform({
          transform(chunk: Buffer, _e, cb) {
            hash.update(chunk);
            size += chunk.length;
            cb(null, chunk);
          },
        }),
        createWriteStream(target, { mode: 0o600 }),
      );
      got.members.set(name, { file: target, sha256: hash.digest('hex'), size });
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw corrupt((err as Error).message);
  } finally {
    await input;
  }
  if (!got.manifest) throw corrupt('it is empty');
  return got as Extracted;
}

/** Every member listed, each one's checksum right, nothing unlisted: else the archive is damaged. */
function verify(x: Extracted): Checksums {
  const sums = x.checksums;
  if (!sums) throw corrupt(`${CHECKSUMS} is missing (a truncated archive?)`);
  if (sums.manifestSha256 !== x.manifestSha256) throw corrupt('the manifest does not match its checksum');
  const listed = new Set(sums.members.map((m) => m.name));
  for (const name of x.members.keys())
    if (!listed.has(name)) throw corrupt(`${name} is not in the checksums`);
  for (const m of sums.members) {
    const got = x.members.get(m.name);
    if (!got) throw corrupt(`${m.name} is missing`);
    if (got.sha256 !== m.sha256 || got.size !== m.size)
      throw corrupt(`${m.name} does not match its checksum`);
  }
  if (!listed.has('db/hotline.db')) throw corrupt('it holds no database');
  return sums;
}

/**
 * Checks an archive whole and stages what it restores beside each target
 * (the database as `<file>.restore-staged`, a file tree in
 * `<folder>/.restore-staged`: on the target's own filesystem so the swap is
 * made of renames), then writes the swap plan: the commit point. Nothing in use is
 * touched; the swap happens at hotlined's next start (src/backup/swap.ts).
 */
export async function stageRestore(opts: {
  settings: Settings;
  file: string;
  passphrase: string;
  work: string;
}): Promise<Manifest> {
  const { settings, work } = opts;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true, mode: 0o700 });
  try {
    const x = await extract(opts.file, work, opts.passphrase);
    const sums = verify(x);
    const trees = backupTrees(settings).filter((t) => t.restore && x.manifest.trees.includes(t.name));
    const swaps: SwapPlan['swaps'] = [
      { target: settings.dbPath, staged: `${settings.dbPath}${STAGED}`, database: true },
      ...trees.map((t) => ({ target: t.dir, staged: stagedTreeOf(t.dir) })),
    ];
    for (const s of swaps) rmSync(s.staged, { recursive: true, force: true });
    for (const t of trees) mkdirSync(stagedTreeOf(t.dir), { recursive: true, mode: 0o750 });
    for (const m of sums.members) {
      let target: string | null = null;
      if (m.name === 'db/hotline.db') target = `${settings.dbPath}${STAGED}`;
      const tree = trees.find((t) => m.name.startsWith(`files/${t.name}/`));
      if (tree) target = path.join(stagedTreeOf(tree.dir), m.name.slice(`files/${tree.name}/`.length));
      if (!target) continue; // kept for the record only (secrets, config)
      mkdirSync(path.dirname(target), { recursive: true, mode: 0o750 });
      try {
        await pipeline(
          createReadStream(x.members.get(m.name)!.file),
          memberDecipher(x.key, m.iv, m.tag),
          createWriteStream(target, { mode: m.name === 'db/hotline.db' ? 0o600 : 0o640 }),
        );
      } catch {
        throw corrupt(`${m.name} does not decrypt (damaged)`);
      }
    }
    const plan: SwapPlan = { createdAt: new Date().toISOString(), manifest: summary(x.manifest), swaps };
    writeAtomic(planFile(settings), `${JSON.stringify(plan, null, 2)}\n`, 0o600);
    return x.manifest;
  } catch (err) {
    for (const t of backupTrees(settings)) rmSync(stagedTreeOf(t.dir), { recursive: true, force: true });
    rmSync(`${settings.dbPath}${STAGED}`, { force: true });
    throw err;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** What a restore reports of the backup it came from. */
export function summary(m: Manifest) {
  return {
    hotlineVersion: m.hotlineVersion,
    schemaVersion: m.schemaVersion,
    createdAt: m.createdAt,
    hostname: m.hostname,
    includeRecordings: m.includeRecordings,
  };
}

async function streamToBuffer(s: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of s) {
    const c = chunk as Buffer;
    size += c.length;
    if (size > 16 * 1024 * 1024) throw corrupt('a JSON member is too large');
    parts.push(c);
  }
  return Buffer.concat(parts);
}

function jsonOf(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return null;
  }
}
