import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const CONF = fileURLToPath(new URL('../../../appliance/nftables.conf', import.meta.url));
const text = readFileSync(CONF, 'utf8');
/** Rule lines of the input chain, comments dropped. */
const lines = text
  .split('\n')
  .map((l) => l.replace(/#.*/, '').trim())
  .filter((l) => l !== '');

/** The set's declaration block: its type and flags. */
function setBlock(name: string): string | undefined {
  return new RegExp(`set ${name} \\{([^}]*)\\}`).exec(text)?.[1];
}

t.test('every rate limit is a per-source meter, never one bucket shared by all hosts', async (t) => {
  const limited = lines.filter((l) => / limit rate /.test(l));
  t.ok(limited.length >= 4, 'SIP and ping limits for IPv4 and IPv6');
  for (const l of limited) {
    const m =
      /add @([a-z0-9_]+) \{ (ip|ip6) saddr limit rate over [0-9]+\/second( burst [0-9]+ packets)? \} drop$/.exec(
        l,
      );
    t.ok(m, `keyed on the source address: ${l}`);
    if (!m) continue;
    const set = setBlock(m[1]!);
    t.ok(set, `${m[1]} is declared`);
    t.match(set, m[2] === 'ip' ? /type ipv4_addr/ : /type ipv6_addr/, `${m[1]} holds ${m[2]} addresses`);
    t.match(set, /flags dynamic/, `${m[1]} is filled by the packet path`);
    t.match(set, /timeout \d+[smh]/, `${m[1]} forgets quiet sources`);
    t.match(set, /size \d+/, `${m[1]} is bounded`);
  }
  const established = lines.findIndex((l) => l.startsWith('ct state established'));
  for (const [what, re] of [
    ['SIP over IPv4', /udp dport 5060 add @\w+ \{ ip saddr/],
    ['SIP over IPv6', /udp dport 5060 add @\w+ \{ ip6 saddr/],
    ['ping over IPv4', /icmp type echo-request add @\w+ \{ ip saddr/],
    ['ping over IPv6', /icmpv6 type echo-request add @\w+ \{ ip6 saddr/],
  ] as const) {
    const at = lines.findIndex((l) => re.test(l));
    t.ok(at >= 0, `${what} is metered`);
    t.ok(at < established, `${what} is metered before established traffic is let through`);
  }
  t.notOk(
    lines.some((l) => /^(ip |ip6 )?.*limit rate (?!over)/.test(l) && !/add @/.test(l)),
    'no shared limit left',
  );
});

t.test('IPv6 works: neighbour discovery, path MTU and a LAN set for the services', async (t) => {
  const icmpv6 = lines.filter((l) => l.startsWith('icmpv6 type'));
  for (const type of [
    'nd-neighbor-solicit',
    'nd-neighbor-advert',
    'nd-router-advert',
    'packet-too-big',
    'destination-unreachable',
    'echo-request',
  ]) {
    t.ok(
      icmpv6.some((l) => l.includes(type) && l.endsWith('accept')),
      `ICMPv6 ${type} accepted`,
    );
  }
  t.ok(
    icmpv6.some((l) => l.includes('nd-neighbor-solicit') && l.includes('ip6 hoplimit 255')),
    'neighbour discovery only from the local link',
  );
  t.match(setBlock('lan6'), /type ipv6_addr/);
  for (const port of ['8443', 'udp dport 5060', 'udp dport 10000-20000']) {
    t.ok(
      lines.some((l) => l.startsWith('ip6 saddr @lan6') && l.includes(port)),
      `${port} open to the IPv6 LAN`,
    );
  }
  t.notOk(
    lines.some((l) => /dport \{?[^}]*\b(5038|8088)\b/.test(l)),
    'AMI and ARI are never opened',
  );
});

const nft = spawnSync('nft', ['-c', '-f', CONF], { encoding: 'utf8' });
const cannot = nft.error
  ? `nft is not installed here: ${nft.error.message}`
  : /Operation not permitted|Permission denied/.test(nft.stderr)
    ? `nft -c needs CAP_NET_ADMIN here: ${nft.stderr.trim()}`
    : false;

t.test('nft accepts the file (nft -c)', { skip: cannot }, async (t) => {
  t.equal(nft.status, 0, nft.stderr);
});
