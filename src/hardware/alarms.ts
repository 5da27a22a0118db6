/**
 * One alarm vocabulary for every place DAHDI reports alarms, each of which
 * spells them differently: the kernel bitmask in
 * sysfs `alarms` (hex), the short `/`-joined form of dahdi_scan, `dahdi show
 * status` and AMI DAHDIShowStatus, the words of /proc and channel sysfs, and
 * the single text of AMI Alarm/SpanAlarm/DAHDIShowChannels ("Red Alarm").
 */

export const ALARMS = ['RED', 'YELLOW', 'BLUE', 'LOS', 'LOF', 'RECOVERING', 'NOTOPEN', 'LOOP'] as const;
export type Alarm = (typeof ALARMS)[number];

/** What a reading says: the alarms, plus the two states that are not line alarms. */
export interface AlarmReading {
  alarms: Alarm[];
  /** No channel configured on the span (dahdi_scan/AMI `UNCONFIGURED`). */
  unconfigured: boolean;
  /** The driver reported bits the tools do not know (`UUU`), or the text was unreadable. */
  unknown: boolean;
}

/** Kernel bits from dahdi/user.h. LOS/LFA/LMFA are details some drivers add to RED. */
const BITS: readonly [number, Alarm][] = [
  [0x08, 'RED'],
  [0x04, 'YELLOW'],
  [0x10, 'BLUE'],
  [0x01, 'RECOVERING'],
  [0x02, 'LOOP'],
  [0x20, 'NOTOPEN'],
  [0x100, 'LOS'],
  [0x200, 'LOF'],
  // loss of CRC-4 multiframe alignment: still a framing loss for the operator
  [0x400, 'LOF'],
];
const KNOWN_BITS = BITS.reduce((m, [b]) => m | b, 0);

/** Display order: what to fix first. */
const ORDER: readonly Alarm[] = ['RED', 'LOS', 'LOF', 'BLUE', 'YELLOW', 'LOOP', 'NOTOPEN', 'RECOVERING'];
export const sortAlarms = (a: Iterable<Alarm>): Alarm[] => {
  const set = new Set(a);
  return ORDER.filter((x) => set.has(x));
};

const reading = (alarms: Iterable<Alarm>, extra: Partial<AlarmReading> = {}): AlarmReading => ({
  alarms: sortAlarms(alarms),
  unconfigured: false,
  unknown: false,
  ...extra,
});

/** sysfs span `alarms`: a hex bitmask such as `0x8` (decimal accepted, garbage → unknown). */
export function alarmsFromMask(raw: string): AlarmReading {
  const s = raw.trim();
  const n = /^0x[0-9a-f]{1,8}$/i.test(s) ? Number.parseInt(s, 16) : /^[0-9]{1,10}$/.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(n)) return reading([], { unknown: true });
  const out = BITS.filter(([b]) => (n & b) !== 0).map(([, a]) => a);
  return reading(out, { unknown: (n & ~KNOWN_BITS) !== 0 });
}

const SHORT: Record<string, Alarm> = {
  RED: 'RED',
  YEL: 'YELLOW',
  BLU: 'BLUE',
  REC: 'RECOVERING',
  LB: 'LOOP',
  NOP: 'NOTOPEN',
  LFA: 'LOF',
  LMFA: 'LOF',
  LOS: 'LOS',
};

/**
 * `OK`, `UNCONFIGURED` (the CLI truncates it to `UNCONFI`), `BLU/RED`,
 * `RED/LFA`, `LMFA/OK`, `UUU`: dahdi_scan, `dahdi show status`, DAHDIShowStatus.
 */
export function alarmsFromShort(raw: string): AlarmReading {
  const s = raw.trim().toUpperCase();
  if (s === '') return reading([], { unknown: true });
  if (/^UNCONFI/.test(s)) return reading([], { unconfigured: true });
  const out: Alarm[] = [];
  let unknown = false;
  for (const part of s.split('/')) {
    if (part === 'OK') continue;
    const a = SHORT[part];
    if (a) out.push(a);
    else unknown = true; // UUU, or something newer than this table
  }
  return reading(out, { unknown });
}

const WORDS: Record<string, Alarm> = {
  RED: 'RED',
  YELLOW: 'YELLOW',
  BLUE: 'BLUE',
  RECOVERING: 'RECOVERING',
  LOOP: 'LOOP',
  NOTOPEN: 'NOTOPEN',
};

/** /proc/dahdi/N line 1 and channel sysfs: space-separated words; other words are ignored. */
export function alarmsFromWords(raw: string): AlarmReading {
  return reading(
    raw
      .split(/\s+/)
      .map((w) => WORDS[w.toUpperCase()])
      .filter((a): a is Alarm => a !== undefined),
  );
}

const SINGLE: Record<string, Alarm | null> = {
  'no alarm': null,
  'red alarm': 'RED',
  'yellow alarm': 'YELLOW',
  'blue alarm': 'BLUE',
  recovering: 'RECOVERING',
  loopback: 'LOOP',
  'not open': 'NOTOPEN',
};

/**
 * The single text of AMI `Alarm`/`SpanAlarm` and DAHDIShowChannels: only the
 * highest-priority bit survives in it, so RED may hide a YELLOW.
 */
export function alarmFromText(raw: string): AlarmReading {
  const key = raw.trim().toLowerCase();
  if (!(key in SINGLE)) return reading([], { unknown: true });
  const a = SINGLE[key];
  return reading(a ? [a] : []);
}

/** True when the span can carry calls (RECOVERING is settling, not yet up). */
export const isClear = (r: AlarmReading): boolean => r.alarms.length === 0 && !r.unknown;
