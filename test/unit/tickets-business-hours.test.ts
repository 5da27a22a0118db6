import t from 'tap';
import type { ScheduleRules } from '../../src/schedules/schema.js';
import { addBusinessHours } from '../../src/tickets/business-hours.js';

const workday = ['09:00-12:00', '13:00-18:00'];
/** A Shanghai office: 8 hours a weekday with a lunch break; 国庆 off; Saturday 10 October a 调休 workday. */
const office: ScheduleRules = {
  id: 1,
  timeZone: 'Asia/Shanghai',
  weekly: { mon: workday, tue: workday, wed: workday, thu: workday, fri: workday, sat: [], sun: [] },
  closedDates: [
    { date: '2026-10-01', name: '国庆节' },
    { date: '2026-10-02', name: '国庆节' },
  ],
  openDates: [{ date: '2026-10-10', name: '国庆调休' }],
};
/** Shanghai local time (UTC+8, no DST) as an instant. */
const sh = (local: string) => new Date(`${local}:00+08:00`);
const due = (start: string, hours: number, s: ScheduleRules | null = office) =>
  addBusinessHours(s, sh(start), hours)?.toISOString();

t.test('hours inside one working day, across the lunch break', async (t) => {
  t.equal(due('2026-11-30T10:00', 2), sh('2026-11-30T12:00').toISOString(), 'ends as the morning ends');
  t.equal(due('2026-11-30T11:00', 2), sh('2026-11-30T14:00').toISOString(), 'lunch does not count');
  t.equal(due('2026-11-30T10:15', 0.5), sh('2026-11-30T10:45').toISOString(), 'half an hour');
});

t.test('hours across a night continue the next morning', async (t) => {
  t.equal(due('2026-11-30T17:00', 2), sh('2026-12-01T10:00').toISOString());
  t.equal(due('2026-11-30T22:30', 1), sh('2026-12-01T10:00').toISOString(), 'a ticket opened at night');
  t.equal(due('2026-11-30T09:00', 8), sh('2026-11-30T18:00').toISOString(), 'a full day');
  t.equal(due('2026-11-30T09:00', 24), sh('2026-12-02T18:00').toISOString(), 'three days of 8 hours');
});

t.test('a weekend does not count', async (t) => {
  t.equal(due('2026-11-27T17:00', 2), sh('2026-11-30T10:00').toISOString(), 'Friday evening to Monday');
  t.equal(due('2026-11-28T11:00', 1), sh('2026-11-30T10:00').toISOString(), 'opened on a Saturday');
});

t.test('a holiday is skipped and a 调休 Saturday counts', async (t) => {
  t.equal(
    due('2026-09-30T17:00', 2),
    sh('2026-10-05T10:00').toISOString(),
    'Wednesday evening: Thursday and Friday are 国庆, then the weekend',
  );
  t.equal(
    due('2026-10-09T17:00', 2),
    sh('2026-10-10T10:00').toISOString(),
    'Friday evening to the 调休 Saturday',
  );
  const ownHours: ScheduleRules = {
    ...office,
    openDates: [{ date: '2026-10-10', name: '调休', hours: ['14:00-16:00'] }],
  };
  t.equal(
    due('2026-10-09T17:00', 2, ownHours),
    sh('2026-10-10T15:00').toISOString(),
    'a make-up workday with its own hours',
  );
});

t.test('without a schedule every hour counts; a schedule never open gives no due time', async (t) => {
  t.equal(due('2026-11-28T23:00', 4, null), sh('2026-11-29T03:00').toISOString());
  const never: ScheduleRules = {
    ...office,
    weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    openDates: [],
  };
  t.equal(due('2026-11-30T10:00', 1, never), undefined);
});

t.test('a zone with daylight saving time counts local hours', async (t) => {
  const daily = ['09:00-17:00'];
  const berlin: ScheduleRules = {
    id: 2,
    timeZone: 'Europe/Berlin',
    weekly: { mon: daily, tue: daily, wed: daily, thu: daily, fri: daily, sat: daily, sun: daily },
    closedDates: [],
    openDates: [],
  };
  // Saturday 28 March 2026 16:00 CET (+1); clocks go forward that night
  const at = addBusinessHours(berlin, new Date('2026-03-28T15:00:00Z'), 2);
  t.equal(at?.toISOString(), '2026-03-29T08:00:00.000Z', 'Sunday 10:00 CEST (+2)');
});
