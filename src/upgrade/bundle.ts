import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { createReadStream, createWriteStream, renameSync, statSync } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { compareVersions, FORMAT, MANIFEST, ROOTFS, SIGNATURE, UpgradeManifest } from './manifest.js';

/** An ed25519 key pair as PEM: the private half signs releases, the public half is in every image. */
export function makeSigningKey(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Writes a release bundle: the manifest (version, schema version, the root
 * image's size and sha256), its ed25519 signature, then the root image,
 * streamed. The signature covers the manifest's exact bytes; the manifest's
 * checksum covers the image.
 */
export async function writeBundle(opts: {
  rootfs: string;
  version: string;
  schemaVersion: number;
  privateKeyPem: string;
  out: string;
}): Promise<UpgradeManifest> {
  const manifest = UpgradeManifest.parse({
    format: FORMAT,
    version: opts.version,
    schemaVersion: opts.schemaVersion,
    createdAt: new Date().toISOString(),
    rootfs: { file: ROOTFS, size: statSync(opts.rootfs).size, sha256: await sha256File(opts.rootfs) },
  });
  const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const signature = sign(null, text, createPrivateKey(opts.privateKeyPem));
  const pack = tar.pack();
  const tmp = `${opts.out}.part`;
  const written = pipeline(pack, createWriteStream(tmp));
  pack.entry({ name: MANIFEST }, text);
  pack.entry({ name: SIGNATURE }, signature.toString('base64'));
  const entry = pack.entry({ name: ROOTFS, size: manifest.rootfs.size });
  await pipeline(createReadStream(opts.rootfs), entry);
  pack.finalize();
  await written;
  renameSync(tmp, opts.out);
  return manifest;
}

/** Why a bundle is refused, in words an admin can act on. */
export class BundleRefused extends Error {
  override name = 'BundleRefused';
}

/**
 * Reads a bundle as a stream and refuses it unless: its members come in
 * order, the manifest is signed by `publicKeyPem`, its version is newer than
 * the box's and its schema not older, and the root image has the manifest's
 * size and sha256. The image goes to `sink` as it is read (the inactive
 * slot on the appliance); a refused bundle's caller must discard what the
 * sink received. Nothing is trusted before the signature is checked.
 */
export async function verifyBundle(opts: {
  file: string;
  publicKeyPem: string;
  current: { version: string; schemaVersion: number };
  sink?: () => Writable;
}): Promise<UpgradeManifest> {
  const key = createPublicKey(opts.publicKeyPem);
  const extract = tar.extract();
  let manifestText: Buffer | null = null;
  let manifest: UpgradeManifest | null = null;
  let done = false;
  const readAll = async (stream: AsyncIterable<unknown>, limit: number) => {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new BundleRefused('a bundle member is larger than it may be');
      parts.push(chunk);
    }
    return Buffer.concat(parts);
  };
  const consume = (async () => {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (!manifestText) {
        if (name !== MANIFEST) throw new BundleRefused(`not a Hotline bundle: ${MANIFEST} must come first`);
        manifestText = await readAll(entry, 64 * 1024);
      } else if (!manifest) {
        if (name !== SIGNATURE)
          throw new BundleRefused(`not a Hotline bundle: ${SIGNATURE} must follow the manifest`);
        const signature = Buffer.from((await readAll(entry, 1024)).toString().trim(), 'base64');
        if (!verify(null, manifestText, key, signature)) {
          throw new BundleRefused('the signature does not match this box’s release key: refused');
        }
        const parsed = UpgradeManifest.safeParse(JSON.parse(manifestText.toString()));
        if (!parsed.success)
          throw new BundleRefused(
            `the manifest is not one this box reads: ${parsed.error.issues[0]?.message}`,
          );
        manifest = parsed.data;
        if (compareVersions(manifest.version, opts.current.version) <= 0) {
          throw new BundleRefused(
            `version ${manifest.version} is not newer than the running ${opts.current.version}`,
          );
        }
        if (manifest.schemaVersion < opts.current.schemaVersion) {
          throw new BundleRefused(
            `its database schema ${manifest.schemaVersion} is older than this box's ${opts.current.schemaVersion}`,
          );
        }
      } else if (name === ROOTFS && !done) {
        const hash = createHash('sha256');
        let size = 0;
        const measure = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            size += chunk.length;
            cb(null, chunk);
          },
        });
        const nowhere = () => new Writable({ write: (_chunk, _enc, cb) => cb() });
        await pipeline(entry, measure, (opts.sink ?? nowhere)());
        if (size !== manifest.rootfs.size || hash.digest('hex') !== manifest.rootfs.sha256) {
          throw new BundleRefused('the root image does not match its signed checksum: damaged or altered');
        }
        done = true;
      } else {
        throw new BundleRefused(`unexpected member ${name.slice(0, 100)}`);
      }
    }
  })();
  await Promise.all([pipeline(createReadStream(opts.file), extract), consume]).catch((err) => {
    extract.destroy();
    if (err instanceof BundleRefused) throw err;
    throw new BundleRefused(`not a readable bundle: ${(err as Error).message}`);
  });
  if (!manifest || !done) throw new BundleRefused('the bundle ends before its root image');
  return manifest;
}
