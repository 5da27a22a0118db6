/**
 * app_queue's queue_log, one event a line:
 *   `time|callid|queue|agent|EVENT|data1|data2|...`
 * time is epoch seconds; callid is the caller channel's UNIQUEID (or NONE /
 * MANAGER for member and system events); queue is the section name (`qN`) or
 * NONE; agent is the member name (the seat extension, log_membername_as_agent)
 * or NONE. Pure: text in, events out.
 */
import { queueIdOfSection } from '../queues/schema.js';

export interface QueueEvent {
  at: number;
  callid: string;
  queue: string;
  /** N of a `qN` queue section; null for NONE and foreign names. */
  queueId: number | null;
  agent: string;
  event: string;
  /** Everything after EVENT, as written (pipes kept): the line's identity with the rest. */
  data: string;
  /** data1..data5 split out (empty when absent). */
  fields: [string, string, string, string, string];
}

/** Longest line accepted: app_queue's lines are short; a longer one is not queue_log. */
export const MAX_LINE_BYTES = 4096;

const TIME = /^[0-9]{9,11}$/;
const EVENT = /^[A-Z][A-Z_]{1,31}$/;
// No control characters in the identifying fields; the data may hold free text (a pause reason).
const TOKEN = /^[^\u0000-\u001f\u007f|]{1,128}$/u;

/** One line (without its newline) as an event, or null when it is not a queue_log line. */
export function parseQueueLogLine(line: string): QueueEvent | null {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text.length === 0 || text.length > MAX_LINE_BYTES) return null;
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(text)) return null;
  const parts = text.split('|');
  if (parts.length < 5) return null;
  const [time, callid, queue, agent, event] = parts as [string, string, string, string, string];
  if (!TIME.test(time) || !EVENT.test(event)) return null;
  if (!TOKEN.test(callid) || !TOKEN.test(queue) || !TOKEN.test(agent)) return null;
  const rest = parts.slice(5);
  return {
    at: Number(time),
    callid,
    queue,
    queueId: queueIdOfSection(queue),
    agent,
    event,
    data: rest.join('|'),
    fields: [rest[0] ?? '', rest[1] ?? '', rest[2] ?? '', rest[3] ?? '', rest[4] ?? ''],
  };
}

export interface ParsedChunk {
  events: QueueEvent[];
  /** Bytes of the chunk consumed: up to and including the last newline. */
  consumed: number;
  /** Complete lines that were not queue_log lines (skipped). */
  garbage: number;
  /** The first garbage line, shortened, for the log. */
  example?: string;
}

/**
 * Whole lines of a chunk read from the file. A last line without its newline
 * is Asterisk still writing it: it is left for the next read (not consumed),
 * unless it is already longer than any real line, in which case it is
 * consumed as garbage so one broken write cannot stall ingestion forever.
 */
export function parseQueueLogChunk(chunk: Buffer): ParsedChunk {
  const events: QueueEvent[] = [];
  let garbage = 0;
  let example: string | undefined;
  let start = 0;
  for (;;) {
    const nl = chunk.indexOf(0x0a, start);
    if (nl === -1) break;
    const line = chunk.toString('utf8', start, nl);
    start = nl + 1;
    if (line === '') continue;
    const e = parseQueueLogLine(line);
    if (e) events.push(e);
    else {
      garbage++;
      example ??= JSON.stringify(line.slice(0, 80));
    }
  }
  if (chunk.length - start > MAX_LINE_BYTES) {
    garbage++;
    example ??= JSON.stringify(chunk.toString('utf8', start, start + 80));
    start = chunk.length;
  }
  return { events, consumed: start, garbage, example };
}
