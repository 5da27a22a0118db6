import t from 'tap';
import { cronPattern, nextRun } from '../../src/report-schedules/next-run.js';
import { schedulePeriod } from '../../src/report-schedules/render.js';
import { ScheduleCreate, ScheduleFields } from '../../src/report-schedules/schema.js';
import { startTestBox } from '../support/box.js';
import { header, PASSWORD, part, smtpServer, USER } from '../support/smtp-server.js';

const VALID = {
  name: '客服一组日报',
  report: 'queueSummary',
  period: 'yesterday',
  recipients: ['Boss@Example.com', 'boss@example.com', 'team@example.org'],
  frequency: 'daily',
  time: '08:30',
};

/** The field a refused body names (the first issue's path). */
const refused = (body: Record<string, unknown>) => {
  const r = ScheduleCreate.safeParse(body);
  return r.success ? null : String(r.error.issues[0]!.path[0]);
};

t.test('a schedule is validated field by field', async (tt) => {
  const ok = ScheduleCreate.parse(VALID);
  tt.same(ok.recipients, ['boss@example.com', 'team@example.org'], 'addresses lower-cased, once each');
  tt.match(ok, { format: 'csv', language: 'zh', weekday: null, enabled: true, filters: {} });
  tt.equal(refused({ ...VALID, frequency: 'weekly' }), 'weekday', 'weekly needs a weekday');
  tt.equal(refused({ ...VALID, weekday: 3 }), 'weekday', 'daily takes none');
  tt.equal(refused({ ...VALID, frequency: 'weekly', weekday: 8 }), 'weekday');
  tt.equal(refused({ ...VALID, frequency: 'weekly', weekday: 7 }), null, 'Sunday is 7');
  for (const time of ['24:00', '8:30', '08:60', '08:30\n', '08:30;', '${T}'])
    tt.equal(refused({ ...VALID, time }), 'time', `time ${JSON.stringify(time)}`);
  for (const recipients of [[], ['not-an-address'], ['a@b.com\nBcc: x@y.com'], 'a@b.com'])
    tt.equal(refused({ ...VALID, recipients }), 'recipients', `recipients ${JSON.stringify(recipients)}`);
  tt.equal(
    refused({ ...VALID, recipients: Array.from({ length: 21 }, (_, i) => `u${i}@example.com`) }),
    'recipients',
    'at most 20 recipients',
  );
  tt.equal(refused({ ...VALID, name: '日报\r\nBcc: x@y.com' }), 'name', 'no line break in the subject');
  tt.equal(refused({ ...VALID, name: 'x'.repeat(101) }), 'name');
  tt.equal(refused({ ...VALID, report: 'heatmap' }), 'report');
  tt.equal(refused({ ...VALID, period: 'today' }), 'period', 'only closed periods');
  tt.equal(refused({ ...VALID, format: 'pdf' }), 'format');
  tt.equal(refused({ ...VALID, filters: { agent: '1001;x' } }), 'filters');
  tt.equal(refused({ ...VALID, filters: { trunk: 1 } }), 'filters', 'unknown filter');
  tt.notOk(ScheduleCreate.safeParse({ ...VALID, extra: 1 }).success, 'unknown keys are refused');
  tt.notOk(ScheduleFields.safeParse({ ...ok, frequency: 'weekly' }).success, 'a merged update is checked');
});

t.test('the next run is the next HH:MM (or weekday) in the box-local time, strictly after', async (tt) => {
  // Wednesday 2 December 2026, 09:00 box-local
  const wed9 = new Date(2026, 11, 2, 9, 0);
  const daily = (time: string) => ({ frequency: 'daily' as const, weekday: null, time });
  const weekly = (weekday: number, time: string) => ({ frequency: 'weekly' as const, weekday, time });
  tt.equal(cronPattern(daily('08:30')), '30 8 * * *');
  tt.equal(cronPattern(weekly(7, '23:05')), '5 23 * * 0', 'Sunday is cron 0');
  tt.same(nextRun(daily('08:30'), wed9), new Date(2026, 11, 3, 8, 30), 'past today: tomorrow');
  tt.same(nextRun(daily('09:30'), wed9), new Date(2026, 11, 2, 9, 30), 'later today');
  tt.same(nextRun(daily('09:00'), wed9), new Date(2026, 11, 3, 9, 0), 'not the minute it is');
  tt.same(nextRun(weekly(1, '08:00'), wed9), new Date(2026, 11, 7, 8, 0), 'next Monday');
  tt.same(nextRun(weekly(3, '10:00'), wed9), new Date(2026, 11, 2, 10, 0), 'this Wednesday, later');
  tt.same(nextRun(weekly(3, '08:00'), wed9), new Date(2026, 11, 9, 8, 0), 'a week on');
  tt.same(nextRun(weekly(7, '00:00'), wed9), new Date(2026, 11, 6, 0, 0), 'Sunday');
  tt.same(nextRun(daily('00:00'), new Date(2026, 11, 31, 23, 59)), new Date(2027, 0, 1, 0, 0), 'new year');
});

t.test('the periods are closed, box-local days, Monday weeks and months', async (tt) => {
  const wed9 = new Date(2026, 11, 2, 9, 0);
  const sec = (...a: [number, number, number]) => new Date(...a).getTime() / 1000;
  tt.same(schedulePeriod('yesterday', wed9), { from: sec(2026, 11, 1), to: sec(2026, 11, 2) });
  tt.same(schedulePeriod('lastWeek', wed9), { from: sec(2026, 10, 23), to: sec(2026, 10, 30) });
  tt.same(schedulePeriod('lastMonth', wed9), { from: sec(2026, 10, 1), to: sec(2026, 11, 1) });
  const monday = new Date(2026, 10, 30, 0, 0);
  tt.same(schedulePeriod('lastWeek', monday), { from: sec(2026, 10, 23), to: sec(2026, 10, 30) });
});

t.test('a schedule mails its report to a real SMTP server: Chinese subject, CSV with a BOM', async (tt) => {
  const box = await startTestBox();
  tt.teardown(box.close);
  const smtp = await smtpServer(tt);
  const api = box.api;

  // before a server is set the run fails, and says why
  const created = await api.req('POST', '/api/v1/reports/schedules', VALID);
  tt.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  tt.match(created.body, { lastRunAt: null, lastResult: null, nextRunAt: /^\d{4}-/ });
  const early = await api.req('POST', `/api/v1/reports/schedules/${id}/send`);
  tt.match(early.body, { result: 'failed', error: /SMTP/ });

  const mailSettings = {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls',
    verifyCertificate: false,
    username: USER,
    password: PASSWORD,
    fromAddress: 'reports@example.com',
    fromName: '呼叫中心',
  };
  tt.equal((await api.req('PUT', '/api/v1/mail/settings', mailSettings)).status, 200);
  const sent = await api.req('POST', `/api/v1/reports/schedules/${id}/send`);
  tt.match(sent.body, { result: 'sent', error: null });
  tt.equal(smtp.received.length, 1);
  const { raw, session } = smtp.received[0]!;
  tt.same(
    session.envelope.rcptTo.map((r) => r.address),
    ['boss@example.com', 'team@example.org'],
    'one message to every recipient',
  );
  tt.match(header(raw, 'Subject'), /^客服一组日报: 队列汇总 \d{4}-\d{2}-\d{2}$/);
  tt.match(part(raw, 'text/plain'), /附件为定时报表「客服一组日报」/);
  const csv = part(raw, 'text/csv');
  tt.ok(csv.startsWith('\uFEFF队列,进线量,'), 'a UTF-8 BOM, then the Chinese header row');
  tt.match(csv, /\r\n合计,0,0,/, 'the total row of an empty day');
  tt.match(raw, /filename\*?=.*queue-summary-\d{4}-\d{2}-\d{2}\.csv/);

  const read = (await api.req('GET', `/api/v1/reports/schedules/${id}`)).body;
  tt.match(read, { lastResult: 'sent', lastError: null, lastRunAt: /^\d{4}-/ });

  // a change is checked as a whole, refused without a trace
  const weekly = await api.req('PATCH', `/api/v1/reports/schedules/${id}`, { frequency: 'weekly' });
  tt.equal(weekly.status, 400);
  tt.equal(weekly.body.error?.field, 'weekday');
  tt.equal((await api.req('GET', `/api/v1/reports/schedules/${id}`)).body.frequency, 'daily');
  const dup = await api.req('POST', '/api/v1/reports/schedules', VALID);
  tt.equal(dup.status, 409, 'names are unique');

  // XLSX in English, weekly
  const xlsx = await api.req('POST', '/api/v1/reports/schedules', {
    ...VALID,
    name: 'Agents weekly',
    report: 'agents',
    period: 'lastWeek',
    format: 'xlsx',
    language: 'en',
    frequency: 'weekly',
    weekday: 1,
    enabled: false,
  });
  tt.equal(xlsx.status, 201, JSON.stringify(xlsx.body));
  tt.equal(xlsx.body.nextRunAt, null, 'a disabled schedule does not run');
  tt.match((await api.req('POST', `/api/v1/reports/schedules/${xlsx.body.id}/send`)).body, {
    result: 'sent',
  });
  const second = smtp.received[1]!.raw;
  tt.match(header(second, 'Subject'), /^Agents weekly: Agent performance \d{4}-\d{2}-\d{2} – /);
  tt.match(second, /Content-Type:\s+application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);

  // agents may not read or set them; every change is audited
  const agent = await box.userApi('agent1', 'agent');
  tt.equal((await agent.req('GET', '/api/v1/reports/schedules')).status, 403);
  const audit = await api.req('GET', '/api/v1/audit?entity=report_schedule');
  tt.ok(audit.status === 200, JSON.stringify(audit.body).slice(0, 200));
  const actions = (audit.body.items as { action: string }[]).map((a) => a.action);
  tt.ok(actions.includes('create') && actions.includes('send'), `audited: ${actions}`);
});
