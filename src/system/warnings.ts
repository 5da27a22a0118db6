/**
 * Thresholds that turn system figures into warnings: shown on the system page
 * and meant for the wallboard banner (disk almost full, Asterisk disconnected).
 * Pure, so the thresholds are tested without a machine that is actually full.
 */
export const THRESHOLDS = {
  diskUsePercent: 90,
  memoryUsePercent: 90,
  cpuLoadPercent: 90,
  temperatureCelsius: 80,
} as const;

export type WarningKey = 'disk' | 'memory' | 'cpu' | 'temperature' | 'asterisk' | 'database' | 'tls';

export interface SystemWarning {
  key: WarningKey;
  /** The mount, interface or component concerned, when there is one. */
  subject?: string;
  value?: number;
  threshold?: number;
}

export interface WarningInput {
  cpuLoadPercent: number | null;
  memoryUsePercent: number | null;
  disks: { mount: string; usePercent: number | null }[];
  temperatureMaxCelsius: number | null;
  amiState: string;
  dbOk: boolean;
  /** The console was reached over TLS (passwords and the session cookie cross the LAN in clear otherwise). */
  tls: boolean;
}

export function systemWarnings(i: WarningInput): SystemWarning[] {
  const out: SystemWarning[] = [];
  for (const d of i.disks) {
    if (d.usePercent !== null && d.usePercent >= THRESHOLDS.diskUsePercent) {
      out.push({ key: 'disk', subject: d.mount, value: d.usePercent, threshold: THRESHOLDS.diskUsePercent });
    }
  }
  if (i.memoryUsePercent !== null && i.memoryUsePercent >= THRESHOLDS.memoryUsePercent) {
    out.push({ key: 'memory', value: i.memoryUsePercent, threshold: THRESHOLDS.memoryUsePercent });
  }
  if (i.cpuLoadPercent !== null && i.cpuLoadPercent >= THRESHOLDS.cpuLoadPercent) {
    out.push({ key: 'cpu', value: i.cpuLoadPercent, threshold: THRESHOLDS.cpuLoadPercent });
  }
  if (i.temperatureMaxCelsius !== null && i.temperatureMaxCelsius >= THRESHOLDS.temperatureCelsius) {
    out.push({
      key: 'temperature',
      value: i.temperatureMaxCelsius,
      threshold: THRESHOLDS.temperatureCelsius,
    });
  }
  if (i.amiState !== 'connected') out.push({ key: 'asterisk', subject: i.amiState });
  if (!i.dbOk) out.push({ key: 'database' });
  if (!i.tls) out.push({ key: 'tls' });
  return out;
}
