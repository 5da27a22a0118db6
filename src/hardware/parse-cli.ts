/**
 * CLI text from `Command`, for what AMI has no
 * structured action for. Fixed-width tables are cut by the column widths of
 * chan_dahdi's printf format, never split on spaces: values contain spaces
 * (`SEIZE ACK`) and are silently truncated (`SEIZE AC`). Lines that do not
 * parse are skipped and counted.
 */

export interface PriSpanLine {
  span: number;
  /** Index of the D-channel in the span's group (0 = primary). */
  dchannelIndex: number;
  inAlarm: boolean;
  up: boolean;
  active: boolean;
}

/** `PRI span 1/0: Up, Active` / `PRI span 2/0: In Alarm, Down, Standby`. No output = no PRI spans. */
export function parsePriShowSpans(text: string): { spans: PriSpanLine[]; skippedLines: number } {
  const spans: PriSpanLine[] = [];
  let skipped = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^PRI span (\d{1,4})\/(\d{1,2}):\s*(.*)$/.exec(line);
    if (!m) {
      skipped++;
      continue;
    }
    const words = (m[3] ?? '').split(',').map((w) => w.trim().toLowerCase());
    spans.push({
      span: Number(m[1]),
      dchannelIndex: Number(m[2]),
      inAlarm: words.includes('in alarm'),
      up: words.includes('up'),
      active: words.includes('active'),
    });
  }
  return { spans, skippedLines: skipped };
}

/** MFC/R2 CAS signals as chan_dahdi names them (openr2_proto_get_*_cas_str). */
export const R2_CAS = [
  'IDLE',
  'BLOCK',
  'SEIZE',
  'SEIZE ACK',
  'CLEAR BACK',
  'FORCED RELEASE',
  'CLEAR FORWARD',
  'ANSWER',
] as const;
export type R2Cas = (typeof R2_CAS)[number];

export interface R2ChannelLine {
  channel: number;
  link: number | null;
  variant: string;
  maxAni: number | null;
  maxDnis: number | null;
  aniFirst: boolean;
  immediateAccept: boolean;
  /** A known signal, or the raw bits (`0x0F`) when in alarm or not aligned. */
  txCas: R2Cas | string;
  rxCas: R2Cas | string;
}

/** `%4s %4s %-7.7s %-7.7s %-8.8s %-9.9s %-16.16s %-8.8s %-8.8s` (the header overflows `Link#`). */
const R2_WIDTHS = [4, 4, 7, 7, 8, 9, 16, 8, 8];

function cut(line: string, widths: number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const w of widths) {
    out.push(line.slice(at, at + w).trim());
    at += w + 1;
  }
  return out;
}

/** A CAS column, un-truncated when it is the unique prefix of a known name. */
export function casName(raw: string): R2Cas | string {
  const s = raw.trim().toUpperCase();
  const exact = R2_CAS.find((c) => c === s);
  if (exact) return exact;
  const prefixed = R2_CAS.filter((c) => s.length >= 5 && c.startsWith(s));
  return prefixed.length === 1 && prefixed[0] ? prefixed[0] : raw.trim();
}

const n = (s: string | undefined) => (s && /^[0-9]{1,3}$/.test(s) ? Number(s) : null);

export function parseMfcr2Channels(text: string): { channels: R2ChannelLine[]; skippedLines: number } {
  const channels: R2ChannelLine[] = [];
  let skipped = 0;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || /^\s*Chan\s+Link#/.test(raw)) continue;
    const [chan, link, variant, maxAni, maxDnis, aniFirst, accept, tx, rx] = cut(raw, R2_WIDTHS);
    const channel = n(chan);
    if (channel === null || channel === 0 || !variant) {
      skipped++;
      continue;
    }
    channels.push({
      channel,
      link: n(link),
      variant: variant.toLowerCase(),
      maxAni: n(maxAni),
      maxDnis: n(maxDnis),
      aniFirst: aniFirst?.toLowerCase() === 'yes',
      immediateAccept: accept?.toLowerCase() === 'yes',
      txCas: casName(tx ?? ''),
      rxCas: casName(rx ?? ''),
    });
  }
  return { channels, skippedLines: skipped };
}

/** Counters of `/proc/dahdi/<span>` (each line present only when non-zero) and the header flags. */
export interface ProcSpan {
  timingSlips: number;
  crc4Errors: number;
  bpv: number;
  ebitErrors: number;
  fasErrors: number;
  irqMisses: number;
  master: boolean;
  clockSource: boolean;
}

/** /proc/dahdi/<span>: `Span 1: TE4/0/1 "..." (MASTER) CCS/HDB3/CRC4 ClockSource ` then `\tTiming slips: 3`. */
export function parseProcSpan(text: string): ProcSpan {
  const first = text.split('\n', 1)[0] ?? '';
  const count = (label: string) => {
    const m = new RegExp(`^\\s*${label}:\\s*([0-9]{1,12})\\s*$`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };
  return {
    timingSlips: count('Timing slips'),
    crc4Errors: count('CRC4 error count'),
    bpv: count('BPV count'),
    ebitErrors: count('E-bit error count'),
    fasErrors: count('FAS error count'),
    irqMisses: count('IRQ misses'),
    master: /\(MASTER\)/.test(first),
    clockSource: /\bClockSource\b/.test(first),
  };
}
