import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { loginCookie, until } from '../../dev/api-client.js';
import { startTestBox } from '../support/box.js';
import { ModemSim, type Socat, startSocat } from '../support/modem-sim.js';
import { openSse } from '../support/sse-client.js';

/** One SMS-SUBMIT PDU read field by field (TS 23.040 9.2.2.2), apart from src/sms/pdu.ts. */
function readSubmit(hex: string) {
  const b = Buffer.from(hex, 'hex');
  let i = 1 + b[0]!; // SMSC
  const first = b[i++]!;
  i++; // MR
  const digits = b[i++]!;
  const toa = b[i++]!;
  const to = b
    .subarray(i, i + Math.ceil(digits / 2))
    .toString('hex')
    .replace(/(.)(.)/g, '$2$1')
    .slice(0, digits);
  i += Math.ceil(digits / 2);
  i++; // PID
  const dcs = b[i++]!;
  i++; // VP (relative: TP-VPF 10)
  const udl = b[i++]!;
  const ud = b.subarray(i);
  const udh = first & 0x40 ? [...ud.subarray(0, ud[0]! + 1)] : [];
  const text = Buffer.from(ud.subarray(udh.length)).swap16().toString('utf16le');
  return { first, to, toa, dcs, udl, udlOk: udl === ud.length, udh, text };
}

const TEXT = '尊敬的客户您好，您的航班已变更为明天上午九点起飞，请提前两小时到达机场办理值机手续。'
  .repeat(4)
  .slice(0, 150);

t.test('SMS through a simulated modem on a pty: send, report, reply TD, unplug and back', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sms-modem-'));
  let socat: Socat = await startSocat(dir);
  let sim = await ModemSim.open(socat.simPath);
  const box = await startTestBox({
    overrides: { smsModem: { pollMs: 300, backoffMs: { min: 100, max: 400 } } },
  });
  t.teardown(async () => {
    await box.close();
    await sim.close();
    await socat.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const { api } = box;
  const modemState = () => api.get('/api/v1/sms/modem');

  const put = await api.req('PUT', '/api/v1/sms/settings', { devicePath: socat.modemPath, baud: 115200 });
  t.equal(put.status, 200, 'settings saved');
  const ready = await until('the modem ready', async () => {
    const m = await modemState();
    return m.state === 'ready' && m.registration === 'home' && m;
  });
  t.match(
    ready,
    { simReady: true, operator: 'CHINA MOBILE', signal: { csq: 23, dbm: -67 } },
    'health polled',
  );
  t.ok(sim.commands.includes('AT+CMGF=0'), 'PDU mode set');

  t.equal([...TEXT].length, 150);
  const sent = await api.req('POST', '/api/v1/sms', { to: '13800138000', text: TEXT });
  t.equal(sent.status, 202, 'accepted');
  t.match(sent.body, { parts: 3, encoding: 'ucs2' });
  await until('three PDUs at the modem', async () => sim.submitted.length === 3);
  const pdus = sim.submitted.map((s) => readSubmit(s.pdu));
  for (const [i, p] of pdus.entries()) {
    t.equal(p.first & 0x43, 0x41, `part ${i + 1} is a SUBMIT with a user data header`);
    t.equal(p.first & 0x20, 0x20, `part ${i + 1} asks for a status report`);
    t.equal(p.to, '13800138000');
    t.equal(p.dcs, 0x08, 'UCS2');
    t.ok(p.udlOk, 'UDL counts the header and the text');
    t.same([p.udh[0], p.udh[1], p.udh[2], p.udh[4], p.udh[5]], [5, 0, 3, 3, i + 1], 'UDH 05 00 03 ref 3 seq');
  }
  t.equal(new Set(pdus.map((p) => p.udh[3])).size, 1, 'one concatenation reference');
  t.same(
    pdus.map((p) => p.text.length),
    [67, 67, 16],
  );
  t.equal(pdus.map((p) => p.text).join(''), TEXT, 'the text, whole');
  await until('sent', async () => (await api.get(`/api/v1/sms/${sent.body.id}`)).status === 'sent');

  for (const s of sim.submitted.slice(0, 2)) sim.report(s.reference, '13800138000');
  sim.report(sim.submitted[2]!.reference, '13800138000');
  const delivered = await until('delivered', async () => {
    const m = await api.get(`/api/v1/sms/${sent.body.id}`);
    return m.status === 'delivered' && m;
  });
  t.ok(delivered.deliveredAt, 'delivery time kept');

  const customer = await api.post('/api/v1/customers', { name: '王先生', numbers: ['13900139000'] }, 201);
  sim.deliver('13900139000', 'TD');
  const reply = await until('the reply stored', async () => {
    const page = await api.get('/api/v1/sms?direction=in');
    return page.items[0];
  });
  t.match(reply, { number: '13900139000', text: 'TD', customerId: customer.id, status: 'received' });
  const refused = await api.req('POST', '/api/v1/sms', { to: '13900139000', text: '优惠活动' });
  t.equal(refused.status, 409, 'an opted-out number gets no more SMS');
  t.equal(refused.body.error.field, 'to');
  const dnc = await until('the do-not-call list has it', async () => {
    const r = await api.get('/api/v1/contacts/dnc/check?number=13900139000');
    return r.onList ? r.entry : null;
  });
  t.equal(dnc.source, 'sms', 'on the do-not-call list the dialer checks, from the SMS reply');

  // unplugged: the pty goes away; the live banner shows it
  await sim.close();
  await socat.stop();
  const down = await until('the modem closed', async () => {
    const m = await modemState();
    return m.state !== 'ready' && m;
  });
  const cookie = await loginCookie(box.url, box.admin.username, box.admin.password);
  t.ok(down.problem, `problem named: ${down.problem}`);
  const banners = async () => {
    const sse = await openSse(`${box.url}/api/v1/live`, { cookie });
    try {
      const snap = await sse.waitFor((e) => e.event === 'snapshot', 'snapshot');
      return JSON.parse(snap.data).banners as { code: string }[];
    } finally {
      sse.close();
    }
  };
  t.ok(
    (await banners()).some((b) => b.code === 'sms_modem_down'),
    'banner shown',
  );

  // plugged back: reopened with backoff, banner gone
  socat = await startSocat(dir);
  sim = await ModemSim.open(socat.simPath);
  await until('the modem reopened', async () => (await modemState()).state === 'ready');
  t.notOk(
    (await banners()).some((b) => b.code === 'sms_modem_down'),
    'banner gone',
  );
});
