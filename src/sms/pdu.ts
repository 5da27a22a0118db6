/**
 * SMS PDUs (3GPP TS 23.040 / 23.038), pure: the SMS-SUBMIT PDUs we send in
 * PDU mode (AT+CMGF=0) and the SMS-DELIVER and SMS-STATUS-REPORT PDUs a
 * modem hands us. Text is split into parts here: GSM 7-bit default alphabet
 * 160 septets alone, 153 per part of a concatenated message (an escape-table
 * character takes two septets and is never cut in half); UCS2 70 code units
 * alone, 67 per part, never splitting a surrogate pair.
 */

// TS 23.038 6.2.1: the default alphabet, by septet value (0x1B is the escape to the extension table).
const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// TS 23.038 6.2.1.1: the extension table (each sent as ESC + septet).
const GSM7_EXT: Record<string, number> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};
const GSM7_INDEX = new Map([...GSM7].map((c, i) => [c, i]));
const GSM7_EXT_BY_CODE = new Map(Object.entries(GSM7_EXT).map(([c, v]) => [v, c]));

export type SmsEncoding = 'gsm7' | 'ucs2';

/** Per-part capacity: septets (gsm7) or UTF-16 code units (ucs2). */
export const CAPACITY = {
  gsm7: { single: 160, multi: 153 },
  ucs2: { single: 70, multi: 67 },
} as const;

/** Septets of one character in the default alphabet, or 0 when it has none. */
function gsm7Size(c: string): number {
  if (GSM7_INDEX.has(c) && c !== '\x1b') return 1;
  return c in GSM7_EXT ? 2 : 0;
}

export function encodingOf(text: string): SmsEncoding {
  for (const c of text) if (gsm7Size(c) === 0) return 'ucs2';
  return 'gsm7';
}

/** The text cut into the parts it is sent as. */
export function splitText(text: string): { encoding: SmsEncoding; parts: string[] } {
  const encoding = encodingOf(text);
  const size = (c: string) => (encoding === 'gsm7' ? gsm7Size(c) : c.length);
  const chars = [...text]; // code points: a surrogate pair stays whole
  const total = chars.reduce((n, c) => n + size(c), 0);
  if (total <= CAPACITY[encoding].single) return { encoding, parts: [text] };
  const parts: string[] = [];
  let cur = '';
  let used = 0;
  for (const c of chars) {
    if (used + size(c) > CAPACITY[encoding].multi) {
      parts.push(cur);
      cur = '';
      used = 0;
    }
    cur += c;
    used += size(c);
  }
  parts.push(cur);
  return { encoding, parts };
}

const hex = (bytes: number[] | Buffer): string => Buffer.from(bytes).toString('hex').toUpperCase();

/** Septet values of a gsm7 text (escape-table characters as ESC + code). */
function toSeptets(text: string): number[] {
  const out: number[] = [];
  for (const c of text) {
    const i = GSM7_INDEX.get(c);
    if (i !== undefined && c !== '\x1b') out.push(i);
    else out.push(0x1b, GSM7_EXT[c] ?? 0x3f);
  }
  return out;
}

/** Packs septets LSB first into `into` from bit `startBit` (TS 23.038 6.1.2.1). */
function packSeptets(septets: number[], into: number[], startBit: number): void {
  septets.forEach((s, i) => {
    for (let b = 0; b < 7; b++) {
      const pos = startBit + i * 7 + b;
      const byte = pos >> 3;
      into[byte] = (into[byte] ?? 0) | (((s >> b) & 1) << (pos & 7));
    }
  });
}

function unpackSeptets(bytes: Buffer, startBit: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let b = 0; b < 7; b++) {
      const pos = startBit + i * 7 + b;
      s |= ((bytes[pos >> 3]! >> (pos & 7)) & 1) << b;
    }
    out.push(s);
  }
  return out;
}

function fromSeptets(septets: number[]): string {
  let out = '';
  for (let i = 0; i < septets.length; i++) {
    if (septets[i] === 0x1b && i + 1 < septets.length) out += GSM7_EXT_BY_CODE.get(septets[++i]!) ?? ' ';
    else out += GSM7[septets[i]!] ?? '?';
  }
  return out;
}

/** A number as TS 23.040 9.1.2.5 address digits: swapped semi-octets, F-padded. */
function bcd(digits: string): number[] {
  const d = digits.length % 2 ? `${digits}F` : digits;
  const out: number[] = [];
  for (let i = 0; i < d.length; i += 2) out.push(Number.parseInt(d[i + 1]! + d[i]!, 16));
  return out;
}

function unbcd(bytes: Buffer, digits: number): string {
  let s = '';
  for (const b of bytes) s += (b & 0x0f).toString(16) + (b >> 4).toString(16);
  return s.slice(0, digits);
}

/** Type of address: international (0x91) with a leading +, unknown/ISDN (0x81) otherwise. */
const toa = (number: string) => (number.startsWith('+') ? 0x91 : 0x81);

export interface SubmitOptions {
  to: string;
  text: string;
  /** The service centre; none: the one stored on the SIM (SMSC length 00). */
  smsc?: string | null;
  /** Ask for a status report (TP-SRR). */
  statusReport?: boolean;
  /** Concatenation reference of a multi-part message (1..255). */
  ref?: number;
}

export interface SubmitPdu {
  /** Hex as written after AT+CMGS=<tpduLength> and its prompt. */
  pdu: string;
  /** Octets after the SMSC part: the <length> of AT+CMGS in PDU mode. */
  tpduLength: number;
  text: string;
}

/** The SMS-SUBMIT PDUs of a text: one, or one per part of a concatenated message. */
export function encodeSubmit(o: SubmitOptions): { encoding: SmsEncoding; parts: SubmitPdu[] } {
  const { encoding, parts } = splitText(o.text);
  const smsc = o.smsc
    ? [bcd(o.smsc.replace('+', '')).length + 1, toa(o.smsc), ...bcd(o.smsc.replace('+', ''))]
    : [0];
  const to = o.to.replace('+', '');
  const ref = (o.ref ?? 1) & 0xff;
  const multi = parts.length > 1;
  return {
    encoding,
    parts: parts.map((text, i) => {
      // 05 00 03 ref total seq: IEI 00 (8-bit reference concatenation), TS 23.040 9.2.3.24.1
      const udh = multi ? [0x05, 0x00, 0x03, ref, parts.length, i + 1] : [];
      const ud: number[] = [...udh];
      let udl: number;
      if (encoding === 'ucs2') {
        const body = Buffer.from(text, 'utf16le').swap16();
        ud.push(...body);
        udl = ud.length;
      } else {
        const septets = toSeptets(text);
        const start = Math.ceil((udh.length * 8) / 7) * 7; // fill bits up to a septet boundary
        packSeptets(septets, ud, start);
        udl = start / 7 + septets.length;
      }
      const first = 0x01 | 0x10 | (o.statusReport ? 0x20 : 0) | (multi ? 0x40 : 0); // SUBMIT, VPF relative
      const tpdu = [
        first,
        0x00, // TP-MR: the modem assigns it and answers it in +CMGS
        to.length,
        toa(o.to),
        ...bcd(to),
        0x00, // TP-PID
        encoding === 'ucs2' ? 0x08 : 0x00,
        0xa7, // TP-VP: 24 hours
        udl,
        ...ud,
      ];
      return { pdu: hex(smsc) + hex(tpdu), tpduLength: tpdu.length, text };
    }),
  };
}

export interface Concat {
  ref: number;
  total: number;
  seq: number;
}

export interface DeliverPdu {
  type: 'deliver';
  from: string;
  text: string;
  /** Service centre time stamp (ms). */
  sentAt: number;
  concat: Concat | null;
}

export interface StatusReportPdu {
  type: 'status-report';
  /** TP-MR of the message this reports on (+CMGS answered it). */
  reference: number;
  recipient: string;
  /** TS 23.040 9.2.3.15: 0x00-0x1F done, 0x20-0x3F still trying, above: failed. */
  status: number;
  outcome: 'delivered' | 'pending' | 'failed';
}

class Reader {
  i = 0;
  constructor(readonly b: Buffer) {}
  byte(): number {
    if (this.i >= this.b.length) throw new Error('PDU too short');
    return this.b[this.i++]!;
  }
  take(n: number): Buffer {
    if (this.i + n > this.b.length) throw new Error('PDU too short');
    const s = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return s;
  }
  address(): string {
    const digits = this.byte();
    const type = this.byte();
    const raw = this.take(Math.ceil(digits / 2));
    if ((type & 0x70) === 0x50) return fromSeptets(unpackSeptets(raw, 0, Math.floor((digits * 4) / 7)));
    return (type & 0x70) === 0x10 ? `+${unbcd(raw, digits)}` : unbcd(raw, digits);
  }
  timestamp(): number {
    const d = [...this.take(7)].map((b) => (b & 0x0f) * 10 + (b >> 4));
    const tzRaw = this.b[this.i - 1]!;
    const quarters = ((tzRaw & 0x07) * 10 + (tzRaw >> 4)) * (tzRaw & 0x08 ? -1 : 1);
    return Date.UTC(2000 + d[0]!, d[1]! - 1, d[2], d[3], d[4], d[5]) - quarters * 15 * 60_000;
  }
}

/** TS 23.038 4: the alphabet of a data coding scheme. */
function alphabet(dcs: number): 'gsm7' | '8bit' | 'ucs2' {
  const group = dcs >> 4;
  if (group <= 0x07) return (['gsm7', '8bit', 'ucs2', 'gsm7'] as const)[(dcs >> 2) & 3]!;
  if (group === 0x0f) return dcs & 0x04 ? '8bit' : 'gsm7';
  return group === 0x0e ? 'ucs2' : 'gsm7';
}

function concatOf(udh: Buffer): Concat | null {
  for (let i = 0; i + 1 < udh.length; i += 2 + udh[i + 1]!) {
    const iei = udh[i];
    const at = i + 2;
    if (iei === 0x00 && udh[i + 1] === 3) return { ref: udh[at]!, total: udh[at + 1]!, seq: udh[at + 2]! };
    if (iei === 0x08 && udh[i + 1] === 4)
      return { ref: udh.readUInt16BE(at), total: udh[at + 2]!, seq: udh[at + 3]! };
  }
  return null;
}

/** A PDU a modem hands us (+CMGR, +CDS) with its SMSC part: a DELIVER or a STATUS-REPORT. */
export function decodePdu(pduHex: string): DeliverPdu | StatusReportPdu {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(pduHex)) throw new Error('PDU is not hex');
  const r = new Reader(Buffer.from(pduHex, 'hex'));
  r.take(r.byte()); // SMSC
  const first = r.byte();
  const mti = first & 0x03;
  if (mti === 0x02) {
    const reference = r.byte();
    const recipient = r.address();
    r.timestamp();
    r.timestamp();
    const status = r.byte();
    const outcome = status < 0x20 ? 'delivered' : status < 0x40 ? 'pending' : 'failed';
    return { type: 'status-report', reference, recipient, status, outcome };
  }
  if (mti !== 0x00) throw new Error(`PDU type ${mti} is not a DELIVER or STATUS-REPORT`);
  const from = r.address();
  r.byte(); // PID
  const dcs = r.byte();
  const sentAt = r.timestamp();
  const udl = r.byte();
  const rest = r.b.subarray(r.i);
  const udhLen = first & 0x40 ? rest[0]! + 1 : 0;
  const concat = udhLen ? concatOf(rest.subarray(1, udhLen)) : null;
  const kind = alphabet(dcs);
  let text: string;
  if (kind === 'gsm7') {
    const skip = Math.ceil((udhLen * 8) / 7);
    text = fromSeptets(unpackSeptets(rest, skip * 7, udl - skip));
  } else {
    const body = Buffer.from(rest.subarray(udhLen, udl));
    text = kind === 'ucs2' ? body.swap16().toString('utf16le') : body.toString('latin1');
  }
  return { type: 'deliver', from, text, sentAt, concat };
}
