import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { BASE_CONFIG_DIR } from '../../src/asterisk/base-config.js';
import { renderExtension } from '../../src/destinations/compile.js';
import {
  ON_DEMAND_CODE,
  ON_DEMAND_FEATURE,
  RECORD_START_CONTEXT,
  recordingSteps,
} from '../../src/dialplan/recording.js';
import { SEAT_RECORDING_CONTEXT } from '../../src/seats/confgen.js';
import { SeatCreate } from '../../src/seats/schema.js';

const base = (f: string) => readFileSync(path.join(BASE_CONFIG_DIR, f), 'utf8');

t.test('recording steps per policy', async (t) => {
  t.same(recordingSteps('always'), [{ app: 'Gosub(hotline-record-start,s,1)' }]);
  t.same(recordingSteps('never'), []);
  t.same(recordingSteps('on_demand'), [
    {
      app: 'Set(__DYNAMIC_FEATURES=${IF($["${DYNAMIC_FEATURES}" = ""]?hotline-record:${DYNAMIC_FEATURES}#hotline-record)})',
    },
  ]);
  // usable as they are in a generated extension (the queue dialplan does this)
  t.same(renderExtension('s', [...recordingSteps('always'), { app: 'Queue(q1)' }]), [
    'exten => s,1,Gosub(hotline-record-start,s,1)',
    ' same => n,Queue(q1)',
  ]);
});

t.test('the base dialplan and features.conf define what the steps use', async (t) => {
  const ext = base('extensions.conf');
  t.match(ext, new RegExp(`^\\[${RECORD_START_CONTEXT}\\]$`, 'm'));
  t.match(ext, /MixMonitor\(hotline\/\$\{HOTLINE_REC\},b\)/, 'bridged audio only, under monitor/hotline');
  t.match(
    ext,
    /Set\(HOTLINE_REC=\$\{STRFTIME\(\$\{EPOCH\},,%Y%m%d\)\}\/\$\{CHANNEL\(linkedid\)\}-\$\{UNIQUEID\}\.wav\)/,
  );
  t.match(ext, /Set\(CDR\(recording\)=\$\{HOTLINE_REC\}\)/);
  t.match(
    ext,
    new RegExp(`DIALPLAN_EXISTS\\(${SEAT_RECORDING_CONTEXT},\\$\\{ARG1\\},1\\)`),
    'seat calls run the policy',
  );
  t.match(ext, /^\[hotline-record-on-demand\]$/m);
  t.match(ext, /GotoIf\(\$\["\$\{HOTLINE_SEAT\}" = ""\]\?done\)/, 'only a seat may start it');
  const features = base('features.conf');
  t.match(
    features,
    new RegExp(
      `^${ON_DEMAND_FEATURE} => \\${ON_DEMAND_CODE},self,Gosub\\(hotline-record-on-demand,s,1\\)$`,
      'm',
    ),
  );
  t.match(
    base('cdr_sqlite3_custom.conf'),
    /did\(uservar\), ivrpath\(uservar\), recording\(uservar\), afterhours\(uservar\)/,
  );
});

t.test('a seat’s recording policy is validated: only the three values', async (t) => {
  t.equal(SeatCreate.parse({ extension: '1001', name: 'a' }).recording, 'never', 'never by default');
  t.equal(SeatCreate.parse({ extension: '1001', name: 'a', recording: 'on_demand' }).recording, 'on_demand');
  for (const bad of ['sometimes', 'always\n', '${X}', '', 1, null]) {
    const r = SeatCreate.safeParse({ extension: '1001', name: 'a', recording: bad });
    t.notOk(r.success, JSON.stringify(bad));
    t.same(r.error?.issues[0]?.path, ['recording']);
  }
});
