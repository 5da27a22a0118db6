/**
 * Mandarin words for the values a notification speaks, so espeak-ng reads
 * them the way a person would: 123.45 元 as 一百二十三元四角五分, 2026-12-02
 * as 二零二六年十二月二日, 14:05 as 十四点零五分, CA1234 letter by letter
 * and digit by digit (1 as 幺, as numbers are read aloud on the phone).
 * Pure: strings in, strings out.
 */

const DIGIT = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
/** Digits read one by one on the phone: 1 is 幺, so it is not heard as 7. */
const PHONE_DIGIT = ['零', '幺', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const SMALL_UNITS = ['', '十', '百', '千'] as const;
const BIG_UNITS = ['', '万', '亿', '万亿'] as const;

/** 0 … 9999 in a group; `inner`: not the number's first group (a leading zero is read 零). */
function group(n: number, inner: boolean): string {
  const digits = String(n).padStart(4, '0').split('').map(Number);
  let out = '';
  let zero = false;
  let started = false;
  digits.forEach((d, i) => {
    const unit = SMALL_UNITS[3 - i]!;
    if (d === 0) {
      if (started || inner) zero = true;
      return;
    }
    if (zero && (started || inner)) out += '零';
    zero = false;
    started = true;
    out += DIGIT[d] + unit;
  });
  return out;
}

/** A whole number in words: 10 十, 15 十五, 105 一百零五, 100010 十万零一十. */
export function integerWords(n: number | bigint): string {
  let v = BigInt(n);
  if (v < 0n) return `负${integerWords(-v)}`;
  if (v === 0n) return '零';
  if (v >= 10n ** 16n) return digitWords(v.toString());
  const groups: number[] = [];
  while (v > 0n) {
    groups.unshift(Number(v % 10000n));
    v /= 10000n;
  }
  let out = '';
  let pendingZero = false;
  groups.forEach((g, i) => {
    const unit = BIG_UNITS[groups.length - 1 - i]!;
    if (g === 0) {
      pendingZero = out !== '';
      return;
    }
    const inner = out !== '';
    const words = group(g, inner);
    // 0 in front of a group below 1000 is said once: 一万零五 (10005), 一亿零五十万
    out += (pendingZero && !words.startsWith('零') ? '零' : '') + words + unit;
    pendingZero = false;
  });
  // 一十 at the very start is said 十 (十五, 十万)
  return out.startsWith('一十') ? out.slice(1) : out;
}

/** Digits one by one (phone numbers, flight and order numbers). */
export function digitWords(s: string): string {
  return [...s].map((c) => (/[0-9]/.test(c) ? PHONE_DIGIT[Number(c)] : c)).join('');
}

/** An amount of 元: 123.45 一百二十三元四角五分, 123.05 一百二十三元零五分, 0.5 五角, 100 一百元. */
export function moneyWords(value: string): string {
  const m = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(value.trim().replace(/,/g, ''));
  if (!m) return value;
  const [, sign, yuanText, fraction = ''] = m;
  const yuan = BigInt(yuanText!);
  const jiao = Number(fraction[0] ?? '0');
  const fen = Number(fraction[1] ?? '0');
  let out = yuan > 0n ? `${integerWords(yuan)}元` : '';
  if (jiao > 0) out += `${DIGIT[jiao]}角`;
  else if (fen > 0 && yuan > 0n) out += '零';
  if (fen > 0) out += `${DIGIT[fen]}分`;
  if (out === '') out = '零元';
  return (sign ? '负' : '') + out;
}

/** A decimal number: 3.14 三点一四, 42 四十二. */
export function numberWords(value: string): string {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(value.trim().replace(/,/g, ''));
  if (!m) return value;
  const [, sign, whole, fraction] = m;
  const words =
    integerWords(BigInt(whole!)) +
    (fraction ? `点${[...fraction].map((d) => DIGIT[Number(d)]).join('')}` : '');
  return (sign ? '负' : '') + words;
}

/** 2026-12-02 (or 2026/12/2) 二零二六年十二月二日; the year digit by digit, as it is said. */
export function dateWords(value: string): string {
  const m = /^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$/.exec(value.trim());
  if (!m) return value;
  const [, y, mo, d] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return value;
  const year = [...y!].map((c) => DIGIT[Number(c)]).join('');
  return `${year}年${integerWords(month)}月${integerWords(day)}日`;
}

/** 14:05 十四点零五分, 8:30 八点三十分, 09:00 九点整, 23:59:30 … 五十九分三十秒. */
export function timeWords(value: string): string {
  const m = /^([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?$/.exec(value.trim());
  if (!m) return value;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
  if (h > 23 || mi > 59 || s > 59) return value;
  const hour = `${h === 2 ? '两' : integerWords(h)}点`;
  if (mi === 0 && s === 0) return `${hour}整`;
  const minute = mi < 10 ? `零${DIGIT[mi]}分` : `${integerWords(mi)}分`;
  return hour + minute + (s ? `${integerWords(s)}秒` : '');
}

/** A date and time: 2026-12-02 14:05 (or with T between). */
export function dateTimeWords(value: string): string {
  const m = /^(\S+)[ T](\S+)$/.exec(value.trim());
  return m
    ? `${dateWords(m[1]!)}${timeWords(m[2]!.replace(/(:[0-9]{2})(:[0-9]{2})?([.][0-9]+)?Z?$/, '$1$2'))}`
    : value;
}

/** A code read character by character: CA1234 → C A 幺 二 三 四 (letters spaced so each is named). */
export function spellWords(value: string): string {
  return [...value.trim().toUpperCase()]
    .filter((c) => /[A-Z0-9]/.test(c))
    .map((c) => (/[0-9]/.test(c) ? PHONE_DIGIT[Number(c)] : c))
    .join(' ');
}

export const VALUE_KINDS = [
  'money',
  'number',
  'date',
  'time',
  'datetime',
  'digits',
  'spell',
  'text',
] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** The kind a value looks like when the template does not say (a flight number, a date, …). */
export function guessKind(value: string): ValueKind {
  const v = value.trim();
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$/.test(v)) return 'date';
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{2}/.test(v)) return 'datetime';
  if (/^[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?$/.test(v)) return 'time';
  if (/^[A-Z][A-Z0-9][0-9]{2,5}$/i.test(v) || /^[A-Z]{2,4}[0-9]{4,}$/i.test(v)) return 'spell';
  if (/^\+?[0-9]{5,}$/.test(v) && !/^-?[1-9][0-9]{0,4}$/.test(v)) return 'digits';
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(v)) return 'number';
  return 'text';
}

/** One value in the words of its kind. */
export function speak(value: string, kind: ValueKind = guessKind(value)): string {
  switch (kind) {
    case 'money':
      return moneyWords(value);
    case 'number':
      return numberWords(value);
    case 'date':
      return dateWords(value);
    case 'time':
      return timeWords(value);
    case 'datetime':
      return dateTimeWords(value);
    case 'digits':
      return digitWords(value.replace(/[^0-9]/g, ''));
    case 'spell':
      return spellWords(value);
    default:
      return value;
  }
}

/** `{{name}}` or `{{name|kind}}` in a message template. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*(?:\|\s*([a-z]+)\s*)?\}\}/g;

/**
 * Fills a message: for speech each value in words of its kind, for text as
 * given. A placeholder without a value is left out (the caller checked the
 * rule's template against the event's variables when it could).
 */
export function fill(template: string, vars: Record<string, string>, mode: 'speech' | 'text'): string {
  return template.replace(PLACEHOLDER, (_all, name: string, kind?: string) => {
    const value = vars[name];
    if (value === undefined) return '';
    if (mode === 'text') return value;
    return speak(
      value,
      (VALUE_KINDS as readonly string[]).includes(kind ?? '') ? (kind as ValueKind) : undefined,
    );
  });
}

/** The placeholder names of a template, in order of first use. */
export function placeholderNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}
