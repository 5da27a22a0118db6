/** 简体中文 strings of the security pages (bans, backups), merged into the main dictionary by ./index.ts. */
export const guardZh = {
  nav: { group: { system: '系统' } },
  wb: { banners: { source_banned: '来源地址已被封禁' } },
  guard: {
    title: '安全封禁',
    search: '搜索地址',
    settings: '封禁规则',
    threshold: '失败次数阈值',
    windowMinutes: '统计时间窗（分钟）',
    banMinutes: '封禁时长（分钟）',
    allowList: '白名单网段',
    allowListHelp: '每行一个网段，例如 192.168.0.0/16；白名单内的地址永不封禁',
    address: '来源地址',
    bannedAt: '封禁时间',
    expiresAt: '解封时间',
    failures: '失败次数',
    lastEvent: '最后事件',
    firewall: '防火墙结果',
  },
};
