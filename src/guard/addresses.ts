import { BlockList, isIP } from 'node:net';

/** `10.0.0.0/8`, `192.168.1.20/32`, `fd00::/8`: an address and a prefix length that fits its family. */
export function parseCidr(text: string): { address: string; prefix: number; family: 4 | 6 } | null {
  const m = /^([0-9a-fA-F:.]{2,39})\/([0-9]{1,3})$/.exec(text);
  if (!m) return null;
  const family = isIP(m[1]!);
  const prefix = Number(m[2]);
  if (family === 4 && prefix <= 32) return { address: m[1]!, prefix, family };
  if (family === 6 && prefix <= 128) return { address: m[1]!, prefix, family };
  return null;
}

/**
 * The addresses that are never banned: the allow-list, and the box's own
 * loopback (hotlined's AMI session lives there; a typo in its secret must
 * not cut the box off from itself).
 */
export function allowListMatcher(cidrs: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  list.addAddress('127.0.0.1', 'ipv4');
  list.addAddress('::1', 'ipv6');
  for (const c of cidrs) {
    const p = parseCidr(c);
    if (p) list.addSubnet(p.address, p.prefix, p.family === 4 ? 'ipv4' : 'ipv6');
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}
