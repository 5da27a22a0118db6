import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { cleanLocation } from '../e1/signalling.js';
import { type AlarmReading, alarmsFromMask } from './alarms.js';
import type { PciIds } from './pci-ids.js';

/**
 * Reads DAHDI's sysfs (/sys/bus/dahdi_devices, span directories) and the PCI bus under a root
 * that tests point at fixture trees. Missing directories mean "nothing
 * there", a missing or unreadable attribute is null: sysfs on a box without
 * DAHDI simply has no dahdi_* buses, and that is not an error.
 */

export interface DahdiDevice {
  /** Directory name: `pci:0000:02:00.0`, `astribanks:xbus-00`. */
  id: string;
  manufacturer: string | null;
  type: string | null;
  /** As the driver wrote it. */
  rawLocation: string | null;
  /** Cleaned the way dahdi_span_assignments matches it: the key of our port model. */
  location: string | null;
  hardwareId: string | null;
  spanCount: number | null;
  /** `spantype`: one `local:TYPE` per port. */
  portTypes: { port: number; type: string }[];
}

export interface DahdiSpanInfo {
  span: number;
  /** The dahdi_devices entry this span belongs to (from the sysfs parent), if known. */
  deviceId: string | null;
  localSpan: number | null;
  name: string | null;
  description: string | null;
  spanType: string | null;
  alarms: AlarmReading;
  basechan: number | null;
  channels: number | null;
  lineConfig: string | null;
  syncSource: number | null;
  isSyncMaster: boolean;
}

export interface PciDevice extends PciIds {
  slot: string;
  /** Bound kernel module, dahdi_hardware's `+`; null when no driver is bound (`-`). */
  driver: string | null;
}

const read = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8').replace(/\n+$/, '');
  } catch {
    return null;
  }
};
const list = (dir: string): string[] => {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
};
const int = (s: string | null): number | null =>
  s !== null && /^\s*-?[0-9]{1,9}\s*$/.test(s) ? Number(s) : null;

/** `spantype` of a device: `1:E1\n2:T1`; other lines are ignored. */
export function parsePortTypes(text: string | null): { port: number; type: string }[] {
  const out: { port: number; type: string }[] = [];
  for (const line of (text ?? '').split('\n')) {
    const m = /^\s*(\d{1,2}):([A-Za-z0-9-]{1,12})\s*$/.exec(line);
    if (m) out.push({ port: Number(m[1]), type: (m[2] ?? '').toUpperCase() });
  }
  return out;
}

export function readDahdiDevices(sysRoot: string): DahdiDevice[] {
  const base = path.join(sysRoot, 'bus/dahdi_devices/devices');
  return list(base).map((id) => {
    const attr = (a: string) => read(path.join(base, id, a));
    const rawLocation = attr('location');
    return {
      id,
      manufacturer: attr('manufacturer'),
      type: attr('type'),
      rawLocation,
      location: rawLocation === null || rawLocation === '' ? null : cleanLocation(rawLocation),
      hardwareId: attr('hardware_id') || null,
      spanCount: int(attr('span_count')),
      portTypes: parsePortTypes(attr('spantype')),
    };
  });
}

/** The device a span hangs under: its sysfs parent directory (span dirs are symlinks into it). */
function parentDevice(spanDir: string): string | null {
  try {
    return path.basename(path.dirname(realpathSync(spanDir)));
  } catch {
    return null;
  }
}

export function readDahdiSpans(sysRoot: string): DahdiSpanInfo[] {
  const base = path.join(sysRoot, 'bus/dahdi_spans/devices');
  const out: DahdiSpanInfo[] = [];
  for (const entry of list(base)) {
    const m = /^span-(\d{1,4})$/.exec(entry);
    if (!m) continue;
    const dir = path.join(base, entry);
    const attr = (a: string) => read(path.join(dir, a));
    const parent = parentDevice(dir);
    out.push({
      span: Number(m[1]),
      deviceId: parent && parent !== 'devices' ? parent : null,
      localSpan: int(attr('local_spanno')),
      name: attr('name'),
      description: attr('desc'),
      spanType: attr('spantype'),
      alarms: alarmsFromMask(attr('alarms') ?? ''),
      basechan: int(attr('basechan')),
      channels: int(attr('channels')),
      lineConfig: attr('lineconfig'),
      syncSource: int(attr('syncsrc')),
      isSyncMaster: int(attr('is_sync_master')) === 1,
    });
  }
  return out.sort((a, b) => a.span - b.span);
}

export function readPciDevices(sysRoot: string): PciDevice[] {
  const base = path.join(sysRoot, 'bus/pci/devices');
  return list(base).map((slot) => {
    const attr = (a: string) => read(path.join(base, slot, a)) ?? '';
    let driver: string | null = null;
    try {
      driver = path.basename(readlinkSync(path.join(base, slot, 'driver/module')));
    } catch {
      try {
        driver = path.basename(readlinkSync(path.join(base, slot, 'driver')));
      } catch {
        driver = null;
      }
    }
    return {
      slot,
      vendor: attr('vendor'),
      device: attr('device'),
      subsystemVendor: attr('subsystem_vendor'),
      subsystemDevice: attr('subsystem_device'),
      driver,
    };
  });
}
