import {
  type CipherGCM,
  createCipheriv,
  createDecipheriv,
  type DecipherGCM,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';

/**
 * A backup's encryption: a key derived from the passphrase with scrypt
 * (salt per archive), AES-256-GCM per member (IV per member; the tag,
 * which authenticates the member, goes into the manifest). A known text
 * encrypted with the key lets a restore tell a wrong passphrase at once.
 */
export interface Kdf {
  name: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 B = 32 MB of memory, ~0.1 s: slow enough for guessing, quick for a restore. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };
const CHECK_TEXT = 'hotline-backup';

export function newKdf(): Kdf {
  return { name: 'scrypt', salt: randomBytes(16).toString('base64'), ...SCRYPT };
}

export function deriveKey(passphrase: string, kdf: Kdf): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(kdf.salt, 'base64'),
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 128 * kdf.N * kdf.r * 2 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

export function passphraseCheck(key: Buffer): Sealed {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(CHECK_TEXT, 'utf8'), c.final()]);
  return { iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Whether `key` opens the manifest's check (false: a wrong passphrase). */
export function keyOpens(key: Buffer, check: Sealed): boolean {
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(check.iv, 'base64'));
    d.setAuthTag(Buffer.from(check.tag, 'base64'));
    const text = Buffer.concat([d.update(Buffer.from(check.data, 'base64')), d.final()]);
    return timingSafeEqual(text, Buffer.from(CHECK_TEXT));
  } catch {
    return false;
  }
}

export function memberCipher(key: Buffer): { cipher: CipherGCM; iv: string } {
  const iv = randomBytes(12);
  return { cipher: createCipheriv('aes-256-gcm', key, iv), iv: iv.toString('base64') };
}

export function memberDecipher(key: Buffer, iv: string, tag: string): DecipherGCM {
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  d.setAuthTag(Buffer.from(tag, 'base64'));
  return d;
}
