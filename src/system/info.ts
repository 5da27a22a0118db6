import si from 'systeminformation';
import type { HealthSnapshot } from './health.js';
import { systemWarnings, type WarningInput } from './warnings.js';

/** systeminformation shells out (lsblk, ip, sensors): one collection at a time, reused briefly. */
const CACHE_MS = 2000;

const round1 = (n: number) => Math.round(n * 10) / 10;
const num = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);
/** Local mounts people care about; container overlays, snaps and tmpfs only add noise. */
const IGNORED_FS = /^(tmpfs|devtmpfs|overlay|squashfs|ramfs|proc|sysfs|cgroup2?|nsfs)$/;

async function collect(health: HealthSnapshot) {
  const [cpu, load, mem, disks, temp, ifaces, stats, os] = await Promise.all([
    si.cpu().catch(() => null),
    si.currentLoad().catch(() => null),
    si.mem().catch(() => null),
    si.fsSize().catch(() => []),
    si.cpuTemperature().catch(() => null),
    si.networkInterfaces().catch(() => []),
    si.networkStats('*').catch(() => []),
    si.osInfo().catch(() => null),
  ]);
  const time = si.time();
  const statsOf = new Map(stats.map((s) => [s.iface, s]));
  const memoryUsePercent = mem ? round1(((mem.total - mem.available) / mem.total) * 100) : null;
  const diskList = disks
    .filter((d) => !IGNORED_FS.test(d.type ?? ''))
    .map((d) => ({
      mount: d.mount,
      fs: d.fs,
      type: d.type,
      sizeBytes: d.size,
      usedBytes: d.used,
      usePercent: num(d.use) === null ? null : round1(d.use),
    }));
  const temps = [num(temp?.main), num(temp?.max), ...(temp?.cores ?? []).map(num)].filter(
    (x): x is number => x !== null,
  );
  const temperatureMaxCelsius = temps.length ? Math.max(...temps) : null;
  const cpuLoadPercent = load ? round1(load.currentLoad) : null;
  const info = {
    collectedAt: new Date().toISOString(),
    host: {
      hostname: os?.hostname ?? null,
      distro: os ? `${os.distro} ${os.release}`.trim() : null,
      kernel: os?.kernel ?? null,
      arch: os?.arch ?? null,
      uptimeSeconds: Math.round(Number(time.uptime) || 0),
    },
    cpu: {
      model: cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : null,
      cores: cpu?.cores ?? null,
      loadPercent: cpuLoadPercent,
      loadPerCore: load?.cpus.map((c) => round1(c.load)) ?? [],
    },
    memory: mem
      ? {
          totalBytes: mem.total,
          usedBytes: mem.total - mem.available,
          usePercent: memoryUsePercent,
          swapTotalBytes: mem.swaptotal,
          swapUsedBytes: mem.swapused,
        }
      : null,
    disks: diskList,
    // null where the box has no sensors (VMs, containers): the page says "not available".
    temperatures: {
      mainCelsius: num(temp?.main),
      maxCelsius: temperatureMaxCelsius,
      coresCelsius: (temp?.cores ?? []).map(num).filter((x): x is number => x !== null),
    },
    network: ifaces.map((i) => {
      const s = statsOf.get(i.iface);
      return {
        iface: i.iface,
        ip4: i.ip4 || null,
        ip6: i.ip6 || null,
        mac: i.mac || null,
        state: i.operstate,
        speedMbps: (num(i.speed) ?? 0) > 0 ? i.speed : null,
        internal: i.internal,
        rxBytes: s?.rx_bytes ?? null,
        txBytes: s?.tx_bytes ?? null,
        rxPerSecond: s ? num(s.rx_sec) : null,
        txPerSecond: s ? num(s.tx_sec) : null,
      };
    }),
    hotlined: { ...health.hotlined, node: process.version },
    asterisk: health.asterisk,
    ami: health.ami,
    ari: health.ari,
    db: health.db,
  };
  const warningInput: Omit<WarningInput, 'tls'> = {
    cpuLoadPercent,
    memoryUsePercent,
    disks: diskList,
    temperatureMaxCelsius,
    amiState: health.ami.state,
    dbOk: health.db.ok,
  };
  return { info, warningInput };
}
export type SystemInfo = Awaited<ReturnType<typeof collect>>['info'] & {
  warnings: ReturnType<typeof systemWarnings>;
};

/** The machine and the daemons, for the console's system page (collected at most every CACHE_MS). */
export function createSystemInfo(deps: { health: () => HealthSnapshot }) {
  let cached: { at: number; info: ReturnType<typeof collect> } | null = null;
  /** The warnings depend on the request (TLS or not), so they are made per call, not cached. */
  const info = async (opts: { tls: boolean } = { tls: true }): Promise<SystemInfo> => {
    const now = Date.now();
    if (!cached || now - cached.at > CACHE_MS) {
      const pending = collect(deps.health());
      cached = { at: now, info: pending };
      pending.catch(() => {
        cached = null;
      });
    }
    const { info, warningInput } = await cached.info;
    return { ...info, warnings: systemWarnings({ ...warningInput, tls: opts.tls }) };
  };
  return { info };
}
