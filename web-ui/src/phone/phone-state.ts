/**
 * The browser phone as a state machine: registration and the one call it
 * carries. Pure (no JsSIP, no React) so the hook stays a thin shell that
 * turns user-agent events into `PhoneEvent`s.
 */

export type Registration = 'unregistered' | 'registering' | 'registered' | 'error';

/**
 * Why the phone is not registered:
 * - `no-seat`: the signed-in user has no enabled browser seat (credentials 404);
 * - `credentials`: the credentials could not be fetched (network, server);
 * - `certificate`: the SIP websocket never opened, which on the box's own
 *   self-signed certificate almost always means the browser has not accepted it yet;
 * - `network`: the websocket was open once and dropped (the phone reconnects by itself);
 * - `auth`: Asterisk refused the REGISTER (the seat's secret changed).
 */
export type ErrorReason = 'no-seat' | 'credentials' | 'certificate' | 'network' | 'auth';

export type CallStage = 'ringing' | 'calling' | 'talking';

export interface PhoneCall {
  id: string;
  direction: 'incoming' | 'outgoing';
  /** The other party: caller on an incoming call, the number dialled on an outgoing one. */
  number: string;
  name: string;
  stage: CallStage;
  held: boolean;
  muted: boolean;
  answeredAt: number | null;
}

export interface PhoneState {
  registration: Registration;
  reason: ErrorReason | null;
  /** Set once the websocket has opened: a later drop is the network, not the certificate. */
  connectedOnce: boolean;
  call: PhoneCall | null;
  /** How the last call ended (JsSIP's cause, e.g. "Canceled", "Busy"), until the next call. */
  lastEnd: string | null;
}

export type PhoneEvent =
  | { type: 'start' }
  | { type: 'failed'; reason: ErrorReason }
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'registered' }
  | { type: 'unregistered' }
  | { type: 'registration-failed'; auth: boolean }
  | { type: 'incoming'; id: string; number: string; name: string }
  | { type: 'outgoing'; id: string; number: string }
  | { type: 'confirmed'; id: string; at: number }
  | { type: 'ended'; id: string; cause: string }
  | { type: 'hold'; id: string; held: boolean }
  | { type: 'mute'; id: string; muted: boolean };

export const initialPhone: PhoneState = {
  registration: 'unregistered',
  reason: null,
  connectedOnce: false,
  call: null,
  lastEnd: null,
};

const onCall = (s: PhoneState, id: string, patch: Partial<PhoneCall>): PhoneState =>
  s.call?.id === id ? { ...s, call: { ...s.call, ...patch } } : s;

export function nextPhone(s: PhoneState, e: PhoneEvent): PhoneState {
  switch (e.type) {
    case 'start':
      return { ...initialPhone, registration: 'registering' };
    case 'failed':
      return { ...s, registration: 'error', reason: e.reason };
    case 'connected':
      return { ...s, connectedOnce: true, reason: null };
    case 'disconnected':
      // JsSIP retries by itself: registering again, with the reason shown meanwhile
      return {
        ...s,
        registration: 'error',
        reason: s.connectedOnce ? 'network' : 'certificate',
      };
    case 'registered':
      return { ...s, registration: 'registered', reason: null };
    case 'unregistered':
      return s.registration === 'error' ? s : { ...s, registration: 'unregistered' };
    case 'registration-failed':
      return {
        ...s,
        registration: 'error',
        reason: e.auth ? 'auth' : s.connectedOnce ? 'network' : 'certificate',
      };
    case 'incoming':
    case 'outgoing':
      return {
        ...s,
        lastEnd: null,
        call: {
          id: e.id,
          direction: e.type,
          number: e.number,
          name: e.type === 'incoming' ? e.name : '',
          stage: e.type === 'incoming' ? 'ringing' : 'calling',
          held: false,
          muted: false,
          answeredAt: null,
        },
      };
    case 'confirmed':
      return onCall(s, e.id, { stage: 'talking', answeredAt: e.at });
    case 'ended':
      return s.call?.id === e.id ? { ...s, call: null, lastEnd: e.cause } : s;
    case 'hold':
      return onCall(s, e.id, { held: e.held });
    case 'mute':
      return onCall(s, e.id, { muted: e.muted });
  }
}
