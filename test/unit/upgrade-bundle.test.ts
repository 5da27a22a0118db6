import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import tar from 'tar-stream';
import { BundleRefused, makeSigningKey, verifyBundle, writeBundle } from '../../src/upgrade/bundle.js';

const dir = mkdtempSync(path.join(tmpdir(), 'hotline-upgrade-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const key = makeSigningKey();
const rootfs = path.join(dir, 'rootfs.img');
const image = randomBytes(3 * 1024 * 1024 + 17);
writeFileSync(rootfs, image);
const current = { version: '0.1.0', schemaVersion: 41 };

const bundle = async (
  name: string,
  over: Partial<{ version: string; schemaVersion: number; privateKeyPem: string }> = {},
) => {
  const out = path.join(dir, name);
  await writeBundle({
    rootfs,
    version: '0.2.0',
    schemaVersion: 41,
    privateKeyPem: key.privateKey,
    out,
    ...over,
  });
  return out;
};

/** The bundle's members as they are, changed by `edit` (name → bytes, in order), written again. */
async function repack(file: string, name: string, edit: (members: [string, Buffer][]) => [string, Buffer][]) {
  const members: [string, Buffer][] = [];
  const extract = tar.extract();
  const reading = (async () => {
    for await (const entry of extract) {
      const parts: Buffer[] = [];
      for await (const c of entry as AsyncIterable<Buffer>) parts.push(c);
      members.push([entry.header.name, Buffer.concat(parts)]);
    }
  })();
  await Promise.all([pipeline(createReadStream(file), extract), reading]);
  const pack = tar.pack();
  const out = path.join(dir, name);
  const written = pipeline(pack, createWriteStream(out));
  for (const [n, b] of edit(members)) pack.entry({ name: n }, b);
  pack.finalize();
  await written;
  return out;
}

const refusal = async (file: string, publicKeyPem = key.publicKey) => {
  try {
    await verifyBundle({ file, publicKeyPem, current });
    return null;
  } catch (err) {
    return err instanceof BundleRefused ? err.message : `not a refusal: ${(err as Error).message}`;
  }
};

t.test('a signed bundle verifies, and the slot receives the image byte for byte', async (t) => {
  const file = await bundle('good.hlu');
  const copy = path.join(dir, 'slot.img');
  const manifest = await verifyBundle({
    file,
    publicKeyPem: key.publicKey,
    current,
    sink: () => createWriteStream(copy),
  });
  t.equal(manifest.version, '0.2.0');
  t.equal(manifest.rootfs.size, image.length);
  t.ok(readFileSync(copy).equals(image), 'the copy is the image');
});

t.test('refused: another key, an edited manifest, a changed image, a downgrade, junk', async (t) => {
  const good = await bundle('good2.hlu');
  t.match(await refusal(good, makeSigningKey().publicKey), /signature/, 'signed by another key');

  const edited = await repack(good, 'edited.hlu', (m) =>
    m.map(([n, b]) => [n, n === 'manifest.json' ? Buffer.from(b.toString().replace('0.2.0', '9.9.9')) : b]),
  );
  t.match(await refusal(edited), /signature/, 'a manifest edited after signing');

  const flipped = await repack(good, 'flipped.hlu', (m) =>
    m.map(([n, b]) => {
      if (n !== 'rootfs.img') return [n, b];
      const c = Buffer.from(b);
      c[12345] = (c[12345]! + 1) % 256;
      return [n, c];
    }),
  );
  t.match(await refusal(flipped), /checksum/, 'one byte of the image changed');

  const truncated = await repack(good, 'short.hlu', (m) => m.filter(([n]) => n !== 'rootfs.img'));
  t.match(await refusal(truncated), /ends before/, 'no image');

  const reordered = await repack(good, 'order.hlu', (m) => [m[1]!, m[0]!, m[2]!]);
  t.match(await refusal(reordered), /must come first/, 'members out of order');

  t.match(await refusal(await bundle('same.hlu', { version: '0.1.0' })), /not newer/, 'the same version');
  t.match(await refusal(await bundle('old.hlu', { version: '0.0.9' })), /not newer/, 'an older version');
  t.match(
    await refusal(await bundle('schema.hlu', { schemaVersion: 40 })),
    /schema 40 is older/,
    'an older schema',
  );

  const junk = path.join(dir, 'junk.hlu');
  writeFileSync(junk, randomBytes(4096));
  t.match(await refusal(junk), /not a readable bundle|must come first/, 'not a tar at all');
});

t.test('hotline-upgrade: key, bundle, verify; a foreign key is refused with exit status 1', async (t) => {
  const cli = fileURLToPath(new URL('../../src/upgrade/cli.js', import.meta.url));
  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  t.equal(run('key', path.join(dir, 'keys')).status, 0);
  t.equal(run('key', path.join(dir, 'other')).status, 0);
  const out = path.join(dir, 'cli.hlu');
  const made = run('bundle', rootfs, '0.3.0', path.join(dir, 'keys', 'release-key.pem'), out);
  t.equal(made.status, 0, made.stderr);
  const ok = run('verify', out, path.join(dir, 'keys', 'release-key.pub'));
  t.equal(ok.status, 0, ok.stderr);
  t.match(ok.stdout, /verified: version 0\.3\.0/);
  const bad = run('verify', out, path.join(dir, 'other', 'release-key.pub'));
  t.equal(bad.status, 1);
  t.match(bad.stderr, /refused: the signature/);
  t.equal(run('nonsense').status, 2, 'usage');
});
