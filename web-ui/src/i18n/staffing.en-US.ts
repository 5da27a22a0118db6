import type { staffingZh } from './staffing.zh-CN';

/** English staffing strings; typed as the Chinese ones, so a missing or extra key fails the build. */
export const staffingEn: typeof staffingZh = {
  staffing: {
    title: 'Staffing',
    dayTitle: 'Forecast and agents needed per half hour',
    whatIfTitle: 'Agents calculator (Erlang C)',
    queue: 'Queue',
    date: 'Date',
    weeks: 'Weeks sampled',
    sampled: 'Forecast from the mean of the same weekday on: {{dates}}',
    time: 'Time',
    calls: 'Calls',
    forecastCalls: 'Forecast calls',
    aht: 'Handle time (s)',
    needed: 'Agents needed',
    loggedIn: 'Logged in',
    agents: 'Agents',
    expectedSl: 'Expected service level',
    asa: 'Average speed of answer',
    occupancy: 'Occupancy',
    serviceLevelPct: 'Service-level target',
    targetSeconds: 'Answer within',
    maxOccupancyPct: 'Maximum occupancy',
    intervalMinutes: 'Interval (minutes)',
    queueDefault: "Queue's setting",
    sec: 's',
    noCalls: 'No calls forecast for this day',
  },
};
