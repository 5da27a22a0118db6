/**
 * Builds sysfs-shaped fixture trees in a temp
 * directory: PCI devices, /sys/bus/dahdi_devices and span directories
 * linked under their device the way the kernel links them.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface FixtureSpan {
  span: number;
  local: number;
  name: string;
  desc: string;
  alarms?: string;
  basechan: number;
  channels: number;
  spantype?: string;
  lineconfig?: string;
  syncsrc?: number;
  isSyncMaster?: boolean;
}

export interface FixtureCard {
  slot: string;
  vendor: string;
  device: string;
  subsystemVendor?: string;
  subsystemDevice?: string;
  /** Bound module; omit for an unbound device. */
  driver?: string;
  /** Present when DAHDI registered the card. */
  dahdi?: {
    manufacturer: string;
    type: string;
    location: string;
    hardwareId?: string;
    spantype: string;
    spans: FixtureSpan[];
  };
}

const put = (file: string, text: string) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${text}\n`);
};

export function sysfsFixture(cards: FixtureCard[]): { root: string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'hotline-sysfs-'));
  const devices = path.join(root, 'devices/pci0000:00');
  mkdirSync(path.join(root, 'bus/pci/devices'), { recursive: true });
  for (const c of cards) {
    const dev = path.join(devices, c.slot);
    put(path.join(dev, 'vendor'), `0x${c.vendor}`);
    put(path.join(dev, 'device'), `0x${c.device}`);
    put(path.join(dev, 'subsystem_vendor'), `0x${c.subsystemVendor ?? c.vendor}`);
    put(path.join(dev, 'subsystem_device'), `0x${c.subsystemDevice ?? '0000'}`);
    if (c.driver) {
      const mod = path.join(root, 'module', c.driver);
      mkdirSync(mod, { recursive: true });
      const drv = path.join(root, 'bus/pci/drivers', c.driver);
      mkdirSync(drv, { recursive: true });
      symlinkSync(mod, path.join(drv, 'module'));
      symlinkSync(drv, path.join(dev, 'driver'));
    }
    symlinkSync(dev, path.join(root, 'bus/pci/devices', c.slot));
    if (!c.dahdi) continue;
    const d = c.dahdi;
    const ddev = path.join(dev, `pci:${c.slot}`);
    put(path.join(ddev, 'manufacturer'), d.manufacturer);
    put(path.join(ddev, 'type'), d.type);
    put(path.join(ddev, 'location'), d.location);
    put(path.join(ddev, 'hardware_id'), d.hardwareId ?? '');
    put(path.join(ddev, 'span_count'), String(d.spans.length));
    put(path.join(ddev, 'spantype'), d.spantype);
    mkdirSync(path.join(root, 'bus/dahdi_devices/devices'), { recursive: true });
    symlinkSync(ddev, path.join(root, 'bus/dahdi_devices/devices', `pci:${c.slot}`));
    mkdirSync(path.join(root, 'bus/dahdi_spans/devices'), { recursive: true });
    for (const s of d.spans) {
      const sdir = path.join(ddev, `span-${s.span}`);
      put(path.join(sdir, 'name'), s.name);
      put(path.join(sdir, 'desc'), s.desc);
      put(path.join(sdir, 'alarms'), s.alarms ?? '0x0');
      put(path.join(sdir, 'local_spanno'), String(s.local));
      put(path.join(sdir, 'basechan'), String(s.basechan));
      put(path.join(sdir, 'channels'), String(s.channels));
      put(path.join(sdir, 'spantype'), s.spantype ?? 'E1');
      put(path.join(sdir, 'lineconfig'), s.lineconfig ?? 'CCS/HDB3/CRC4');
      put(path.join(sdir, 'syncsrc'), String(s.syncsrc ?? 0));
      put(path.join(sdir, 'is_sync_master'), s.isSyncMaster ? '1' : '0');
      symlinkSync(sdir, path.join(root, 'bus/dahdi_spans/devices', `span-${s.span}`));
    }
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A TE420 in slot 02:00.0 with four E1 ports, span 2 in red alarm; and an unknown OpenVox device. */
export const TE420_AND_UNKNOWN: FixtureCard[] = [
  {
    slot: '0000:02:00.0',
    vendor: 'd161',
    device: '1420',
    driver: 'wct4xxp',
    dahdi: {
      manufacturer: 'Digium',
      type: 'Wildcard TE420 (5th Gen) (VPMOCT128)',
      location: 'PCI Express Bus 02 Slot 01',
      hardwareId: '1TE420F-0012345',
      spantype: '1:E1\n2:E1\n3:E1\n4:E1',
      spans: [1, 2, 3, 4].map((n) => ({
        span: n,
        local: n,
        name: `TE4/0/${n}`,
        desc: `T4XXP (PCI) Card 0 Span ${n}`,
        alarms: n === 2 ? '0x108' : '0x0',
        basechan: 1 + (n - 1) * 31,
        channels: 31,
        lineconfig: n === 3 ? 'CAS/HDB3' : 'CCS/HDB3/CRC4',
        syncsrc: 1,
        isSyncMaster: n === 1,
      })),
    },
  },
  { slot: '0000:03:00.0', vendor: '1b74', device: 'f00d' },
  // an Ethernet controller: not telephony, never listed
  { slot: '0000:00:19.0', vendor: '8086', device: '15b8', driver: 'e1000e' },
];
