import type { reportsZh } from './reports.zh-CN';

/** English report strings; typed as the Chinese ones, so a missing or extra key fails the build. */
export const reportsEn: typeof reportsZh = {
  reports: {
    title: 'Reports',
    period: 'Period',
    range: 'Dates',
    queue: 'Queue',
    agent: 'Agent',
    did: 'DID',
    total: 'Total',
    calls: 'Calls',
    export: 'Export',
    summary: 'Queue summary',
    distribution: 'Distribution',
    heatmap: 'Busiest hours (offered calls, weekday × hour)',
    shortNote:
      'Callers who hung up within {{sec}} s are short abandons: in neither the abandons nor the service level.',
    weekdays: 'Mon,Tue,Wed,Thu,Fri,Sat,Sun',
    periods: {
      today: 'Today',
      yesterday: 'Yesterday',
      thisWeek: 'This week',
      lastMonth: 'Last month',
      custom: 'Custom',
    },
    intervals: { '15m': '15 min', '30m': '30 min', hour: 'Hour', day: 'Day', week: 'Week', month: 'Month' },
    f: {
      offered: 'Offered',
      answered: 'Answered',
      answeredWithinSl: 'Within SL',
      abandoned: 'Abandoned',
      shortAbandoned: 'Short abandons',
      overflow: 'Overflow',
      serviceLevelPct: 'Service level',
      abandonRatePct: 'Abandon rate',
      asaSec: 'ASA (s)',
      ahtSec: 'AHT, talk (s)',
      wrapUpSec: 'Wrap-up (s)',
      longestWaitSec: 'Longest wait (s)',
      transfers: 'Transfers',
    },
  },
};
