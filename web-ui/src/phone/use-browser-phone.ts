import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRTCSessionEvent, OutgoingRTCSessionEvent } from 'jssip/lib/UA';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { DeskCredentials } from '../../../src/webrtc/credentials';
import { ApiError, get } from '../api/client';
import { initialPhone, nextPhone, type PhoneState } from './phone-state';

export type { DeskCredentials };

/** DTMF keys the pad sends. */
export const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

export interface BrowserPhone {
  state: PhoneState;
  /** The seat's credentials once fetched (extension, display name, websocket URL). */
  credentials: DeskCredentials | null;
  /** Where the browser accepts the box's certificate: the websocket's origin over https. */
  httpsOrigin: string | null;
  /** Give this to an <audio autoPlay> element: the other party's voice plays there. */
  audioRef: React.RefObject<HTMLAudioElement | null>;
  answer(): void;
  hangup(): void;
  hold(on: boolean): void;
  mute(on: boolean): void;
  sendDtmf(key: string): void;
  call(number: string): void;
  /** Fetch the credentials and register again (after accepting the certificate). */
  restart(): void;
}

/** Audio only: the desk never sends video. */
const MEDIA: MediaStreamConstraints = { audio: true, video: false };

/**
 * Chromium waits for ICE gathering to finish before JsSIP sends its offer or
 * answer; with an unreachable interface that can take 10–40 s. Every
 * candidate event carries JsSIP's `ready()`: once `ms` have passed since the
 * gathering's first candidate, the offer goes with what is there (on the
 * box's LAN the host candidates arrive within milliseconds).
 */
function boundIceGathering(session: RTCSession, ms: number) {
  let armed: (() => void) | null = null;
  session.on('icecandidate', (e) => {
    if (armed === e.ready) return;
    armed = e.ready;
    setTimeout(e.ready, ms);
  });
}

/** The other party's audio tracks as one stream for the <audio> element. */
function remoteStream(pc: RTCPeerConnection): MediaStream {
  const stream = new MediaStream();
  for (const r of pc.getReceivers()) if (r.track?.kind === 'audio') stream.addTrack(r.track);
  return stream;
}

/**
 * The agent's browser phone: fetches the signed-in user's browser seat
 * credentials, registers with JsSIP over the box's secure websocket, and
 * carries one call at a time (a second incoming call is answered busy).
 * Stops (unregisters) when the component using it unmounts.
 */
export function useBrowserPhone(): BrowserPhone {
  const [state, dispatch] = useReducer(nextPhone, initialPhone);
  const [credentials, setCredentials] = useState<DeskCredentials | null>(null);
  const [generation, setGeneration] = useState(0);
  const ua = useRef<JsSIP.UA | null>(null);
  const session = useRef<RTCSession | null>(null);
  const audioRef = useRef<HTMLAudioElement | null>(null);
  const creds = useRef<DeskCredentials | null>(null);

  const playRemote = useCallback((pc: RTCPeerConnection) => {
    const show = () => {
      const el = audioRef.current;
      if (!el) return;
      el.srcObject = remoteStream(pc);
      void el.play().catch(() => undefined);
    };
    pc.addEventListener('track', show);
    show();
  }, []);

  const adopt = useCallback(
    (s: RTCSession, ev: IncomingRTCSessionEvent | OutgoingRTCSessionEvent) => {
      const id = s.id;
      session.current = s;
      boundIceGathering(s, creds.current?.ice.gatheringTimeoutMs ?? 1000);
      if (s.connection) playRemote(s.connection);
      else s.on('peerconnection', (e) => playRemote(e.peerconnection));
      s.on('confirmed', () => {
        if (s.connection) playRemote(s.connection);
        dispatch({ type: 'confirmed', id, at: Date.now() });
      });
      const ended = (e: { cause?: string }) => {
        if (session.current === s) session.current = null;
        if (audioRef.current) audioRef.current.srcObject = null;
        dispatch({ type: 'ended', id, cause: e.cause ?? '' });
      };
      s.on('ended', ended);
      s.on('failed', ended);
      s.on('hold', () => dispatch({ type: 'hold', id, held: true }));
      s.on('unhold', () => dispatch({ type: 'hold', id, held: false }));
      s.on('muted', () => dispatch({ type: 'mute', id, muted: true }));
      s.on('unmuted', () => dispatch({ type: 'mute', id, muted: false }));
      if (ev.originator === 'remote') {
        const from = s.remote_identity;
        dispatch({ type: 'incoming', id, number: from.uri.user ?? '', name: from.display_name ?? '' });
      } else {
        dispatch({ type: 'outgoing', id, number: s.remote_identity.uri.user ?? '' });
      }
    },
    [playRemote],
  );

  // (re)start: fetch the credentials, then register; stop on unmount or restart
  useEffect(() => {
    void generation;
    let stopped = false;
    dispatch({ type: 'start' });
    get<DeskCredentials>('/webrtc/credentials').then(
      (c) => {
        if (stopped) return;
        creds.current = c;
        setCredentials(c);
        const agent = new JsSIP.UA({
          sockets: [new JsSIP.WebSocketInterface(c.wsUrl)],
          uri: c.sipUri,
          authorization_user: c.authorizationUser,
          password: c.password,
          display_name: c.displayName,
          register_expires: c.registerExpires,
          session_timers: false,
          user_agent: 'Hotline desk',
        });
        ua.current = agent;
        agent.on('connected', () => dispatch({ type: 'connected' }));
        agent.on('disconnected', () => dispatch({ type: 'disconnected' }));
        agent.on('registered', () => dispatch({ type: 'registered' }));
        agent.on('unregistered', () => dispatch({ type: 'unregistered' }));
        agent.on('registrationFailed', (e) =>
          dispatch({
            type: 'registration-failed',
            auth: e.cause === JsSIP.C.causes.AUTHENTICATION_ERROR || e.cause === JsSIP.C.causes.REJECTED,
          }),
        );
        agent.on('newRTCSession', (e: IncomingRTCSessionEvent | OutgoingRTCSessionEvent) => {
          if (e.originator === 'remote' && session.current) {
            e.session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
            return;
          }
          adopt(e.session, e);
        });
        agent.start();
      },
      (err: unknown) => {
        if (stopped) return;
        const noSeat = err instanceof ApiError && (err.status === 404 || err.status === 403);
        dispatch({ type: 'failed', reason: noSeat ? 'no-seat' : 'credentials' });
      },
    );
    return () => {
      stopped = true;
      session.current?.terminate();
      session.current = null;
      ua.current?.stop();
      ua.current = null;
    };
  }, [generation, adopt]);

  const options = () => ({
    mediaConstraints: MEDIA,
    pcConfig: {
      iceServers: creds.current?.ice.servers ?? [],
      rtcpMuxPolicy: 'require' as const,
      bundlePolicy: 'max-bundle' as const,
    },
  });

  const with_ = (fn: (s: RTCSession) => void) => () => {
    if (session.current) fn(session.current);
  };

  return {
    state,
    credentials,
    httpsOrigin: credentials ? credentials.wsUrl.replace(/^wss:/, 'https:').replace(/\/ws$/, '/') : null,
    audioRef,
    answer: with_((s) => {
      if (s.direction === 'incoming' && !s.isEstablished()) s.answer(options());
    }),
    hangup: with_((s) => s.terminate()),
    hold: (on: boolean) => with_((s) => (on ? s.hold() : s.unhold()))(),
    mute: (on: boolean) => with_((s) => (on ? s.mute({ audio: true }) : s.unmute({ audio: true })))(),
    // RFC 4733 events in the RTP stream (Asterisk's default dtmf_mode for the seat)
    sendDtmf: (key: string) =>
      with_((s) => s.sendDTMF(key, { transportType: JsSIP.C.DTMF_TRANSPORT.RFC2833, duration: 160 }))(),
    call: (number: string) => {
      const agent = ua.current;
      const c = creds.current;
      if (!agent || !c || session.current) return;
      const host = new URL(c.sipUri.replace(/^sip:/, 'sip://')).host;
      agent.call(`sip:${number}@${host}`, options());
    },
    restart: () => setGeneration((g) => g + 1),
  };
}
