import type { ExportColumn } from '../kit/export.js';
import { localDateTime } from '../kit/local-time.js';
import type { DistributionPoint, Heatmap, QueueSummary, QueueSummaryItem, ReportFigures } from './schema.js';

type Lang = 'zh' | 'en';

/** The figures every report row shows, in the console's order; [zh, en] headers. */
const FIGURE_COLUMNS: [keyof ReportFigures, string, string][] = [
  ['offered', '进线量', 'Offered'],
  ['answered', '接通量', 'Answered'],
  ['answeredWithinSl', '服务水平内接通', 'Answered within SL'],
  ['abandoned', '放弃量', 'Abandoned'],
  ['shortAbandoned', '短时放弃', 'Short abandons'],
  ['exited', '未接离队', 'Exited'],
  ['overflow', '溢出量', 'Overflow'],
  ['serviceLevelPct', '服务水平 %', 'Service level %'],
  ['abandonRatePct', '放弃率 %', 'Abandon rate %'],
  ['asaSec', '平均应答速度 (秒)', 'ASA (s)'],
  ['ahtSec', '平均通话时长 (秒)', 'AHT, talk (s)'],
  ['holdSec', '保持合计 (秒)', 'Hold total (s)'],
  ['wrapUpSec', '话后处理合计 (秒)', 'Wrap-up total (s)'],
  ['longestWaitSec', '最长等待 (秒)', 'Longest wait (s)'],
  ['transfers', '转接量', 'Transfers'],
];

function figureColumns<T extends ReportFigures>(lang: Lang): ExportColumn<T>[] {
  return FIGURE_COLUMNS.map(([key, zh, en]) => ({
    header: lang === 'en' ? en : zh,
    value: (r: T) => r[key] as number | null,
  }));
}

/** A stamp as the box's local time, the way the call export writes it. */
const local = (isoTime: string) => localDateTime(new Date(isoTime));

export function queueSummaryColumns(lang: Lang): ExportColumn<QueueSummaryItem>[] {
  return [{ header: lang === 'en' ? 'Queue' : '队列', value: (r) => r.name }, ...figureColumns(lang)];
}

/** The queue summary's rows as exported: each queue, then the total. */
export function queueSummaryRows(r: QueueSummary, lang: Lang): QueueSummaryItem[] {
  const total = { id: 0, name: lang === 'en' ? 'Total' : '合计', serviceLevelSec: 0, wrapUpPerCallSec: 0 };
  return [...r.queues, { ...total, ...r.total }];
}

export function distributionColumns(lang: Lang): ExportColumn<DistributionPoint>[] {
  return [
    { header: lang === 'en' ? 'From' : '时段', value: (r) => local(r.start) },
    { header: lang === 'en' ? 'Calls' : '通话总数', value: (r) => r.calls },
    ...figureColumns<DistributionPoint>(lang),
  ];
}

const WEEKDAYS = {
  zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};

/** A heat map row: the weekday and its 24 hours. */
export type HeatmapRow = { day: string; hours: number[] };

export function heatmapRows(h: Heatmap, lang: Lang): HeatmapRow[] {
  return h.cells.map((hours, i) => ({ day: WEEKDAYS[lang][i]!, hours }));
}

export function heatmapColumns(lang: Lang): ExportColumn<HeatmapRow>[] {
  return [
    { header: lang === 'en' ? 'Weekday' : '星期', value: (r) => r.day },
    ...Array.from({ length: 24 }, (_, h) => ({
      header: `${String(h).padStart(2, '0')}:00`,
      value: (r: HeatmapRow) => r.hours[h]!,
    })),
  ];
}
