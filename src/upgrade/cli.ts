#!/usr/bin/env node
/**
 * hotline-upgrade: release bundles.
 *   key DIR                      a new ed25519 release key (DIR/release-key.pem, DIR/release-key.pub)
 *   bundle ROOTFS VERSION KEY OUT  sign ROOTFS (a root filesystem image) as release VERSION
 *   verify FILE [PUBKEY]         check a bundle against the box's release key and version
 * Installing into the inactive A/B slot is not built yet.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SCHEMA_VERSION } from '../backup/write.js';
import { HOTLINED_VERSION } from '../system/health.js';
import { BundleRefused, makeSigningKey, verifyBundle, writeBundle } from './bundle.js';

const PUBLIC_KEY = '/etc/hotline/release-key.pub';
const current = { version: HOTLINED_VERSION, schemaVersion: SCHEMA_VERSION };

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'key' && rest.length === 1) {
    const key = makeSigningKey();
    mkdirSync(rest[0]!, { recursive: true });
    writeFileSync(path.join(rest[0]!, 'release-key.pem'), key.privateKey, { mode: 0o600 });
    writeFileSync(path.join(rest[0]!, 'release-key.pub'), key.publicKey);
    console.log(`release key written to ${rest[0]}`);
    return 0;
  }
  if (command === 'bundle' && rest.length === 4) {
    const [rootfs, version, keyFile, out] = rest as [string, string, string, string];
    const m = await writeBundle({
      rootfs,
      version,
      schemaVersion: SCHEMA_VERSION,
      privateKeyPem: readFileSync(keyFile, 'utf8'),
      out,
    });
    console.log(`${out}: version ${m.version}, schema ${m.schemaVersion}, image ${m.rootfs.size} bytes`);
    return 0;
  }
  if (command === 'verify' && (rest.length === 1 || rest.length === 2)) {
    try {
      const m = await verifyBundle({
        file: rest[0]!,
        publicKeyPem: readFileSync(rest[1] ?? PUBLIC_KEY, 'utf8'),
        current,
      });
      console.log(`verified: version ${m.version} (running ${current.version}), schema ${m.schemaVersion}`);
      return 0;
    } catch (err) {
      if (!(err instanceof BundleRefused)) throw err;
      console.error(`refused: ${err.message}`);
      return 1;
    }
  }
  console.error('usage: hotline-upgrade key DIR | bundle ROOTFS VERSION KEY OUT | verify FILE [PUBKEY]');
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
