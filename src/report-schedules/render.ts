import { Writable } from 'node:stream';
import { type ExportColumn, MEDIA_TYPE, writeExport } from '../kit/export.js';
import type { Attachment } from '../mail/index.js';
import type { AgentPerformanceReport } from '../reports/agent-performance.js';
import type { DetailFilter } from '../reports/detail-filter.js';
import { agentColumns } from '../reports/detail-routes.js';
import { distributionColumns, queueSummaryColumns, queueSummaryRows } from '../reports/export.js';
import { resolvePeriod } from '../reports/period.js';
import type { Distribution, DistributionQuery, QueueSummary, QueueSummaryQuery } from '../reports/schema.js';
import type { ScheduledReport, ScheduleFields, SchedulePeriod } from './schema.js';

/** Where the reports come from (the reports domain's service and the agent report on the reader). */
export interface ReportSource {
  queueSummary(q: QueueSummaryQuery): Promise<QueueSummary>;
  distribution(q: DistributionQuery): Promise<Distribution>;
  agents(f: DetailFilter): Promise<AgentPerformanceReport>;
}

/**
 * The schedule's period as epoch seconds [from, to) at `now`, box-local:
 * last week is Monday to Monday before this week's Monday.
 */
export function schedulePeriod(period: SchedulePeriod, now: Date): { from: number; to: number } {
  if (period !== 'lastWeek') return resolvePeriod({ period }, now);
  const thisWeek = resolvePeriod({ period: 'thisWeek' }, now);
  // half a day before this Monday is in last week, whatever a DST change did to its length
  return resolvePeriod({ period: 'thisWeek' }, new Date((thisWeek.from - 43_200) * 1000));
}

const TITLES: Record<ScheduledReport, [zh: string, en: string, file: string]> = {
  queueSummary: ['队列汇总', 'Queue summary', 'queue-summary'],
  distribution: ['时段分布', 'Distribution', 'distribution'],
  agents: ['坐席绩效', 'Agent performance', 'agents'],
};

/** The box-local date of an epoch second, YYYY-MM-DD. */
function localDate(sec: number): string {
  const d = new Date(sec * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function toBuffer<T>(s: ScheduleFields, columns: ExportColumn<T>[], rows: T[], sheet: string) {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      cb();
    },
  });
  async function* once() {
    yield rows;
  }
  await writeExport(out, { format: s.format, columns, pages: once(), sheetName: sheet });
  return Buffer.concat(chunks);
}

/** The mail of one run: subject, text and the report as a CSV or XLSX file. */
export async function renderReport(
  s: ScheduleFields,
  source: ReportSource,
  now: Date,
): Promise<{ subject: string; text: string; attachment: Attachment }> {
  const { from, to } = schedulePeriod(s.period, now);
  const en = s.language === 'en';
  const lang = s.language;
  const q = { period: 'custom' as const, from, to, ...s.filters };
  let content: Buffer;
  const [zh, english, file] = TITLES[s.report];
  const title = en ? english : zh;
  if (s.report === 'queueSummary') {
    const r = await source.queueSummary(q);
    content = await toBuffer(s, queueSummaryColumns(lang), queueSummaryRows(r, lang), title);
  } else if (s.report === 'distribution') {
    const r = await source.distribution({ ...q, interval: s.interval });
    content = await toBuffer(s, distributionColumns(lang), r.points, title);
  } else {
    const r = await source.agents({ from, to, ...s.filters });
    content = await toBuffer(s, agentColumns(lang), r.agents, title);
  }
  const first = localDate(from);
  const last = localDate(to - 1);
  const span = first === last ? first : `${first} – ${last}`;
  return {
    subject: `${s.name}: ${title} ${span}`,
    text: en
      ? `The scheduled report "${s.name}" (${title}, ${span}) is attached.\n`
      : `附件为定时报表「${s.name}」（${title}，${span}）。\n`,
    attachment: {
      filename: `${file}-${first}.${s.format}`,
      content,
      contentType: MEDIA_TYPE[s.format],
    },
  };
}
