import { type AlarmReading, alarmsFromShort } from './alarms.js';

/**
 * `dahdi_scan` output: an INI-like block per span,
 * `[N]` then `key=value` lines; analog spans add repeated `port=N,FXS` lines.
 * Lines that fit neither shape are skipped and counted, never fatal.
 */
export interface ScannedSpan {
  span: number;
  active: boolean;
  alarms: AlarmReading;
  /** `LMFA/OK`: CRC4 configured but no CRC-4 multiframe alignment. */
  crc4Misaligned: boolean;
  name: string;
  description: string;
  manufacturer: string;
  deviceType: string;
  location: string;
  basechan: number | null;
  totalChannels: number | null;
  /** `digital-E1` → e1; `digital-TE`/`NT` (BRI) → bri; `analog`. */
  lineType: 'e1' | 't1' | 'j1' | 'bri' | 'analog' | 'unknown';
  /** Port this card's clock is locked to (0 = own oscillator). */
  syncSource: number | null;
  lbo: string;
  coding: string;
  framing: string;
  codingOptions: string[];
  framingOptions: string[];
  /** Analog ports only. */
  ports: { port: number; type: string }[];
}

export interface ScanResult {
  spans: ScannedSpan[];
  skippedLines: number;
}

const num = (s: string | undefined): number | null => (s && /^-?[0-9]{1,9}$/.test(s) ? Number(s) : null);

function lineTypeOf(raw: string): ScannedSpan['lineType'] {
  const t = raw.toLowerCase();
  if (t === 'digital-e1') return 'e1';
  if (t === 'digital-t1') return 't1';
  if (t === 'digital-j1') return 'j1';
  if (t === 'digital-te' || t === 'digital-nt') return 'bri';
  if (t === 'analog') return 'analog';
  return 'unknown';
}

const list = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

export function parseDahdiScan(text: string): ScanResult {
  const blocks: { span: number; kv: Map<string, string>; ports: ScannedSpan['ports'] }[] = [];
  let skipped = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const head = /^\[(\d{1,4})\]$/.exec(line);
    if (head) {
      blocks.push({ span: Number(head[1]), kv: new Map(), ports: [] });
      continue;
    }
    const cur = blocks.at(-1);
    const eq = line.indexOf('=');
    if (!cur || eq <= 0) {
      skipped++;
      continue;
    }
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'port') {
      const m = /^(\d+),(\S+)/.exec(value);
      if (m) cur.ports.push({ port: Number(m[1]), type: m[2] ?? '' });
      else skipped++;
      continue;
    }
    if (!/^[a-z_]+$/.test(key)) {
      skipped++;
      continue;
    }
    cur.kv.set(key, value);
  }
  const spans = blocks.map(({ span, kv, ports }): ScannedSpan => {
    const alarmsText = kv.get('alarms') ?? '';
    return {
      span,
      active: kv.get('active') === 'yes',
      alarms: alarmsFromShort(alarmsText),
      crc4Misaligned: /(^|\/)LMFA(\/|$)/i.test(alarmsText),
      name: kv.get('name') ?? '',
      description: kv.get('description') ?? '',
      manufacturer: kv.get('manufacturer') ?? '',
      deviceType: kv.get('devicetype') ?? '',
      location: kv.get('location') ?? '',
      basechan: num(kv.get('basechan')),
      totalChannels: num(kv.get('totchans')),
      lineType: lineTypeOf(kv.get('type') ?? ''),
      syncSource: num(kv.get('syncsrc')),
      lbo: kv.get('lbo') ?? '',
      coding: kv.get('coding') ?? '',
      framing: kv.get('framing') ?? '',
      codingOptions: list(kv.get('coding_opts')),
      framingOptions: list(kv.get('framing_opts')),
      ports,
    };
  });
  return { spans, skippedLines: skipped };
}
