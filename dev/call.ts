/**
 * ./scripts/call DID [digits]: the rig's carrier (started by ./scripts/start)
 * calls the box on DID, presses `digits` once answered, stays on the line for
 * a while and reports what happened: answered, busy, no answer; how long.
 */
import { parseArgs } from 'node:util';
import { readStartState } from './call-state.js';
import { carrierCallOutcome, rigAmi } from './rig-calls.js';

const USAGE = `usage: ./scripts/call DID [digits] [--from NUMBER] [--seconds N] [--data-dir DIR]
  DID        the number the caller dials (e.g. 4008001235, the demo hotline)
  digits     DTMF sent 3 s after the box answers (an IVR choice such as 1)
  --from     the caller's number (default 13800138000)
  --seconds  how long the caller stays once answered (default 15)
  --data-dir the running ./scripts/start's data directory (default /var/lib/hotline)`;

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: 'string', default: '13800138000' },
      seconds: { type: 'string', default: '15' },
      'data-dir': { type: 'string', default: '/var/lib/hotline' },
      help: { type: 'boolean', default: false },
    },
  });
  const [did, digits = ''] = positionals;
  const seconds = Number(values.seconds);
  if (values.help || !did || positionals.length > 2) return fail(USAGE);
  // these reach the carrier's dialplan: numbers and DTMF keys only
  if (!/^\+?[0-9]{1,32}$/.test(did)) return fail(`DID must be digits: ${JSON.stringify(did)}`);
  if (!/^[0-9*#]{0,32}$/.test(digits)) return fail(`digits are 0-9, * and #: ${JSON.stringify(digits)}`);
  if (!/^\+?[0-9]{1,32}$/.test(values.from)) return fail(`--from must be digits: ${JSON.stringify(values.from)}`);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) return fail('--seconds is 1 to 3600');

  const state = readStartState(values['data-dir']);
  const ami = await rigAmi(state.carrier);
  try {
    console.log(`calling ${did} from ${values.from}${digits ? `, pressing ${digits}` : ''}…`);
    const o = await carrierCallOutcome(ami, {
      did,
      callerId: values.from,
      dtmf: digits,
      dtmfDelay: 3,
      seconds,
    });
    if (o.result === 'answered')
      console.log(`answered; the ${o.hungUpBy} hung up after ${o.seconds} s (cause ${o.cause})`);
    else console.log(o.result);
    process.exitCode = o.result === 'answered' ? 0 : 2;
  } finally {
    await ami.stop();
  }
}

function fail(message: string) {
  console.error(message);
  process.exitCode = 1;
}

main().catch((err) => {
  console.error(`call failed: ${(err as Error).message}`);
  process.exit(1);
});
