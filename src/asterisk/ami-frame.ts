/**
 * AMI wire format: bytes → frames → messages, and actions → bytes.
 *
 * AMI is "Key: value" lines ending in CRLF, one blank line after each message.
 * Real Asterisk bends this: `CoreShowChannelMap` ends with
 * `\r\n\n` (18.19+/20.4+), some events carry an extra blank line, keys arrive
 * with no value (`AOR:`), keys repeat (`UserEvent`, `ChanVariable`). Everything
 * here is pure and never throws on input from the wire: a bad line is skipped,
 * a frame without `Event`/`Response` is reported and dropped, an oversized line
 * or frame is discarded up to the next blank line so memory stays bounded.
 */
import { AppError } from '../errors.js';

/** One AMI message; keys as Asterisk sends them ('Event', 'ActionID', 'EndpointName'). */
export type AmiMessage = Readonly<Record<string, string>>;

export interface FramerLimits {
  /** Longest line kept, in UTF-16 units; AMI lines are well under 1 KiB in practice. */
  maxLineChars: number;
  /** Largest frame kept; `Command` output of a big dialplan is the largest legitimate one. */
  maxFrameChars: number;
}

export const DEFAULT_LIMITS: FramerLimits = { maxLineChars: 256 * 1024, maxFrameChars: 8 * 1024 * 1024 };

export interface FramerSink {
  /** `Asterisk Call Manager/9.0.0`, the first line of a session (it has no blank line after it). */
  banner(line: string): void;
  frame(lines: string[]): void;
  dropped(reason: 'line_too_long' | 'frame_too_long'): void;
}

const BANNER = /^Asterisk Call Manager\//;

/** Drops trailing CRs (`\r\n`, `\r\r\n`); a loop, since /\r+$/ backtracks quadratically on CR runs. */
function trimCR(line: string): string {
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  return end === line.length ? line : line.slice(0, end);
}
const BLANK = /^[ \t]*$/;

/** Cuts a character stream into frames (arrays of lines). Keep one per connection. */
export class AmiFramer {
  /** Pieces of the current unfinished line, joined once its newline arrives (linear, not quadratic). */
  private partial: string[] = [];
  private partialChars = 0;
  private lines: string[] = [];
  private frameChars = 0;
  private discarding = false; // inside a frame that already broke a limit
  private skippingLine = false; // inside a line that broke maxLineChars
  private firstLine = true;

  constructor(
    private readonly sink: FramerSink,
    private readonly limits: FramerLimits = DEFAULT_LIMITS,
  ) {}

  push(chunk: string): void {
    let pos = 0;
    if (this.skippingLine || this.partialChars > 0) {
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        if (!this.skippingLine) this.keep(chunk);
        return;
      }
      pos = nl + 1;
      if (this.skippingLine) {
        this.skippingLine = false;
      } else {
        this.partial.push(chunk.slice(0, nl));
        const line = this.partial.join('');
        this.partial = [];
        this.partialChars = 0;
        this.line(trimCR(line));
      }
    }
    for (let nl = chunk.indexOf('\n', pos); nl >= 0; nl = chunk.indexOf('\n', pos)) {
      const line = chunk.slice(pos, nl);
      pos = nl + 1;
      this.line(trimCR(line));
    }
    if (pos < chunk.length) this.keep(pos === 0 ? chunk : chunk.slice(pos));
  }

  /** Holds the start of a line that has no newline yet, unless it is already too long. */
  private keep(piece: string): void {
    this.partialChars += piece.length;
    if (this.partialChars <= this.limits.maxLineChars) {
      this.partial.push(piece);
      return;
    }
    this.partial = [];
    this.partialChars = 0;
    this.skippingLine = true;
    this.breakFrame('line_too_long');
  }

  private line(line: string): void {
    if (this.firstLine) {
      this.firstLine = false;
      if (BANNER.test(line)) {
        this.sink.banner(line);
        return;
      }
    }
    if (BLANK.test(line)) {
      const lines = this.lines;
      const keep = !this.discarding && lines.length > 0;
      this.lines = [];
      this.frameChars = 0;
      this.discarding = false;
      if (keep) this.sink.frame(lines);
      return;
    }
    if (this.discarding) return;
    if (line.length > this.limits.maxLineChars) {
      this.breakFrame('line_too_long');
      return;
    }
    this.frameChars += line.length;
    if (this.frameChars > this.limits.maxFrameChars) {
      this.breakFrame('frame_too_long');
      return;
    }
    this.lines.push(line);
  }

  private breakFrame(reason: 'line_too_long' | 'frame_too_long'): void {
    this.lines = [];
    this.frameChars = 0;
    if (this.discarding) return;
    this.discarding = true;
    this.sink.dropped(reason);
  }
}

/** Keys we route on; some modules have spelled them differently over the years (`Actionid`). */
const CANONICAL = new Map(
  ['ActionID', 'Response', 'Event', 'EventList', 'Message', 'Output'].map((k) => [k.toLowerCase(), k]),
);

/** Printable ASCII without spaces; real keys include `ChanVariable(PJSIP/1001-0000001)`. */
const KEY = /^[\x21-\x7e]{1,256}$/;

const REPEATS = Symbol('ami.repeats');
type Carrier = { [REPEATS]?: ReadonlyMap<string, readonly string[]> };

export type ParsedFrame =
  | { msg: AmiMessage; badLines: number }
  | { msg: null; badLines: number; reason: 'no_event_or_response' };

/**
 * Lines → message. A repeated key keeps its first value in the message (so a
 * second `Event:` can never re-route a frame); all values stay reachable through
 * `fieldValues()`. Lines without a colon or with a junk key are counted and skipped.
 */
export function parseFrame(lines: readonly string[]): ParsedFrame {
  // No prototype: keys come from the wire, and 'constructor' or '__proto__' must be plain data.
  const msg: Record<string, string> = Object.create(null);
  let repeats: Map<string, string[]> | undefined;
  let badLines = 0;
  for (const line of lines) {
    const colon = line.indexOf(':');
    const rawKey = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!KEY.test(rawKey)) {
      badLines++;
      continue;
    }
    const key = CANONICAL.get(rawKey.toLowerCase()) ?? rawKey;
    // Exactly one space follows the colon; more belongs to the value (indented CLI `Output:`).
    const value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    const first = msg[key];
    if (first === undefined) {
      msg[key] = value;
      continue;
    }
    repeats ??= new Map();
    const all = repeats.get(key);
    if (all) all.push(value);
    else repeats.set(key, [first, value]);
  }
  if (!msg['Event'] && !msg['Response']) return { msg: null, badLines, reason: 'no_event_or_response' };
  if (repeats) Object.defineProperty(msg, REPEATS, { value: repeats, enumerable: false });
  return { msg: Object.freeze(msg), badLines };
}

/** Every value of a key in arrival order (`Output`, `ChanVariable`, a repeated `UserEvent` field). */
export function fieldValues(msg: AmiMessage, key: string): string[] {
  const all = (msg as Carrier)[REPEATS]?.get(key);
  if (all) return [...all];
  const one = msg[key];
  return one === undefined ? [] : [one];
}

/**
 * `NAME=value` pairs from `ChanVariable:` lines (events, with `channelvars` set
 * in manager.conf) and `Variable:` lines (Status responses); first value wins.
 * A `Variable:` without '=' (Getvar, VarSet) is a plain field and is left out.
 */
export function variables(
  msg: AmiMessage,
  keys: readonly string[] = ['ChanVariable', 'Variable'],
): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const key of keys) {
    for (const pair of fieldValues(msg, key)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      if (out[name] === undefined) out[name] = pair.slice(eq + 1);
    }
  }
  return out;
}

export type AmiFields = Readonly<Record<string, string | number | readonly string[]>>;

const ACTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_()/.-]{0,127}$/;

/**
 * Action → bytes. Values must not contain CR or LF: one would let a caller's
 * text (a display name, a CRM field) inject headers or whole actions.
 * Arrays become repeated lines (Originate's `Variable: A=1`, `Variable: B=2`).
 */
export function serializeAction(name: string, actionId: string, fields: AmiFields = {}): string {
  if (!ACTION_NAME.test(name)) throw new AppError('validation', `invalid AMI action name '${name}'`);
  let out = `Action: ${name}\r\nActionID: ${actionId}\r\n`;
  for (const [key, value] of Object.entries(fields)) {
    if (!FIELD_KEY.test(key))
      throw new AppError('validation', `invalid AMI field name '${key}'`, { field: key });
    const lower = key.toLowerCase();
    if (lower === 'action' || lower === 'actionid') {
      throw new AppError('validation', `AMI field '${key}' is set by the adapter`, { field: key });
    }
    for (const v of typeof value === 'object' ? value : [value]) {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new AppError('validation', `AMI field '${key}' is not a finite number`, { field: key });
      }
      const text = String(v);
      if (/[\r\n]/.test(text)) {
        throw new AppError('validation', `AMI field '${key}' contains a line break`, { field: key });
      }
      out += `${key}: ${text}\r\n`;
    }
  }
  return out + '\r\n';
}
