import { type Ami, createAmi } from '../../src/asterisk/ami.js';
import type { PhonesInstance } from '../../src/asterisk/rig-phones.js';
import { until } from '../../src/dev/api-client.js';
import { createLogger } from '../../src/log.js';

/** An AMI connection to the phones instance, to place calls from its phones. */
export async function phonesAmi(phones: PhonesInstance): Promise<Ami> {
  const ami = createAmi({
    host: '127.0.0.1',
    port: phones.ports.ami,
    username: phones.ami.username,
    secret: phones.ami.secret,
    log: createLogger('silent'),
  });
  ami.start();
  await until('phones AMI', async () => ami.state === 'connected');
  return ami;
}

/** Phone `from` dials `to` through the box; once answered it talks for `seconds`, then hangs up. */
export async function placeCall(ami: Ami, from: string, to: string, seconds: number): Promise<void> {
  await ami.action('Originate', {
    Channel: `PJSIP/${to}@phone-${from}`,
    Context: 'phone-talks',
    Exten: 's',
    Priority: 1,
    Variable: `TALK_SECONDS=${seconds}`,
    Async: 'true',
    Timeout: 20000,
  });
}
