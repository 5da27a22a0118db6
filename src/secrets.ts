import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random secret of letters and digits only, so it is safe unquoted in every
 * Asterisk config file. 32 characters carry ~190 bits.
 */
export function randomSecret(length = 32): string {
  let out = '';
  const limit = ALNUM.length * Math.floor(256 / ALNUM.length); // rejection sampling: no modulo bias
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit) out += ALNUM[b % ALNUM.length];
      if (out.length === length) break;
    }
  }
  return out;
}
