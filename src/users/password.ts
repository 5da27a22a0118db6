import { randomBytes, type ScryptOptions, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes: `scrypt$N$r$p$<salt>$<hash>` (base64url). The parameters
 * travel with the hash so they can be raised later without invalidating old ones.
 */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;
const SALT_LEN = 16;

function memFor(n: number, r: number): number {
  // scrypt needs 128·N·r bytes; node refuses above maxmem (32 MiB by default).
  return 128 * n * r * 2;
}

function scryptAsync(password: string, salt: Buffer, len: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function encode(salt: Buffer, key: Buffer): string {
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Hashes off the event loop (libuv threadpool), so a login never stalls the live API. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LEN);
  const key = await scryptAsync(password, salt, KEY_LEN, { N, r: R, p: P, maxmem: memFor(N, R) });
  return encode(salt, key);
}

/** For first boot only, where the caller cannot wait (ensureFirstAdmin). */
export function hashPasswordSync(password: string): string {
  const salt = randomBytes(SALT_LEN);
  const key = scryptSync(password, salt, KEY_LEN, { N, r: R, p: P, maxmem: memFor(N, R) });
  return encode(salt, key);
}

interface Parsed {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Bounds keep a corrupted row from asking for gigabytes of memory.
  const pow2 = Number.isInteger(n) && n >= 1024 && n <= 1 << 20 && (n & (n - 1)) === 0;
  if (!pow2 || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16)
    return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length < 16) return null;
  return { n, r, p, salt, key };
}

/** False for a wrong password and for a hash we cannot read; never throws for bad input. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const key = await scryptAsync(password, h.salt, h.key.length, {
    N: h.n,
    r: h.r,
    p: h.p,
    maxmem: memFor(h.n, h.r),
  });
  return timingSafeEqual(key, h.key);
}

export function isPasswordHash(stored: string): boolean {
  return parse(stored) !== null;
}

/** A strong random password for generated accounts: 24 random bytes → 32 base64url characters. */
export function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}
