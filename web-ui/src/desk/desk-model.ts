import type { DeskContext } from '../../../src/desk/schema';
import type { AgentView } from '../wallboard/live-types';

/** Where the desk's current call is: ringing before the answer, talking, or over. */
export type Phase = 'ringing' | 'talking' | 'ended';

export interface DeskCall {
  /** The call's linkedid (the desk's and /api/v1/calls' call id). */
  callId: string;
  /** The screen-pop; null for a call that did not ring through a queue (click-to-call, a direct call). */
  pop: DeskContext | null;
  phase: Phase;
  answered: boolean;
}

export interface DeskState {
  agent: AgentView | null;
  call: DeskCall | null;
  /** Answered calls that ended and still wait for their wrap-up, newest first. */
  wrapUps: DeskCall[];
}

/** The desk stream's events (GET /api/v1/desk/events) and what the page does itself. */
export type DeskAction =
  | { type: 'state'; data: AgentView }
  | { type: 'ringing'; data: DeskContext }
  | { type: 'answered'; data: { callId: string } }
  | { type: 'hungup'; data: { callId: string; answered: boolean } }
  /** The wrap-up of a call was stored. */
  | { type: 'wrapped'; callId: string }
  /** The agent closed the card of a call that is over. */
  | { type: 'dismiss' }
  /** Another seat picked: start again. */
  | { type: 'reset' };

export const EMPTY: DeskState = { agent: null, call: null, wrapUps: [] };

/**
 * The desk as a pure function of its events. The stream sends them in order
 * per seat (the pop of a call before its answer); a desk that (re)connects
 * gets the agent's state and the call ringing or on now.
 */
export function deskReducer(s: DeskState, a: DeskAction): DeskState {
  switch (a.type) {
    case 'state':
      return { ...s, agent: a.data };
    case 'ringing': {
      const pop = a.data;
      if (s.call?.callId === pop.callId) return { ...s, call: { ...s.call, pop } };
      // a desk opened mid-call gets the pop of the call it is on
      const on = s.agent?.state === 'talking' && s.agent.call?.uniqueid === pop.uniqueid;
      return {
        ...s,
        call: { callId: pop.callId, pop, phase: on ? 'talking' : 'ringing', answered: on },
      };
    }
    case 'answered': {
      const { callId } = a.data;
      if (s.call?.callId === callId) return { ...s, call: { ...s.call, phase: 'talking', answered: true } };
      return { ...s, call: { callId, pop: null, phase: 'talking', answered: true } };
    }
    case 'hungup': {
      const { callId } = a.data;
      if (s.call?.callId !== callId || s.call.phase === 'ended') return s;
      const answered = s.call.answered || a.data.answered;
      // a call that only rang here (another agent took it, the caller gave up) leaves nothing to do
      if (!answered) return { ...s, call: null };
      const ended: DeskCall = { ...s.call, phase: 'ended', answered };
      return { ...s, call: ended, wrapUps: [ended, ...s.wrapUps.filter((c) => c.callId !== callId)] };
    }
    case 'wrapped':
      return {
        ...s,
        call: s.call?.callId === a.callId && s.call.phase === 'ended' ? null : s.call,
        wrapUps: s.wrapUps.filter((c) => c.callId !== a.callId),
      };
    case 'dismiss':
      return s.call?.phase === 'ended' ? { ...s, call: null } : s;
    case 'reset':
      return EMPTY;
  }
}
