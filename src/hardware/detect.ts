import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Alarm } from './alarms.js';
import { parseDahdiScan, type ScannedSpan } from './parse-scan.js';
import { isTelephonyVendor, lookupCard, normalizeId, TELEPHONY_VENDORS } from './pci-ids.js';
import type { DahdiDriver } from './span-schema.js';
import {
  type DahdiDevice,
  type DahdiSpanInfo,
  readDahdiDevices,
  readDahdiSpans,
  readPciDevices,
} from './sysfs.js';
import type { HardwarePaths, ToolRunner } from './tools.js';

/**
 * What is in the box: PCI IDs name the card, the
 * dahdi_devices entry gives its location and port modes, span directories
 * give numbering and alarms, dahdi_scan adds what sysfs lacks. Ports are
 * keyed by device location + port number. Unknown telephony cards are
 * listed as unknown, not hidden. Nothing here throws on a box without DAHDI.
 */
export interface DetectedPort {
  port: number;
  /** `<location>#<port>`: stable across reboots, unlike the span number. */
  key: string | null;
  lineType: string | null;
  span: number | null;
  name: string | null;
  description: string | null;
  basechan: number | null;
  channels: number | null;
  alarms: Alarm[];
  syncSource: number | null;
  isSyncMaster: boolean;
}

export interface DetectedCard extends Omit<CardIds, 'portCount'> {
  location: string | null;
  manufacturer: string | null;
  deviceType: string | null;
  hardwareId: string | null;
  ports: DetectedPort[];
}

export interface Detection {
  present: boolean;
  dahdiLoaded: boolean;
  message: string | null;
  cards: DetectedCard[];
  scannedAt: string;
}

export const NO_HARDWARE = 'no DAHDI hardware';

export async function detectHardware(paths: HardwarePaths, run: ToolRunner): Promise<Detection> {
  const dahdiLoaded = existsSync(path.join(paths.devDahdi, 'ctl'));
  const devices = readDahdiDevices(paths.sysRoot);
  const spans = readDahdiSpans(paths.sysRoot);
  const scanned = dahdiLoaded ? await scan(run) : [];
  const cards: DetectedCard[] = [];
  const used = new Set<string>();

  for (const pci of readPciDevices(paths.sysRoot)) {
    const model = lookupCard(pci);
    if (!model && !isTelephonyVendor(pci.vendor)) continue;
    const dev = devices.find((d) => d.id === `pci:${pci.slot}`);
    if (dev) used.add(dev.id);
    const vendorId = normalizeId(pci.vendor);
    cards.push(
      card(dev, spans, scanned, {
        pciSlot: pci.slot,
        vendorId,
        deviceId: normalizeId(pci.device),
        vendor: vendorId ? (TELEPHONY_VENDORS[vendorId] ?? null) : null,
        model: model?.name ?? null,
        known: model !== null,
        driver: model?.driver ?? null,
        boundDriver: pci.driver,
        portCount: model?.ports ?? null,
      }),
    );
  }
  // DAHDI devices not on PCI (Astribanks on USB)
  for (const dev of devices.filter((d) => !used.has(d.id))) {
    cards.push(
      card(dev, spans, scanned, {
        pciSlot: null,
        vendorId: null,
        deviceId: null,
        vendor: dev.manufacturer,
        model: dev.type,
        known: dev.id.startsWith('astribanks:'),
        driver: dev.id.startsWith('astribanks:') ? 'xpp' : null,
        boundDriver: null,
        portCount: null,
      }),
    );
  }
  const present = cards.length > 0;
  return {
    present,
    dahdiLoaded,
    message: present ? (dahdiLoaded ? null : 'DAHDI drivers are not loaded') : NO_HARDWARE,
    cards,
    scannedAt: new Date().toISOString(),
  };
}

async function scan(run: ToolRunner): Promise<ScannedSpan[]> {
  const r = await run('dahdi_scan', []);
  return r.code === 0 ? parseDahdiScan(r.stdout).spans : [];
}

/** What PCI and sysfs tell of a card, before DAHDI's own view of it. */
interface CardIds {
  pciSlot: string | null;
  vendorId: string | null;
  deviceId: string | null;
  vendor: string | null;
  model: string | null;
  known: boolean;
  driver: DahdiDriver | null;
  boundDriver: string | null;
  portCount: number | null;
}

function card(
  dev: DahdiDevice | undefined,
  spans: DahdiSpanInfo[],
  scanned: ScannedSpan[],
  ids: CardIds,
): DetectedCard {
  const { portCount, ...rest } = ids;
  const location = dev?.location ?? null;
  const mine = dev ? spans.filter((s) => s.deviceId === dev.id) : [];
  const count = Math.max(dev?.portTypes.length ?? 0, dev?.spanCount ?? 0, mine.length, portCount ?? 0);
  const ports: DetectedPort[] = [];
  for (let port = 1; port <= count; port++) {
    const s = mine.find((x) => x.localSpan === port);
    const sc = s ? scanned.find((x) => x.span === s.span) : undefined;
    ports.push({
      port,
      key: location ? `${location}#${port}` : null,
      lineType: dev?.portTypes.find((p) => p.port === port)?.type ?? s?.spanType ?? null,
      span: s?.span ?? null,
      name: s?.name ?? null,
      description: s?.description ?? null,
      basechan: s?.basechan ?? null,
      channels: s?.channels ?? null,
      alarms: s ? s.alarms.alarms : [],
      syncSource: sc?.syncSource ?? s?.syncSource ?? null,
      isSyncMaster: s?.isSyncMaster ?? false,
    });
  }
  const scan0 = mine.map((s) => scanned.find((x) => x.span === s.span)).find((x) => x !== undefined);
  return {
    location,
    ...rest,
    manufacturer: dev?.manufacturer ?? scan0?.manufacturer ?? null,
    deviceType: scan0?.deviceType || dev?.type || null,
    hardwareId: dev?.hardwareId ?? null,
    ports,
  };
}
