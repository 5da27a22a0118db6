import type { HostConfig, Network } from './schema.js';

/** The networkd file hotlined owns; it sorts before the image's 50-dhcp.network, so it wins for its interface. */
export const NETWORK_FILE = 'etc/systemd/network/10-hotline.network';
export const TIMESYNC_FILE = 'etc/systemd/timesyncd.conf.d/hotline.conf';

/**
 * The operating-system files of a host configuration, by path relative to
 * the root, `null` for a file that must not exist (DHCP: the image's own
 * 50-dhcp.network applies). Pure: every value was validated by the schema
 * (host names, addresses, zone names), so none can break a line.
 */
export function hostFiles(c: HostConfig): Map<string, string | null> {
  const short = c.hostname.split('.')[0]!;
  return new Map<string, string | null>([
    ['etc/hostname', `${c.hostname}\n`],
    [
      'etc/hosts',
      `127.0.0.1\tlocalhost\n127.0.1.1\t${c.hostname === short ? short : `${c.hostname}\t${short}`}\n` +
        '::1\tlocalhost ip6-localhost ip6-loopback\n',
    ],
    ['etc/timezone', `${c.timezone}\n`],
    [NETWORK_FILE, networkFile(c.network)],
    [TIMESYNC_FILE, c.ntp.length ? `# written by hotlined\n[Time]\nNTP=${c.ntp.join(' ')}\n` : null],
  ]);
}

function networkFile(n: Network): string | null {
  if (n.mode === 'dhcp') return null;
  return [
    '# written by hotlined (console: 初始设置 / 网络)',
    '[Match]',
    `Name=${n.interface}`,
    '',
    '[Network]',
    `Address=${n.address}/${n.prefix}`,
    `Gateway=${n.gateway}`,
    ...n.dns.map((d) => `DNS=${d}`),
    '',
  ].join('\n');
}
