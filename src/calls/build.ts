import { LOST } from '../cdr/schema.js';
import { isRecordingPath } from '../recordings/paths.js';
import { holdSeconds, seatOfChannel } from './holds.js';
import type { CallRecord, CdrForCall, Direction, HoldRow, Outcome, QueueEventRow } from './rows.js';

/** A channel to a person: a phone or trunk technology, not a local or media channel. */
const PERSON_CHANNEL = /^(PJSIP|SIP|IAX2|DAHDI|WebRTC)\//i;
/** queue_log events that end a queue visit with the caller gone or moved on. */
const QUEUE_EXITS = new Set(['ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY', 'CONNECT']);
const QUEUE_TALK_END = new Set(['COMPLETEAGENT', 'COMPLETECALLER']);
const TRANSFERS = new Set(['BLINDTRANSFER', 'ATTENDEDTRANSFER']);

const int = (s: string): number | null => {
  if (!/^[0-9]{1,9}$/.test(s)) return null;
  return Number(s);
};
const round = (x: number) => Math.max(0, Math.round(x));
const seatOf = seatOfChannel;
/** billsec is whole seconds cut down (2.97 s is 2); the CDR's own times round properly. */
const talkOf = (leg: CdrForCall) =>
  leg.answer_at !== null && leg.end_at !== null ? round(leg.end_at - leg.answer_at) : leg.billsec;
/** When a seat answered: the exact time [hotline-answered] wrote, else the line's own second. */
const answeredAt = (e: QueueEventRow): number => {
  const t = Number(e.data1);
  return Number.isFinite(t) && t > 0 ? t : e.at;
};

/**
 * Pure: the CDRs of one linkedid and the queue_log events of its channels
 * into one calls row; null when there is no CDR yet (the call is not over).
 * Queue facts (wait, agent, talk) come from queue_log, which app_queue
 * writes with exact figures; hold from the agent's hold intervals; the rest
 * from the CDRs.
 */
export function buildCall(
  cdrs: CdrForCall[],
  events: QueueEventRow[],
  holds: HoldRow[] = [],
): CallRecord | null {
  // A LOST leg stands for a CDR Asterisk never wrote: if the spool has one for that channel after all, it wins.
  const fromSpool = new Set(cdrs.filter((r) => r.disposition !== LOST).map((r) => r.uniqueid));
  const legs = cdrs.filter((r) => r.disposition !== LOST || !fromSpool.has(r.uniqueid));
  if (legs.length === 0) return null;
  const rows = [...legs].sort((a, b) => a.start_at - b.start_at || a.sequence - b.sequence || a.id - b.id);
  const linkedid = rows[0]!.linkedid;
  // The caller's own CDRs: party A is the channel that started the call.
  const origin = rows.find((r) => r.uniqueid === linkedid) ?? rows[0]!;
  const byEnd = [...rows].sort((a, b) => (a.end_at ?? a.start_at) - (b.end_at ?? b.start_at));
  const lastNonEmpty = (f: (r: CdrForCall) => string) =>
    byEnd
      .map(f)
      .filter((v) => v !== '')
      .pop() ?? '';

  const did = rows.map((r) => r.did).find((v) => v !== '') ?? '';
  const ivrPath = lastNonEmpty((r) => r.ivrpath);
  const enteredAt = Math.min(...rows.map((r) => r.start_at));
  const ends = rows.map((r) => r.end_at).filter((v): v is number => v !== null);
  const endedAt = ends.length > 0 ? Math.max(...ends) : null;

  const evs = [...events].sort((a, b) => a.at - b.at || a.id - b.id);
  const entered = evs.filter((e) => e.event === 'ENTERQUEUE');
  const connect = evs.filter((e) => e.event === 'CONNECT').pop();
  const lastQueue = [...evs].reverse().find((e) => e.queue_id !== null && e.event !== 'RINGNOANSWER');
  const queueId = lastQueue?.queue_id ?? null;

  // A person leg: answered, to a phone or trunk channel that is not the caller.
  const personLegs = rows.filter(
    (r) =>
      r.dstchannel !== '' &&
      PERSON_CHANNEL.test(r.dstchannel) &&
      r.disposition === 'ANSWERED' &&
      r.answer_at !== null &&
      (r.lastapp === 'Dial' || r.lastapp === 'Queue' || r.lastapp === 'Followme'),
  );
  const personLeg = personLegs.pop();
  const answered = connect !== undefined || personLeg !== undefined;

  let agent = '';
  let talkSeconds = 0;
  let waitSeconds: number | null = null;
  if (entered.length > 0) {
    // holdtime is data1 of CONNECT, data3 of ABANDON/EXIT*, data4 of EXITWITHKEY
    let wait = 0;
    let seen = false;
    for (const e of evs) {
      let w: number | null = null;
      if (e.event === 'CONNECT') w = int(e.data1);
      else if (e.event === 'EXITWITHKEY') w = int(e.data4);
      else if (QUEUE_EXITS.has(e.event)) w = int(e.data3);
      if (w !== null) {
        wait += w;
        seen = true;
      }
    }
    if (!seen) {
      // no exit event (queue_log lost or the call still open): time from joining to the end
      const from = entered[0]!.at;
      wait = endedAt !== null ? round(endedAt - from) : 0;
    }
    waitSeconds = wait;
  }
  if (connect) {
    agent = connect.agent === 'NONE' ? '' : connect.agent;
    const done = evs.filter((e) => QUEUE_TALK_END.has(e.event) || TRANSFERS.has(e.event));
    for (const e of done) {
      const t = int(TRANSFERS.has(e.event) ? e.data4 : e.data2);
      if (t !== null) talkSeconds += t;
    }
    if (done.length === 0 && personLeg) talkSeconds = talkOf(personLeg);
    else if (done.length === 0 && endedAt !== null) talkSeconds = round(endedAt - connect.at);
  } else if (personLeg) {
    agent = seatOf(personLeg.dstchannel);
    // The caller's CDR was answered by the IVR or the queue, not by the seat: talk starts
    // when the seat answered (queue_log ANSWERED), and the wait is everything before it.
    const seatAnswer = evs.find((e) => e.event === 'ANSWERED' && (agent === '' || e.agent === agent));
    const end = personLeg.end_at ?? endedAt;
    if (seatAnswer && end !== null) {
      const at = answeredAt(seatAnswer);
      talkSeconds = round(end - at);
      if (waitSeconds === null) waitSeconds = round(at - enteredAt);
    } else {
      talkSeconds = talkOf(personLeg);
      if (waitSeconds === null && personLeg.answer_at !== null)
        waitSeconds = round(personLeg.answer_at - personLeg.start_at);
    }
  }

  const seatLegs = rows.filter((r) => r.lastapp === 'Dial' && seatOf(r.dstchannel) !== '');
  if (waitSeconds === null && !answered && seatLegs.length > 0) {
    const leg = seatLegs[seatLegs.length - 1]!;
    waitSeconds = round((leg.end_at ?? leg.start_at) - leg.start_at);
  }

  const outcome = outcomeOf({
    cutOff: rows.some((r) => r.disposition === LOST),
    answered,
    afterHours: rows.some((r) => r.afterhours === '1'),
    overflow: evs.some((e) => e.event === 'EXITWITHTIMEOUT' || e.event === 'EXITEMPTY'),
    voicemail: rows.some((r) => r.lastapp === 'VoiceMail'),
    queued: entered.length > 0,
    seatRang: seatLegs.some((r) => r.disposition === 'NO ANSWER'),
    inIvr: ivrPath !== '' || rows.some((r) => r.lastapp === 'Stasis'),
  });

  const recording = lastNonEmpty((r) => r.recording);
  return {
    linkedid,
    direction: directionOf(did, origin, rows),
    caller: origin.src,
    did,
    enteredAt,
    endedAt,
    ivrPath,
    queueId,
    waitSeconds,
    agent,
    talkSeconds,
    holdSeconds: holdSeconds(holds, rows, agent, enteredAt, endedAt),
    transfers: evs.filter((e) => TRANSFERS.has(e.event)).length,
    outcome,
    recording: answered && isRecordingPath(recording) ? recording : '',
  };
}

function outcomeOf(f: {
  cutOff: boolean;
  answered: boolean;
  afterHours: boolean;
  overflow: boolean;
  voicemail: boolean;
  queued: boolean;
  seatRang: boolean;
  inIvr: boolean;
}): Outcome {
  if (f.cutOff) return 'cut_off';
  if (f.answered) return 'answered';
  if (f.afterHours) return 'after_hours';
  if (f.overflow) return 'overflow';
  if (f.voicemail) return 'voicemail';
  if (f.queued) return 'abandoned_queue';
  if (f.seatRang) return 'missed';
  if (f.inIvr) return 'abandoned_ivr';
  return 'failed';
}

/** Inbound calls carry the DID the route set; a seat calling a seat is internal; the rest went out. */
function directionOf(did: string, origin: CdrForCall, rows: CdrForCall[]): Direction {
  if (did !== '') return 'inbound';
  if (seatOf(origin.channel) === '') return 'inbound';
  if (rows.some((r) => seatOf(r.dstchannel) !== '' && r.dstchannel !== origin.channel)) return 'internal';
  if (rows.some((r) => r.dstchannel !== '')) return 'outbound';
  return /^[0-9]{2,8}$/.test(origin.dst) ? 'internal' : 'outbound';
}
