import { networkInterfaces, hostname as osHostname } from 'node:os';
import type { Actor } from '../audit/index.js';
import type { Change } from '../kit/change.js';
import type { Logger } from '../log.js';
import {
  type CertificateInfo,
  checkKeyPair,
  describeCertificate,
  generateBoxCertificate,
  type KeyPair,
  needsRenewal,
} from './certificate.js';
import './events.js';
import type { CertificateUpload } from './schema.js';
import type { TlsStore } from './store.js';

/** The names a browser may use for this box: its host name and every IPv4 address (loopback too). */
export interface BoxIdentity {
  hostname: string;
  addresses: string[];
}

export function boxIdentity(): BoxIdentity {
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4')
    .map((a) => a.address);
  return { hostname: osHostname(), addresses: [...new Set(addresses)].sort() };
}

export interface TlsService {
  /** The key pair the HTTPS listener serves, made first if this box has none (memoised). */
  ready(): Promise<KeyPair>;
  /** The certificate as the console shows it. */
  info(): Promise<CertificateInfo>;
  /** The certificate alone (PEM), for a browser or OS to trust by hand. */
  certificatePem(): Promise<string>;
  /** Replaces the pair with the customer's own, checked first (400 naming `cert` or `key`). */
  upload(input: CertificateUpload, actor: Actor): Promise<CertificateInfo>;
  /** Called with every new pair once it is on disk (the HTTPS listener swaps its context). */
  onChange(fn: (pair: KeyPair) => void): void;
}

export function createTlsService(deps: {
  store: TlsStore;
  change: Change;
  log: Logger;
  identity?: () => BoxIdentity;
  now?: () => number;
}): TlsService {
  const { store, change, log } = deps;
  const now = deps.now ?? Date.now;
  const identity = deps.identity ?? boxIdentity;
  const listeners: ((pair: KeyPair) => void)[] = [];
  let current: Promise<KeyPair> | undefined;

  const saved = (): KeyPair | null => {
    const pair = store.read();
    if (!pair) return null;
    try {
      return { ...pair, ...checkKeyPair(pair, now()) };
    } catch (err) {
      // an uploaded certificate that has expired is still the customer's choice: keep serving it, loudly
      try {
        if (!describeCertificate(pair.cert).generated) {
          log.warn({ err }, 'the uploaded TLS certificate is no longer valid; upload a new one');
          return pair;
        }
      } catch {
        // unreadable: make a new one below
      }
      return null;
    }
  };

  /** At start: the saved pair, or a new self-signed one when there is none or ours went stale. */
  const load = async (): Promise<KeyPair> => {
    const have = saved();
    const id = identity();
    if (have && !needsRenewal(describeCertificate(have.cert), id, now())) return have;
    const pair = await generateBoxCertificate({ ...id, now: now() });
    const info = describeCertificate(pair.cert);
    await change({
      actor: { principal: null },
      entity: 'tls_certificate',
      action: have ? 'renew' : 'generate',
      config: false,
      before: have ? describeCertificate(have.cert) : undefined,
      mutate: () => store.write(pair),
      after: () => info,
      event: 'tls.changed',
    });
    log.info({ sans: info.sans, fingerprint: info.fingerprint }, 'generated the box TLS certificate');
    return pair;
  };

  const ready = () => {
    current ??= load();
    return current;
  };

  return {
    ready,
    info: async () => describeCertificate((await ready()).cert),
    certificatePem: async () => (await ready()).cert,
    async upload(input, actor) {
      const before = describeCertificate((await ready()).cert);
      const pair = checkKeyPair(input, now());
      const info = describeCertificate(pair.cert);
      await change({
        actor,
        entity: 'tls_certificate',
        action: 'upload',
        config: false,
        before,
        mutate: () => store.write(pair),
        after: () => info,
        event: 'tls.changed',
      });
      current = Promise.resolve(pair);
      for (const fn of listeners) {
        try {
          fn(pair);
        } catch (err) {
          log.error({ err }, 'a TLS listener refused the new certificate');
        }
      }
      return info;
    },
    onChange: (fn) => {
      listeners.push(fn);
    },
  };
}
