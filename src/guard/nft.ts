import { execFile } from 'node:child_process';
import { isIP } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where bans go: the kernel's packet filter, or (nft disabled in the settings) nowhere. */
export interface Firewall {
  /** Drops every packet from `address` for `seconds`; resolves with what the firewall said ('ok' or why not). */
  ban(address: string, seconds: number): Promise<string>;
  unban(address: string): Promise<string>;
}

export interface NftOptions {
  family: string;
  table: string;
  /** The nft binary (tests may name one). */
  command?: string;
}

/**
 * Bans as elements of the sets `banned4` / `banned6` (flags timeout) of the
 * hotline table that appliance/nftables.conf loads, with a rule dropping
 * their packets before anything is accepted. The kernel expires an element
 * by itself; hotlined re-adds the active ones after a reboot. The address
 * is checked to be a plain IP before it becomes an argument (no shell).
 */
export function nftFirewall(opts: NftOptions): Firewall {
  const nft = opts.command ?? 'nft';
  const setOf = (address: string) => {
    const family = isIP(address);
    if (family === 0) throw new Error(`not an IP address: ${address}`);
    return family === 4 ? 'banned4' : 'banned6';
  };
  const call = async (args: string[]): Promise<string> => {
    try {
      await run(nft, args, { timeout: 10_000 });
      return 'ok';
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      return (e.stderr || e.message).trim().split('\n')[0]!.slice(0, 300);
    }
  };
  return {
    ban: (address, seconds) =>
      call([
        'add',
        'element',
        opts.family,
        opts.table,
        setOf(address),
        `{ ${address} timeout ${Math.max(1, Math.round(seconds))}s }`,
      ]),
    unban: (address) =>
      call(['delete', 'element', opts.family, opts.table, setOf(address), `{ ${address} }`]),
  };
}

/** With nft disabled (a development machine without the appliance's table): bans stay in hotlined only. */
export const noFirewall: Firewall = {
  ban: async () => 'nft disabled in the settings',
  unban: async () => 'nft disabled in the settings',
};
