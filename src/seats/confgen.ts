import { assertConfigValue, banner, pjsipAuth } from '../asterisk/confgen-util.js';
import { callClassRank } from '../dialplan/call-class.js';
import { RECORDING_POLICIES, recordingSteps } from '../dialplan/recording.js';
import { SEAT_RING_SECONDS } from '../dialplan/steps.js';
import { withoutInvisible } from '../kit/text.js';
import type { Seat } from './schema.js';

/** Seat endpoints live in this context; dialling from it reaches other seats. */
export const SEATS_CONTEXT = 'from-seats';
export { SEAT_RING_SECONDS };
/** One extension per enabled seat: where a dialled seat number goes. */
export const SEATS_DIALPLAN_CONTEXT = 'hotline-seats';

/**
 * hotline/pjsip_seats.conf: one endpoint + auth + aor per enabled seat,
 * sorted by extension. Pure: seats in, text out.
 */
export function seatsPjsipConf(seats: Seat[]): string {
  const out = [banner('pjsip_seats.conf')];
  for (const s of sorted(seats)) {
    const ext = assertConfigValue(s.extension, /^[0-9]{2,8}$/);
    const name = assertConfigValue(withoutInvisible(s.name), /^[^\u0000-\u001f\u007f"\\;<>$]{1,64}$/u);
    const secret = assertConfigValue(s.secret, /^[A-Za-z0-9._~+=-]{16,64}$/);
    out.push(
      `[${ext}]`,
      'type = endpoint',
      `context = ${SEATS_CONTEXT}`,
      'disallow = all',
      ...(s.transport === 'wss' ? browserMedia() : ['allow = alaw,ulaw,gsm']),
      `auth = ${ext}`,
      `aors = ${ext}`,
      `callerid = "${name}" <${ext}>`,
      ...(s.transport === 'wss'
        ? []
        : [`transport = transport-${assertConfigValue(s.transport, /^(udp|tcp)$/)}`]),
      'direct_media = no',
      'rtp_symmetric = yes',
      'force_rport = yes',
      'rewrite_contact = yes',
      'send_pai = yes',
      `set_var = HOTLINE_SEAT=${ext}`,
      // outbound routes compare this rank with the class a number needs
      `set_var = HOTLINE_CLASS=${callClassRank(s.callClass)}`,
      ...(s.voicemail ? [`mailboxes = ${ext}@default`] : []),
      '',
      ...pjsipAuth(ext, ext, secret),
      `[${ext}]`,
      'type = aor',
      `max_contacts = ${s.maxContacts}`,
      'remove_existing = yes',
      'qualify_frequency = 30',
      '',
    );
  }
  return out.join('\n');
}

/**
 * A browser phone's media: webrtc = yes is Asterisk's shorthand for AVPF,
 * DTLS-SRTP (fingerprint verified, actpass), ICE, rtcp-mux and media on the
 * transport the offer came in on; a mismatch in any of them is one-way or
 * no audio. DTLS needs no certificate from us: browsers check the
 * fingerprint in the SDP, never a chain, so Asterisk's generated one does.
 * No transport line: the phone's websocket connection is its transport.
 */
function browserMedia(): string[] {
  return ['allow = opus,alaw,ulaw', 'webrtc = yes', 'dtls_auto_generate_cert = yes'];
}

/** The context hotline-call-seat (extensions.conf) Gosubs into for the called seat's recording policy. */
export const SEAT_RECORDING_CONTEXT = 'hotline-seat-recording';

/**
 * hotline/extensions_seats.conf: the [hotline-seats] context, one extension
 * per enabled seat, and [hotline-seat-recording], one extension per enabled
 * seat whose calls are recorded (always or on demand).
 */
export function seatsDialplan(seats: Seat[]): string {
  const out = [banner('extensions_seats.conf'), `[${SEATS_DIALPLAN_CONTEXT}]`];
  for (const s of sorted(seats)) {
    const ext = assertConfigValue(s.extension, /^[0-9]{2,8}$/);
    out.push(`exten => ${ext},1,Gosub(hotline-call-seat,s,1(${ext},${SEAT_RING_SECONDS}))`);
    // unanswered or busy: the callee's mailbox, with the matching greeting
    if (s.voicemail)
      out.push(` same => n,VoiceMail(${ext}@default,\${IF($["\${DIALSTATUS}" = "BUSY"]?b:u)})`);
    out.push(' same => n,Hangup()');
  }
  out.push('', `[${SEAT_RECORDING_CONTEXT}]`);
  for (const s of sorted(seats)) {
    const ext = assertConfigValue(s.extension, /^[0-9]{2,8}$/);
    if (!RECORDING_POLICIES.includes(s.recording)) throw new Error(`bad recording policy for seat ${ext}`);
    const steps = recordingSteps(s.recording);
    if (steps.length === 0) continue;
    out.push(`exten => ${ext},1,${steps[0]!.app}`, ...steps.slice(1).map((st) => ` same => n,${st.app}`));
    out.push(' same => n,Return()');
  }
  out.push('');
  return out.join('\n');
}

const sorted = (seats: Seat[]) =>
  seats.filter((s) => s.enabled).sort((a, b) => a.extension.localeCompare(b.extension));
