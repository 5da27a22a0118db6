import type { phoneZh } from './phone.zh-CN';

/** English browser-phone strings; typed as the Chinese ones, so a missing or extra key fails the build. */
export const phoneEn: typeof phoneZh = {
  phone: {
    title: 'Browser phone',
    seat: 'Seat {{extension}} ({{name}})',
    status: {
      unregistered: 'Not registered',
      registering: 'Registering',
      registered: 'Registered',
      error: 'Not connected',
    },
    error: {
      'no-seat': 'Your account has no browser seat; ask an administrator.',
      credentials: 'Could not fetch the phone account; try again later.',
      certificate: 'Could not connect to the phone server.',
      network: 'The connection to the phone server dropped; reconnecting…',
      auth: 'The phone server refused the registration (wrong password); ask an administrator.',
    },
    certificate: {
      title: 'The browser does not trust this box’s certificate yet',
      why: 'The phone registers over a secure websocket (WSS). The box uses a self-signed certificate, which the browser refuses until you accept it.',
      step1: '1. Open in a new tab',
      step2:
        '2. Check that the certificate fingerprint (SHA-256) the browser shows matches this one, then proceed:',
      step3: '3. Come back here and click Retry.',
    },
    retry: 'Retry',
    stage: { ringing: 'Incoming call', calling: 'Calling', talking: 'In call' },
    held: 'on hold',
    muted: 'muted',
    answer: 'Answer',
    reject: 'Reject',
    hangup: 'Hang up',
    hold: 'Hold',
    unhold: 'Resume',
    mute: 'Mute',
    unmute: 'Unmute',
    call: 'Call',
    dialPlaceholder: 'Number',
    lastEnd: 'Last call ended: {{cause}}',
  },
};
