import t from 'tap';
import { addDays, asteriskTimes, schedulesDialplan } from '../../src/schedules/confgen.js';
import { evaluate, localTime } from '../../src/schedules/evaluate.js';
import { ScheduleCreate, type ScheduleRules } from '../../src/schedules/schema.js';
import { golden } from '../support/golden.js';

const WORKWEEK = ['09:00-12:00', '13:00-18:00'];
/** A Shanghai office: 调休 around National Day 2026, with a holiday outside the generated window. */
const office: ScheduleRules = {
  id: 7,
  timeZone: 'Asia/Shanghai',
  weekly: {
    mon: WORKWEEK,
    tue: WORKWEEK,
    wed: WORKWEEK,
    thu: WORKWEEK,
    fri: WORKWEEK,
    sat: ['10:00-14:00'],
    sun: [],
  },
  closedDates: [
    { date: '2026-10-01', name: '国庆节' },
    { date: '2026-10-02', name: '国庆节' },
    { date: '2026-01-01', name: '元旦 (past)' },
    { date: '2027-10-01', name: '国庆节 2027 (beyond the window)' },
  ],
  openDates: [
    { date: '2026-10-10', name: '调休' },
    { date: '2026-09-27', hours: ['09:00-17:00'] },
  ],
};
const NOW = new Date('2026-09-20T02:00:00Z');
/** Shanghai wall-clock time as an instant (UTC+8, no DST). */
const sh = (local: string) => new Date(`${local}:00+08:00`);

t.test('the schedule dialplan matches its golden file', async (t) => {
  const ny: ScheduleRules = {
    id: 8,
    timeZone: 'America/New_York',
    weekly: { mon: ['08:00-24:00'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    closedDates: [],
    openDates: [],
  };
  const g = golden('schedules/extensions_schedules.conf', schedulesDialplan([ny, office], NOW));
  t.equal(g.actual, g.expected);
});

t.test('Asterisk ranges include their end minute, so the end is written one minute early', async (t) => {
  t.equal(asteriskTimes('09:00-18:00'), '09:00-17:59');
  t.equal(asteriskTimes('00:00-24:00'), '00:00-23:59');
  t.equal(asteriskTimes('13:30-13:31'), '13:30-13:30');
});

t.test('a holiday on a weekday is closed all day', async (t) => {
  t.equal(sh('2026-10-01T10:00').getUTCDay(), 4, 'a Thursday');
  const s = evaluate(office, sh('2026-10-01T10:00'));
  t.equal(s.open, false);
  t.equal(s.reason, 'closed-date');
  t.equal(s.exception?.name, '国庆节');
});

t.test('a make-up Saturday is open on Monday hours, and closed outside them', async (t) => {
  t.equal(localTime(sh('2026-10-10T10:00'), 'Asia/Shanghai').weekday, 'sat');
  t.equal(evaluate(office, sh('2026-10-10T09:30')).open, true, 'open at 09:30 (Saturdays open at 10:00)');
  t.equal(evaluate(office, sh('2026-10-10T12:30')).open, false, 'lunch break of the Monday hours');
  t.equal(evaluate(office, sh('2026-10-10T15:00')).open, true, 'open at 15:00 (Saturdays close at 14:00)');
  t.equal(evaluate(office, sh('2026-10-10T18:00')).reason, 'open-date');
  t.equal(evaluate(office, sh('2026-09-27T16:59')).open, true, 'own hours: open until 17:00');
  t.equal(evaluate(office, sh('2026-09-27T17:00')).open, false);
});

t.test('outside weekly hours is closed; range starts are open and ends closed', async (t) => {
  const cases: [string, boolean][] = [
    ['2026-09-21T08:59', false],
    ['2026-09-21T09:00', true],
    ['2026-09-21T11:59', true],
    ['2026-09-21T12:00', false],
    ['2026-09-21T17:59', true],
    ['2026-09-21T18:00', false],
    ['2026-09-26T13:59', true],
    ['2026-09-26T14:00', false],
    ['2026-09-20T10:00', false],
  ];
  for (const [at, open] of cases)
    t.equal(evaluate(office, sh(at)).open, open, `${at} ${open ? 'open' : 'closed'}`);
});

t.test('the time zone is respected', async (t) => {
  const at = new Date('2026-09-21T01:30:00Z');
  t.equal(evaluate(office, at).open, true, '09:30 on Monday in Shanghai');
  t.same(evaluate(office, at).local, { date: '2026-09-21', weekday: 'mon', time: '09:30', minute: 570 });
  const ny = evaluate({ ...office, timeZone: 'America/New_York' }, at);
  t.equal(ny.open, false, '21:30 on Sunday in New York');
  t.equal(ny.local.weekday, 'sun');
  // across a DST change: 2026-11-02 09:30 in New York is 14:30Z (EST), not 13:30Z
  const est = { ...office, timeZone: 'America/New_York' };
  t.equal(evaluate(est, new Date('2026-11-02T14:30:00Z')).open, true);
  t.equal(evaluate(est, new Date('2026-11-02T13:30:00Z')).open, false);
});

t.test('the generated dialplan and the evaluator agree minute by minute', async (t) => {
  const text = schedulesDialplan([office], NOW);
  let disagreements = 0;
  let checked = 0;
  // every 7 minutes for 30 days: all weekdays, holidays, make-up days, range edges
  for (let ms = NOW.getTime(); ms < NOW.getTime() + 30 * 86_400_000; ms += 7 * 60_000) {
    const at = new Date(ms);
    const dialplan = interpret(text, 'hotline-schedule-7', at);
    const api = evaluate(office, at).open;
    checked++;
    if (dialplan !== api) {
      disagreements++;
      if (disagreements < 5) t.fail(`${at.toISOString()}: dialplan ${dialplan}, API ${api}`);
    }
  }
  t.equal(disagreements, 0, `${checked} instants agree`);
  // range edges exactly
  for (const at of ['2026-09-21T11:59', '2026-09-21T12:00', '2026-10-10T09:00', '2026-10-10T08:59']) {
    t.equal(interpret(text, 'hotline-schedule-7', sh(at)), evaluate(office, sh(at)).open, at);
  }
});

t.test('only exceptions within the next 300 days are generated, so no past year matches', async (t) => {
  const text = schedulesDialplan([office], NOW);
  t.notMatch(text, /closed 2026-01-01/, 'a past holiday is left out');
  t.notMatch(text, /closed 2027-10-01/, 'a holiday more than 300 days ahead is left out');
  t.match(text, /closed 2026-10-01/);
  t.match(text, `; exceptions dated 2026-09-20 to ${addDays('2026-09-20', 300)}`);
  // a year later, 2026-10-01 no longer counts, even though day and month match
  const later = schedulesDialplan([office], new Date('2027-09-25T00:00:00Z'));
  t.notMatch(later, /closed 2026-10-01/);
  t.match(later, /closed 2027-10-01/, 'the 2027 holiday is in the window now');
});

t.test('schedule input: hours, dates and zones are validated', async (t) => {
  const ok = ScheduleCreate.safeParse({
    name: '客服时间',
    timeZone: 'Asia/Shanghai',
    weekly: { mon: ['09:00-18:00'], sun: ['00:00-24:00'] },
  });
  t.ok(ok.success, 'a Chinese name, partial week and a full day are fine');
  t.same(ok.data?.weekly.tue, [], 'missing days are closed');
  const bad: [string, unknown][] = [
    ['timeZone', 'Mars/Olympus'],
    ['timeZone', 'Asia/Shanghai,1'],
    ['timeZone', 'UTC;'],
    ['weekly.mon.0', '18:00-09:00'],
    ['weekly.mon.0', '09:00-24:01'],
    ['weekly.mon.0', '9:00-18:00'],
    ['weekly.mon.0', '09:00-18:00,1'],
    ['closedDates.0.date', '2026-02-30'],
    ['closedDates.0.date', '2026-10-01\n'],
  ];
  for (const [field, value] of bad) {
    const input: Record<string, unknown> = { name: 'x' };
    if (field === 'timeZone') input.timeZone = value;
    if (field.startsWith('weekly')) input.weekly = { mon: [value] };
    if (field.startsWith('closedDates')) input.closedDates = [{ date: value, name: 'h' }];
    const r = ScheduleCreate.safeParse(input);
    t.equal(r.success, false, `${field} ${JSON.stringify(value)} refused`);
    t.equal(r.error?.issues[0]?.path.join('.'), field);
  }
});

/**
 * A small model of the generated context as Asterisk runs it: GotoIfTime
 * lines in order (pbx_timing.c semantics: inclusive minute ranges, weekday
 * lists joined by &, day of month and month names, the zone's wall clock),
 * the first match jumps to its label, falling off the end is `closed`.
 */
function interpret(text: string, context: string, at: Date): boolean {
  const start = text.indexOf(`[${context}]`);
  const end = text.indexOf('\n[', start + 1);
  const body = text.slice(start, end < 0 ? undefined : end);
  for (const m of body.matchAll(/GotoIfTime\(([^,]+),([^,]+),([^,]+),([^,]+),([^?]+)\?(\w+)\)/g)) {
    const [, times, days, mday, month, tz, label] = m as unknown as string[];
    const l = localTime(at, tz!);
    const dt = new Date(`${l.date}T00:00:00Z`);
    const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
    const timeOk =
      times === '*' || (l.minute >= minutes(times!.slice(0, 5)) && l.minute <= minutes(times!.slice(6)));
    const dayOk = days === '*' || days!.split('&').includes(l.weekday);
    const mdayOk = mday === '*' || Number(mday) === dt.getUTCDate();
    const monthOk = month === '*' || months.indexOf(month!) === dt.getUTCMonth();
    if (timeOk && dayOk && mdayOk && monthOk) return label === 'open';
  }
  return false;
}
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
