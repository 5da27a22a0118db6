import t from 'tap';
import { amdArgs, dialerDialplan } from '../../src/dialer/confgen.js';
import { type Campaign, CampaignCreate, CampaignSettings } from '../../src/dialer/schema.js';
import { golden } from '../support/golden.js';

const campaign = (id: number, mode: Campaign['mode'], settings: unknown = {}): Campaign => ({
  id,
  name: `活动 ${id}`,
  listId: 1,
  mode,
  state: 'stopped',
  agents: ['1001', '1002'],
  settings: CampaignSettings.parse(settings),
  createdAt: 0,
  updatedAt: 0,
});

const cfg = {
  campaigns: [
    campaign(3, 'agentless', { messagePromptId: 12, onMachine: 'message', confirmKey: '1', optOutKey: '9' }),
    campaign(1, 'progressive', { amd: { greeting: 1200, maximumNumberOfWords: 3 } }),
    campaign(2, 'predictive', { abandonPromptId: 7, amd: { enabled: false }, optOutKey: null }),
  ],
  trunks: [
    { id: 2, dialContext: 'hotline-trunk-2-dial' },
    { id: 1, dialContext: 'hotline-trunk-1-dial' },
  ],
  promptDir: '/var/lib/asterisk/sounds/hotline',
};

t.test('the campaign dialplan matches its golden file (sorted by id, AMD per campaign)', async (t) => {
  const g = golden('dialer/extensions_dialer.conf', dialerDialplan(cfg));
  t.equal(g.actual, g.expected);
});

t.test('no campaigns and no trunks still give the three shared contexts', async (t) => {
  const text = dialerDialplan({ campaigns: [], trunks: [], promptDir: '/p' });
  for (const ctx of ['[hotline-dialer-out]', '[hotline-dialer-end]', '[hotline-dialer-connect]'])
    t.ok(text.includes(ctx), ctx);
  t.notOk(text.includes('[hotline-campaign-'), 'no campaign context');
});

t.test("AMD's nine arguments come in app_amd's order", async (t) => {
  t.equal(amdArgs(CampaignSettings.parse({}).amd), '2500,1500,800,5000,100,50,2,256,5000');
});

t.test('a value that slipped past the schema stops the generator', async (t) => {
  const bad = campaign(4, 'agentless');
  (bad.settings as { optOutKey: string }).optOutKey = '9,Hangup()';
  t.throws(() => dialerDialplan({ ...cfg, campaigns: [bad] }), /unsafe value/);
  const amd = campaign(5, 'progressive');
  (amd.settings.amd as { greeting: unknown }).greeting = '1500)\nexten => s,1,System(x)';
  t.throws(() => dialerDialplan({ ...cfg, campaigns: [amd] }), /unsafe value/);
  t.throws(
    () => dialerDialplan({ ...cfg, trunks: [{ id: 1, dialContext: 'x,1(${EXTEN})' }] }),
    /unsafe value/,
  );
});

t.test('the schema refuses hostile campaign input naming the field', async (t) => {
  const base = { name: '催收', listId: 1, mode: 'progressive' };
  const refused = (body: unknown) => {
    const r = CampaignCreate.safeParse(body);
    return r.success ? null : r.error.issues[0]!.path.join('.');
  };
  t.equal(refused({ ...base, mode: 'robocall' }), 'mode');
  t.equal(refused({ ...base, agents: ['1001;Hangup'] }), 'agents.0');
  t.equal(refused({ ...base, agents: ['1001', '1001'] }), 'agents');
  t.equal(refused({ ...base, settings: { optOutKey: '${X}' } }), 'settings.optOutKey');
  t.equal(refused({ ...base, settings: { amd: { greeting: 99_999 } } }), 'settings.amd.greeting');
  t.equal(refused({ ...base, settings: { abandonTarget: 0.05 } }), 'settings.abandonTarget');
  t.equal(refused({ ...base, settings: { ringSeconds: 5 } }), 'settings.ringSeconds');
  t.equal(refused({ ...base, settings: { retry: { busy: { max: 0 } } } }), 'settings.retry.busy.max');
  t.equal(refused({ ...base, name: '客服\n一组' }), 'name');
  t.equal(refused({ ...base, name: 'x'.repeat(65) }), 'name');
  t.equal(refused(base), null, 'the defaults are a valid campaign');
});
