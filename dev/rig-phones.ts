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
      `outbound_auth = ${id}`,
      `aors = ${id}`,
      `from_user = ${p.extension}`,
      `callerid = <${p.extension}>`,
      '',
    );
  }
  return out.join('\n');
}

const PHONES_DIALPLAN = `[general]
static = yes

; A phone that auto-answers and plays audio back (so media flows both ways).
[phone-answers]
exten => _X.,1,Answer()
 same => n,Echo()
 same => n,Hangup()

; The calling side of a test call: talk for TALK_SECONDS, then hang up.
[phone-talks]
exten => s,1,Wait(\${TALK_SECONDS})
 same => n,Hangup()
`;

export async function startPhones(opts: {
  root: string;
  runId: string;
  boxSipPort: number;
  phones: PhoneAccount[];
  name?: string;
}): Promise<PhonesInstance> {
  const name = opts.name ?? 'phones';
  const { files, ports, ami } = await planInstance({ root: opts.root, runId: opts.runId, name, user: 'rig' });
  const sip = ports.sip;
  files.set('pjsip.conf', phonesPjsipConf(opts.phones, sip, opts.boxSipPort));
  files.set('extensions.conf', PHONES_DIALPLAN);
  files.set('cdr.conf', '[general]\nenable = no\n');
  // the CLI's `channel originate` helps when poking at the rig by hand
  files.set('modules.conf', `${files.get('modules.conf')}load => res_clioriginate.so\n`);
  const inst = await startInstance({ root: opts.root, runId: opts.runId, name, files });
  return Object.assign(inst, { ports: { ami: ports.ami, sip }, ami });
}
