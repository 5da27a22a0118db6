/**
 * The rig's carrier: a third Asterisk on 127.0.0.2 that plays the telephone
 * company. It calls the box's DIDs (with a caller number, optional DTMF and a
 * recording of what it hears) and answers every call the box sends out,
 * announcing each number it receives as a UserEvent. Development and tests only.
 */
import { randomSecret } from '../src/secrets.js';
import { planInstance } from './rig.js';
import { type AsteriskInstance, startInstance } from './sandbox.js';

/** Loopback address of the carrier, so the box can tell it from the phones (127.0.0.1) by IP. */
export const CARRIER_IP = '127.0.0.2';

export interface CarrierInstance extends AsteriskInstance {
  ports: { ami: number; sip: number };
  ami: { username: string; secret: string };
  /** Credentials a box trunk uses when it registers to the carrier. */
  registrar: { username: string; password: string };
  /** Asterisk-side directory of the carrier's call recordings (RECORD_FILE). */
  recordingsDir: string;
}

/**
 * Numbers the carrier answers as a campaign's callees would (any other number
 * is answered at once and echoed): `busy + '0001'` is busy, and so on.
 * `keyPresser(n, key)` is a person who presses `key` after 4 s.
 */
export const CALLEE_PLAN = {
  busy: '7770',
  noAnswer: '7771',
  machine: '7772',
  person: '7773',
} as const;
export const keyPresser = (n: number, key: string): string => `7774${String(n).padStart(3, '0')}${key}`;

export function carrierPjsipConf(
  sipPort: number,
  boxSipPort: number,
  registrar: CarrierInstance['registrar'],
): string {
  return `[global]
type = global
user_agent = HotlineRigCarrier
; a registering box is known by its username, an IP-authenticated one by its address
endpoint_identifier_order = username,ip

[transport-udp]
type = transport
protocol = udp
bind = ${CARRIER_IP}:${sipPort}

; The box as an IP peer: calls to the box go to its SIP port, calls from 127.0.0.1 are the box.
[box]
type = endpoint
transport = transport-udp
context = carrier-answers
disallow = all
allow = alaw,ulaw
aors = box
direct_media = no

[box]
type = aor
contact = sip:127.0.0.1:${boxSipPort}

[box]
type = identify
endpoint = box
match = 127.0.0.1

; The box as a registering customer.
[${registrar.username}]
type = endpoint
transport = transport-udp
context = carrier-answers
disallow = all
allow = alaw,ulaw
auth = ${registrar.username}
aors = ${registrar.username}
direct_media = no

[${registrar.username}]
type = auth
auth_type = digest
username = ${registrar.username}
password = ${registrar.password}

[${registrar.username}]
type = aor
max_contacts = 1
remove_existing = yes
`;
}

export function carrierDialplan(recordingsDir: string): string {
  return `[general]
static = yes

; Calls the box sends out: announce the number received, then answer and echo;
; except the numbers of the callee plan (CALLEE_PLAN in rig-carrier.ts), which
; behave as the people and machines a campaign reaches, and 777<K><SS>… (ten
; digits or more: the 8-digit callee plan is more specific) a customer who
; listens: it records what it hears (<recordings>/heard-<number>.wav), presses
; key K after SS seconds, then stays 20 s (a key of 0 reaches an agent there).
[carrier-answers]
exten => _777XXX.,1,Gosub(carrier-received,s,1(\${EXTEN}))
 same => n,Answer()
 same => n,MixMonitor(${recordingsDir}/heard-\${EXTEN}.wav,r(${recordingsDir}/heard-\${EXTEN}-in.wav))
 same => n,Wait(\${EXTEN:4:2})
 same => n,SendDTMF(\${EXTEN:3:1},250)
 same => n,Wait(20)
 same => n,Hangup()
exten => _[+0-9*#].,1,Gosub(carrier-received,s,1(\${EXTEN}))
 same => n,Answer()
 same => n,Echo()
 same => n,Hangup()
; 7770xxxx: busy
exten => _7770XXXX,1,Gosub(carrier-received,s,1(\${EXTEN}))
 same => n,Busy(5)
; 7771xxxx: rings, nobody answers
exten => _7771XXXX,1,Gosub(carrier-received,s,1(\${EXTEN}))
 same => n,Ringing()
 same => n,Wait(120)
 same => n,Hangup()
; 7772xxxx: an answering machine: a long spoken greeting, the beep, then it records
exten => _7772XXXX,1,Gosub(carrier-received,s,1(\${EXTEN}))
 same => n,Ringing()
 same => n,Wait(1)
 same => n,Answer()
 same => n,Wait(0.5)
 same => n,Playback(vm-intro)
 same => n,Playback(beep)
 same => n,Wait(20)
 same => n,Hangup()
; 7773xxxx: a person: a short "hello", listens (silence) for 8 s, hangs up
; 7774xxxD: the same person presses key D after 4 s
exten => _7773XXXX,1,Gosub(carrier-received,s,1(\${EXTEN}))
 same => n,Gosub(carrier-person,s,1)
 same => n,Wait(8)
 same => n,Hangup()
exten => _7774XXXX,1,Gosub(carrier-received,s,1(\${EXTEN}))
 same => n,Gosub(carrier-person,s,1)
 same => n,Wait(4)
 same => n,SendDTMF(\${EXTEN:-1},250)
 same => n,Wait(6)
 same => n,Hangup()

; Numbers 1398888xxxx: a customer the box calls back (a queue callback), who
; presses 1 three seconds after answering to confirm, then stays on the line.
exten => _1398888XXXX,1,Gosub(carrier-received,s,1(\${EXTEN}))
 same => n,Answer()
 same => n,Wait(3)
 same => n,SendDTMF(1,250)
 same => n,Wait(60)
 same => n,Hangup()

[carrier-received]
exten => s,1,UserEvent(CarrierReceived,Number: \${ARG1},CallerID: \${CALLERID(num)},Endpoint: \${CHANNEL(endpoint)})
 same => n,Return()

[carrier-person]
exten => s,1,Ringing()
 same => n,Wait(2)
 same => n,Answer()
 same => n,Wait(0.5)
 same => n,Playback(hello)
 same => n,Return()

; The carrier's side of a call into the box: optionally record the call (both
; ways mixed, and what it hears alone in <RECORD_FILE>-heard.wav), send DTMF
; after DTMF_DELAY seconds, play TALK_FILE (a sound file's path inside the
; instance, without its extension) if given, stay TALK_SECONDS (sending music
; when TALK_AUDIO is 1, like a caller who speaks); with READ_DIGITS, then
; announce CarrierListening, read that many digits (15 s at most), announce
; them as CarrierHeard and stay 30 s more for the other side to hang up; hang up.
[carrier-talks]
exten => s,1,ExecIf($["\${RECORD_FILE}" != ""]?MixMonitor(${recordingsDir}/\${RECORD_FILE}.wav,r(${recordingsDir}/\${RECORD_FILE}-heard.wav)))
 same => n,Wait(\${IF($["\${DTMF_DELAY}" = ""]?1:\${DTMF_DELAY})})
 same => n,ExecIf($["\${DTMF}" != ""]?SendDTMF(\${DTMF},250))
 same => n,Set(TALK=\${IF($["\${TALK_SECONDS}" = ""]?3:\${TALK_SECONDS})})
 same => n,ExecIf($["\${TALK_FILE}" != ""]?Playback(\${TALK_FILE}))
 same => n,ExecIf($["\${TALK_AUDIO}" = "1"]?MusicOnHold(default,\${TALK}):Wait(\${TALK}))
 same => n,GotoIf($["\${READ_DIGITS}" = ""]?done)
 same => n,UserEvent(CarrierListening)
 same => n,Read(HEARD,,\${READ_DIGITS},,1,15)
 same => n,UserEvent(CarrierHeard,Digits: \${HEARD})
 same => n,Wait(30)
 same => n(done),Hangup()
`;
}

export async function startCarrier(opts: {
  root: string;
  runId: string;
  boxSipPort: number;
  name?: string;
}): Promise<CarrierInstance> {
  const name = opts.name ?? 'carrier';
  const plan = await planInstance({
    root: opts.root,
    runId: opts.runId,
    name,
    user: 'rig',
    sipBind: CARRIER_IP,
  });
  const { files, ports } = plan;
  const registrar = { username: 'hotline', password: randomSecret(24) };
  const recordingsDir = `${plan.dirs.inside}/rec`;
  files.set('pjsip.conf', carrierPjsipConf(ports.sip, opts.boxSipPort, registrar));
  files.set('extensions.conf', carrierDialplan(recordingsDir));
  files.set('cdr.conf', '[general]\nenable = no\n');
  files.set(
    'modules.conf',
    `${files.get('modules.conf')}load => app_mixmonitor.so\nload => app_userevent.so\nload => res_clioriginate.so\n`,
  );
  const inst = await startInstance({ root: opts.root, runId: opts.runId, name, files });
  return Object.assign(inst, {
    ports: { ami: ports.ami, sip: ports.sip },
    ami: plan.ami,
    registrar,
    recordingsDir,
  });
}
