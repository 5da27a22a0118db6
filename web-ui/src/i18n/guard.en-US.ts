/** English strings of the security pages (bans, backups). */
export const guardEn = {
  nav: { group: { system: 'System' } },
  wb: { banners: { source_banned: 'Source banned' } },
  guard: {
    title: 'Bans',
    search: 'Search address',
    settings: 'Ban rules',
    threshold: 'Failures that ban',
    windowMinutes: 'Window (minutes)',
    banMinutes: 'Ban time (minutes)',
    allowList: 'Allow-list networks',
    allowListHelp: 'One network per line, e.g. 192.168.0.0/16; addresses in it are never banned',
    address: 'Source address',
    bannedAt: 'Banned at',
    expiresAt: 'Until',
    failures: 'Failures',
    lastEvent: 'Last event',
    firewall: 'Firewall',
  },
};
