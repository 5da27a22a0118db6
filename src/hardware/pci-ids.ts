import type { DahdiDriver } from './span-schema.js';

/**
 * E1/T1 cards by PCI (and USB) ID, from dahdi-tools' Dahdi::Hardware::PCI,
 * the wct4xxp/wcte13xp/wcte43x ID tables and OpenVox's fork of DAHDI.
 * The stock dahdi_hardware does not know OpenVox
 * cards, so we match ourselves, with dahdi_hardware's precedence:
 * vendor:device/subvendor:subdevice, then vendor:device/subvendor, then
 * vendor:device.
 */
export interface CardModel {
  name: string;
  driver: DahdiDriver;
  /** E1/T1 ports; null when the ID alone does not say (e.g. a Sangoma we have no row for). */
  ports: number | null;
}

const card = (name: string, driver: DahdiDriver, ports: number | null): CardModel => ({
  name,
  driver,
  ports,
});

/** Keys are lower-case hex `vvvv:dddd`, optionally `/ssvv` or `/ssvv:ssdd`. */
const TABLE: Record<string, CardModel> = {
  'd161:0205': card('Digium TE205P', 'wct4xxp', 2),
  'd161:0210': card('Digium TE210P', 'wct4xxp', 2),
  'd161:0220': card('Digium TE220', 'wct4xxp', 2),
  'd161:1205': card('Digium TE205P (5th gen)', 'wct4xxp', 2),
  'd161:1210': card('Digium TE210P (5th gen)', 'wct4xxp', 2),
  'd161:1220': card('Digium TE220 (5th gen)', 'wct4xxp', 2),
  'd161:0405': card('Digium TE405P', 'wct4xxp', 4),
  'd161:0410': card('Digium TE410P', 'wct4xxp', 4),
  'd161:0420': card('Digium TE420', 'wct4xxp', 4),
  'd161:1405': card('Digium TE405P (5th gen)', 'wct4xxp', 4),
  'd161:1410': card('Digium TE410P (5th gen)', 'wct4xxp', 4),
  'd161:1420': card('Digium TE420 (5th gen)', 'wct4xxp', 4),
  'd161:1820': card('Digium TE820', 'wct4xxp', 8),
  '10ee:0314': card('Digium TE405P/TE410P (1st gen)', 'wct4xxp', 4),
  'd161:0120': card('Digium TE120P', 'wcte12xp', 1),
  'd161:8000': card('Digium TE121', 'wcte12xp', 1),
  'd161:8001': card('Digium TE122', 'wcte12xp', 1),
  'e159:0001/71fe': card('Digium TE110P', 'wcte11xp', 1),
  'e159:0001/79fe': card('Digium TE110P', 'wcte11xp', 1),
  'e159:0001/795e': card('Digium TE110P', 'wcte11xp', 1),
  'e159:0001/79de': card('Digium TE110P', 'wcte11xp', 1),
  'e159:0001/797e': card('Digium TE110P', 'wcte11xp', 1),
  'd161:800a': card('Digium TE131/TE133', 'wcte13xp', 1),
  'd161:800b': card('Digium TE132/TE134', 'wcte13xp', 1),
  'd161:800e': card('Digium TE435/TE235', 'wcte43x', 4),
  'd161:8013': card('Digium TE436/TE236', 'wcte43x', 4),
  '1b74:d130': card('OpenVox D130', 'opvxd115', 1),
  '1b74:0115': card('OpenVox D115', 'opvxd115', 1),
  '1b74:d210': card('OpenVox D210', 'wct4xxp', 2),
  '1b74:d230': card('OpenVox D230', 'wct4xxp', 2),
  '1b74:d410': card('OpenVox D410', 'wct4xxp', 4),
  '1b74:1420': card('OpenVox D420P', 'wct4xxp', 4),
  '1b74:d430': card('OpenVox D430', 'wct4xxp', 4),
  '1923:0300': card('Sangoma A101', 'wanpipe', 1),
  '1923:0100': card('Sangoma A104d', 'wanpipe', 4),
  '1923:0400': card('Sangoma A104u', 'wanpipe', 4),
};

/** Vendors whose unknown devices are still worth listing (as unknown) rather than hiding. */
export const TELEPHONY_VENDORS: Record<string, string> = {
  d161: 'Digium',
  '1b74': 'OpenVox',
  '1923': 'Sangoma',
  e159: 'Tiger Jet (Digium/OpenVox)',
  e4e4: 'Xorcom',
};

export interface PciIds {
  vendor: string;
  device: string;
  subsystemVendor?: string;
  subsystemDevice?: string;
}

/** sysfs writes `0xd161\n`; we key on bare lower-case hex. Anything else → null. */
export function normalizeId(raw: string | undefined): string | null {
  const s = (raw ?? '').trim().toLowerCase().replace(/^0x/, '');
  return /^[0-9a-f]{4}$/.test(s) ? s : null;
}

export function lookupCard(ids: PciIds): CardModel | null {
  const v = normalizeId(ids.vendor);
  const d = normalizeId(ids.device);
  if (!v || !d) return null;
  const sv = normalizeId(ids.subsystemVendor);
  const sd = normalizeId(ids.subsystemDevice);
  const keys = [sv && sd ? `${v}:${d}/${sv}:${sd}` : null, sv ? `${v}:${d}/${sv}` : null, `${v}:${d}`].filter(
    (k): k is string => k !== null,
  );
  for (const k of keys) {
    const hit = TABLE[k];
    if (hit) return hit;
  }
  return null;
}

/**
 * A TE110P shares `e159:0001` with the TDM400P analog card: without the right
 * subsystem it is not ours. Every other ID of a telephony vendor we do not
 * know is listed as an unknown card.
 */
export function isTelephonyVendor(vendor: string): boolean {
  const v = normalizeId(vendor);
  return v !== null && v in TELEPHONY_VENDORS;
}
