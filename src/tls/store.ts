import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeAtomic } from '../fs/write-atomic.js';
import type { KeyPair } from './certificate.js';

/** The key only hotlined may read (Asterisk never needs it: DTLS uses its own generated certificate). */
export const KEY_FILE_MODE = 0o600;

/**
 * The box's key pair as one PEM file, `<dataDir>/tls/box.pem` (the key, then
 * the certificate chain), mode 0600. One file so that a replacement is one
 * rename: a crash leaves the old pair or the new one, never a key of one
 * and a certificate of the other.
 */
export function createTlsStore(dataDir: string) {
  const file = path.join(dataDir, 'tls', 'box.pem');
  return {
    file,
    read(): KeyPair | null {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      const at = text.indexOf('-----BEGIN CERTIFICATE-----');
      if (at < 0) return null;
      return { key: text.slice(0, at), cert: text.slice(at) };
    },
    write(pair: KeyPair): void {
      writeAtomic(file, `${pair.key.trimEnd()}\n${pair.cert}`, KEY_FILE_MODE);
    },
  };
}
export type TlsStore = ReturnType<typeof createTlsStore>;
