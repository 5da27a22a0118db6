import { assertConfigValue, banner, pjsipAuth } from '../asterisk/confgen-util.js';
import { SEAT_CALLER_MAY_TRANSFER } from '../dialplan/steps.js';
import { withoutInvisible } from '../kit/text.js';
import {
  CALLER_NUMBER,
  type CallerId,
  type E1Trunk,
  SIP_SECRET,
  SIP_USERNAME,
  type SipTrunk,
  type Trunk,
  trunkEndpoint,
} from './schema.js';

/** Inbound calls from every trunk start here (channel limit), then go on to `from-trunks`. */
export const TRUNK_IN_CONTEXT = 'hotline-trunk-in';
/** GROUP() category counting a trunk's channels, both directions. */
export const TRUNK_GROUP = 'hotline-trunk';
/** Seconds an outbound call may ring at the carrier before the route gives up. */
export const TRUNK_RING_SECONDS = 120;
const QUALIFY_SECONDS = 30;

/** The Gosub a route calls to place a call on a trunk: ARG1 is the number to send. */
export const trunkDialContext = (id: number): string => `hotline-trunk-${id}`;

const HOSTNAME_OR_IP = /^[A-Za-z0-9.-]{1,253}$/;
const DISPLAY = /^[^\u0000-\u001f\u007f"'`\\;<>$[\]{}(),|&]{1,64}$/u;

const sorted = (trunks: Trunk[]) => trunks.filter((t) => t.enabled).sort((a, b) => a.id - b.id);
const sipOnly = (trunks: Trunk[]) => sorted(trunks).filter((t): t is SipTrunk => t.kind === 'sip');

/** Where calls from an E1 trunk's channels enter (chan_dahdi `context=`): tags the call, then the gate. */
export const e1InboundContext = (id: number): string => `hotline-e1-in-${id}`;
/** Pre-dial Gosub run on an outgoing DAHDI channel: counts it against its trunk's limit. */
export const E1_TAG_CONTEXT = 'hotline-trunk-tag';

/**
 * hotline/pjsip_trunks.conf: endpoint + aor + identify per enabled trunk, and
 * auth + registration for registering ones. Pure: trunks in, text out.
 */
export function trunksPjsipConf(trunks: Trunk[]): string {
  const out = [banner('pjsip_trunks.conf')];
  for (const t of sipOnly(trunks)) out.push(...sipTrunkSections(t));
  return out.join('\n');
}

function sipTrunkSections(t: SipTrunk): string[] {
  const id = trunkEndpoint(t.id);
  const host = assertConfigValue(t.host, HOSTNAME_OR_IP);
  const port = String(t.port);
  const uriParams = t.transport === 'tcp' ? ';transport=tcp' : '';
  const registering = t.auth === 'registration';
  const username = registering ? assertConfigValue(t.username ?? '', SIP_USERNAME) : '';
  const secret = registering ? assertConfigValue(t.secret ?? '', SIP_SECRET) : '';
  const out = [
    `[${id}]`,
    'type = endpoint',
    `context = ${TRUNK_IN_CONTEXT}`,
    `transport = transport-${t.transport}`,
    'disallow = all',
    `allow = ${t.codecs.join(',')}`,
    `aors = ${id}`,
    'direct_media = no',
    'rtp_symmetric = yes',
    'force_rport = yes',
    'rewrite_contact = yes',
    // a restricted caller ID still reaches the carrier in P-Asserted-Identity (Privacy: id)
    'send_pai = yes',
    'trust_id_outbound = yes',
    `set_var = HOTLINE_TRUNK=${t.id}`,
    `set_var = HOTLINE_TRUNK_MAX=${t.maxChannels}`,
    // chan_pjsip writes set_var through dialplan functions, so every channel of
    // this trunk, inbound or outbound, is counted by GROUP_COUNT()
    `set_var = GROUP(${TRUNK_GROUP})=${t.id}`,
  ];
  if (registering) out.push(`outbound_auth = ${id}`, `from_user = ${username}`);
  out.push(
    '',
    `[${id}]`,
    'type = aor',
    `contact = sip:${host}:${port}${uriParams}`,
    `qualify_frequency = ${QUALIFY_SECONDS}`,
    'qualify_timeout = 3.0',
    '',
    // calls from the carrier's address belong to this trunk
    `[${id}]`,
    'type = identify',
    `endpoint = ${id}`,
    `match = ${host}`,
    '',
  );
  if (registering) {
    out.push(
      ...pjsipAuth(id, username, secret),
      `[${id}]`,
      'type = registration',
      `transport = transport-${t.transport}`,
      `outbound_auth = ${id}`,
      `server_uri = ${registrationServerUri(t)}`,
      `client_uri = ${registrationClientUri(t)}`,
      'retry_interval = 20',
      'forbidden_retry_interval = 60',
      'fatal_retry_interval = 60',
      'max_retries = 1000000',
      'expiration = 300',
      // the carrier's INVITEs to our registered contact carry a line parameter naming the trunk
      'line = yes',
      `endpoint = ${id}`,
      '',
    );
  }
  return out;
}

/** The URIs Asterisk repeats in its `Registry` events for this trunk. */
export const registrationServerUri = (t: SipTrunk): string =>
  `sip:${t.host}:${t.port}${t.transport === 'tcp' ? ';transport=tcp' : ''}`;
export const registrationClientUri = (t: SipTrunk): string =>
  `sip:${t.username ?? ''}@${t.host}:${t.port}${t.transport === 'tcp' ? ';transport=tcp' : ''}`;

/**
 * hotline/extensions_trunks.conf: the inbound channel-limit gate every trunk
 * call passes, and per trunk a Gosub that places an outbound call on it
 * (limit check, the trunk's caller ID unless the route set one, Dial).
 * Routes only name trunks; how a trunk dials stays here (E1 will differ).
 */
export function trunksDialplan(trunks: Trunk[]): string {
  const out = [
    banner('extensions_trunks.conf'),
    `[${TRUNK_IN_CONTEXT}]`,
    "; over the trunk's channel limit (this call included): congestion, as a full E1 would give",
    `exten => _[+0-9*#A-Za-z]!,1,GotoIf($[\${GROUP_COUNT(\${HOTLINE_TRUNK}@${TRUNK_GROUP})} > 0\${HOTLINE_TRUNK_MAX}]?full)`,
    // the request-URI may carry any character (a comma would be a Goto label): only a
    // number's go on, and a call with none (no DID) is the s extension
    ` same => n,Set(HOTLINE_IN_NUMBER=\${FILTER(0-9*#+,\${EXTEN})})`,
    ` same => n,Goto(from-trunks,\${IF($["\${HOTLINE_IN_NUMBER}" = ""]?s:\${HOTLINE_IN_NUMBER})},1)`,
    ' same => n(full),Set(CDR(userfield)=refused:trunk-limit)',
    ' same => n,Congestion(5)',
    '',
  ];
  const e1 = sorted(trunks).filter((t): t is E1Trunk => t.kind === 'e1');
  // chan_dahdi has no per-trunk set_var like PJSIP endpoints: the E1 entry and the
  // outbound pre-dial Gosub set what the gate and GROUP_COUNT() read
  if (e1.length) out.push(...e1Contexts(e1));
  for (const t of sorted(trunks)) {
    const id = String(t.id);
    out.push(
      `[${trunkDialContext(t.id)}]`,
      `; ARG1: number to send. Returns HOTLINE_TRUNK_RESULT = FULL or the DIALSTATUS.`,
      `exten => s,1,Set(HOTLINE_TRUNK_RESULT=FULL)`,
      ` same => n,GotoIf($[\${GROUP_COUNT(${id}@${TRUNK_GROUP})} >= ${t.maxChannels}]?done)`,
    );
    if (t.callerId) {
      out.push(` same => n,GotoIf($["\${HOTLINE_ROUTE_CID}" = "1"]?dial)`, ...callerIdLines(t.callerId));
    }
    out.push(
      ` same => n(dial),Dial(${dialString(t)},${TRUNK_RING_SECONDS}${dialOptions(t)})`,
      ` same => n,Set(HOTLINE_TRUNK_RESULT=\${DIALSTATUS})`,
      ' same => n(done),Return()',
      '',
    );
  }
  return out.join('\n');
}

const dialString = (t: Trunk): string =>
  t.kind === 'e1'
    ? `DAHDI/g${assertConfigValue(String(t.group), /^[0-9]{1,2}$/)}/\${ARG1}`
    : `PJSIP/\${ARG1}@${trunkEndpoint(t.id)}`;
/** E1: tag the outgoing channel before it dials; a seat calling out may transfer the call (the desk). */
const dialOptions = (t: Trunk): string =>
  `,${t.kind === 'e1' ? `b(${E1_TAG_CONTEXT}^s^1(${t.id}))` : ''}${SEAT_CALLER_MAY_TRANSFER}`;

function e1Contexts(trunks: E1Trunk[]): string[] {
  const out = [
    `[${E1_TAG_CONTEXT}]`,
    '; ARG1: trunk id. Runs on the outgoing DAHDI channel before it dials.',
    `exten => s,1,Set(GROUP(${TRUNK_GROUP})=\${ARG1})`,
    ' same => n,Return()',
    '',
  ];
  for (const t of trunks) {
    const id = String(t.id);
    out.push(
      `[${e1InboundContext(t.id)}]`,
      `exten => _[+0-9*#A-Za-z]!,1,Set(HOTLINE_TRUNK=${id})`,
      ` same => n,Set(HOTLINE_TRUNK_MAX=${assertConfigValue(String(t.maxChannels), /^[0-9]{1,2}$/)})`,
      ` same => n,Set(GROUP(${TRUNK_GROUP})=${id})`,
      ` same => n,Goto(${TRUNK_IN_CONTEXT},\${FILTER(0-9A-Za-z*#+,\${EXTEN})},1)`,
      '',
    );
  }
  return out;
}

/** Dialplan lines that present `cid` on the calling channel (a Dial copies it to the trunk). */
export function callerIdLines(cid: CallerId): string[] {
  const number = assertConfigValue(cid.number, CALLER_NUMBER);
  const name = cid.name === undefined ? '' : assertConfigValue(withoutInvisible(cid.name), DISPLAY);
  return [
    ` same => n,Set(CALLERID(num)=${number})`,
    ` same => n,Set(CALLERID(name)=${name})`,
    ` same => n,Set(CALLERID(pres)=${cid.presentation === 'restricted' ? 'prohib' : 'allowed'})`,
  ];
}
