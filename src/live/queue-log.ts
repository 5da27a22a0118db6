/**
 * Today's queue figures from Asterisk's queue_log, so a restarted hotlined
 * starts with the day's counts instead of zeros. The format (one line per
 * event) is `time|callid|queue|agent|EVENT|data1|data2|...`; callid is the
 * caller channel's UNIQUEID (the same id AMI queue events carry), agent is the
 * member name (`log_membername_as_agent = yes`) or NONE. Pure: text in, facts out.
 */

export interface QueueLogEntry {
  /** Epoch ms. */
  at: number;
  callid: string;
  queue: string;
  agent: string;
  event: string;
  data: string[];
}

export function parseQueueLogLine(line: string): QueueLogEntry | null {
  const parts = line.replace(/\r$/, '').split('|');
  if (parts.length < 5) return null;
  const [time, callid, queue, agent, event, ...data] = parts as [string, string, string, string, string];
  const t = Number(time);
  if (!Number.isFinite(t) || t <= 0 || !event) return null;
  return { at: Math.round(t * 1000), callid, queue, agent, event, data };
}

/** What one queue_log line means for today's counters (null: nothing). */
export type QueueLogFact =
  | { kind: 'offered'; queue: string; callid: string }
  | { kind: 'answered'; queue: string; callid: string; agent: string; holdSec: number }
  | { kind: 'abandoned'; queue: string; callid: string; waitSec: number }
  /** Left unanswered by the queue's rules or a key (max wait, empty queue, key press). */
  | { kind: 'exited'; queue: string; callid: string }
  | { kind: 'completed'; queue: string; callid: string; agent: string; talkSec: number };

export function factOf(e: QueueLogEntry): QueueLogFact | null {
  if (e.callid === 'NONE' || !e.callid || e.queue === 'NONE') return null;
  const base = { queue: e.queue, callid: e.callid };
  switch (e.event) {
    case 'ENTERQUEUE':
      return { kind: 'offered', ...base };
    case 'CONNECT': // holdtime|bridged channel uniqueid|ringtime
      return { kind: 'answered', ...base, agent: e.agent, holdSec: num(e.data[0]) };
    case 'ABANDON': // position|origposition|waittime
      return { kind: 'abandoned', ...base, waitSec: num(e.data[2]) };
    case 'EXITWITHTIMEOUT':
    case 'EXITEMPTY':
    case 'EXITWITHKEY':
      return { kind: 'exited', ...base };
    case 'COMPLETEAGENT':
    case 'COMPLETECALLER': // holdtime|calltime|origposition
      return { kind: 'completed', ...base, agent: e.agent, talkSec: num(e.data[1]) };
    case 'TRANSFER':
    case 'BLINDTRANSFER':
    case 'ATTENDEDTRANSFER': // ...|holdtime|calltime|origposition: the last three fields
      return { kind: 'completed', ...base, agent: e.agent, talkSec: num(e.data[e.data.length - 2]) };
    default:
      return null;
  }
}

/** Facts of complete lines at or after `since` (epoch ms), from a chunk of the file. */
export function queueLogFacts(text: string, since: number): QueueLogFact[] {
  const facts: QueueLogFact[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const e = parseQueueLogLine(line);
    if (!e || e.at < since) continue;
    const f = factOf(e);
    if (f) facts.push(f);
  }
  return facts;
}

function num(v: string | undefined): number {
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}
