import type { CdrForCall } from '../../src/calls/rows.js';

/** The calls builder tests' clock and call: a carrier call at T, linkedid LINKED. */
export const T = 1_732_359_000;
export const LINKED = `${T}.10`;
let lastId = 0;
/** Row ids in creation order (CDRs and queue events of a test share them). */
export const nextId = () => ++lastId;

/** A CDR of the caller's channel (party A = the carrier trunk), answered by nobody unless told. */
export function cdr(over: Partial<CdrForCall> = {}): CdrForCall {
  return {
    id: nextId(),
    start_at: T,
    answer_at: null,
    end_at: T + 10,
    src: '01088886666',
    dst: '5550001',
    dcontext: 'from-trunks',
    channel: 'PJSIP/trunk-1-0000000a',
    dstchannel: '',
    lastapp: 'Hangup',
    duration: 10,
    billsec: 0,
    disposition: 'NO ANSWER',
    uniqueid: LINKED,
    linkedid: LINKED,
    sequence: 1,
    did: '5550001',
    ivrpath: '',
    recording: '',
    afterhours: '',
    ...over,
  };
}
