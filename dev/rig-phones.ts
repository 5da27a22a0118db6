/**
 * The rig's phones: an Asterisk whose SIP phones register to the box with the
 * seats' secrets and answer every call they receive. Development and tests only.
 */
import { planInstance } from './rig.js';
import { type AsteriskInstance, startInstance } from './sandbox.js';

export interface PhoneAccount {
  extension: string;
  secret: string;
}

export interface PhonesInstance extends AsteriskInstance {
  ports: { ami: number; sip: number };
  ami: { username: string; secret: string };
  /** Asterisk-side directory where phones told to play a sound record what they hear (phonesDialplan). */
  recordingsDir: string;
}

/** pjsip.conf for the phones: one registration + endpoint per seat, identified by the Contact's line parameter. */
export function phonesPjsipConf(phones: PhoneAccount[], sipPort: number, boxSipPort: number): string {
  const box = `127.0.0.1:${boxSipPort}`;
  const out = [
    '[global]',
    'type = global',
    'user_agent = HotlineRigPhone',
    '',
    '[transport-udp]',
    'type = transport',
    'protocol = udp',
    `bind = 127.0.0.1:${sipPort}`,
    '',
  ];
  for (const p of phones) {
    const id = `phone-${p.extension}`;
    out.push(
      `[${id}]`,
      'type = registration',
      'transport = transport-udp',
      `outbound_auth = ${id}`,
      `server_uri = sip:${box}`,
      `client_uri = sip:${p.extension}@${box}`,
      `contact_user = ${p.extension}`,
      'retry_interval = 1',
      'forbidden_retry_interval = 2',
      'max_retries = 100000',
      'expiration = 120',
      'line = yes',
      `endpoint = ${id}`,
      '',
      `[${id}]`,
      'type = auth',
      'auth_type = digest',
      `username = ${p.extension}`,
      `password = ${p.secret}`,
      '',
      `[${id}]`,
      'type = aor',
      `contact = sip:${p.extension}@${box}`,
      '',
      `[${id}]`,
      'type = endpoint',
      'transport = transport-udp',
      'context = phone-answers',
      'disallow = all',
      'allow = alaw,ulaw',
      // a HOLD indicated on the phone's channel goes to the box as a sendonly re-INVITE (see phone-holds)
      'moh_passthrough = yes',
      `outbound_auth = ${id}`,
      `aors = ${id}`,
      `from_user = ${p.extension}`,
      `callerid = <${p.extension}>`,
      '',
    );
  }
  return out.join('\n');
}

/**
 * The phones' dialplan. A phone answers and echoes what it hears (after a
 * hold when the global HOLD_<extension> asks for one, see phone-holds), unless the
 * global PLAY_<extension> (AMI Setvar without a channel) names a sound (its
 * path inside the instance, without extension): then it plays that sound on
 * a loop, like a person talking, and with REC_<extension> set it records what
 * it hears alone into <recordingsDir>/<REC_<extension>>-heard.wav.
 */
export function phonesDialplan(recordingsDir: string): string {
  return `[general]
static = yes

; A phone that auto-answers and plays audio back (so media flows both ways).
[phone-answers]
exten => _X.,1,GotoIf($["\${PLAY_\${EXTEN}}" != ""]?phone-plays,\${EXTEN},1)
 same => n,GotoIf($["\${HOLD_\${EXTEN}}" != ""]?phone-holds,\${EXTEN},1)
 same => n,Answer()
 same => n,Echo()
 same => n,Hangup()

[phone-plays]
exten => _X.,1,Answer()
 same => n,Set(REC=\${REC_\${EXTEN}})
 same => n,ExecIf($["\${REC}" != ""]?MixMonitor(${recordingsDir}/\${REC}.wav,r(${recordingsDir}/\${REC}-heard.wav)))
 same => n(loop),Playback(\${PLAY_\${EXTEN}})
 same => n,Goto(loop)

; A phone whose person puts the call on hold: with the global HOLD_<extension> = <seconds> it answers,
; talks for 2 seconds, holds for <seconds> and resumes (then echoes). BridgeWait's hold
; entertainment (e(h)) indicates HOLD on entering and UNHOLD on leaving; with moh_passthrough the phone's
; channel sends both to the box as re-INVITEs (sendonly, then sendrecv), as a desk phone's hold key does.
[phone-holds]
exten => _X.,1,Answer()
 same => n,Wait(2)
 same => n,BridgeWait(hold-\${EXTEN},participant,e(h)S(\${HOLD_\${EXTEN}}))
 same => n,Echo()
 same => n,Hangup()

; The calling side of a test call: talk for TALK_SECONDS, then hang up.
[phone-talks]
exten => s,1,Wait(\${TALK_SECONDS})
 same => n,Hangup()
`;
}

export async function startPhones(opts: {
  root: string;
  runId: string;
  boxSipPort: number;
  phones: PhoneAccount[];
  name?: string;
}): Promise<PhonesInstance> {
  const name = opts.name ?? 'phones';
  const plan = await planInstance({ root: opts.root, runId: opts.runId, name, user: 'rig' });
  const { files, ports, ami } = plan;
  const sip = ports.sip;
  const recordingsDir = `${plan.dirs.inside}/rec`;
  files.set('pjsip.conf', phonesPjsipConf(opts.phones, sip, opts.boxSipPort));
  files.set('extensions.conf', phonesDialplan(recordingsDir));
  files.set('cdr.conf', '[general]\nenable = no\n');
  // the CLI's `channel originate` helps when poking at the rig by hand
  files.set(
    'modules.conf',
    `${files.get('modules.conf')}load => res_clioriginate.so\nload => app_mixmonitor.so\nload => app_bridgewait.so\n`,
  );
  const inst = await startInstance({ root: opts.root, runId: opts.runId, name, files });
  return Object.assign(inst, { ports: { ami: ports.ami, sip }, ami, recordingsDir });
}
